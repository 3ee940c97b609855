#!/usr/bin/env node
// The CLI lives in TypeScript under src/cli and is compiled to dist/ by `npm run build`, which then
// bundles the command's modules with rolldown into dist/bundle/ (scripts/build-cli-bundle.mjs): a
// few files instead of some 260, since Node 20 pays for every module file it loads (issue 12).
// The simulator's own SDK clients run on Node 20 by design (DEVELOPERS brief): silence the SDK's
// Node-version notice unless the user asked for it explicitly.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await import('../dist/bundle/kmsim.js');
