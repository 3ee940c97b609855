#!/usr/bin/env node
// The CLI lives in TypeScript under src/cli and is compiled to dist/ by `npm run build`.
// The simulator's own SDK clients run on Node 20 by design (DEVELOPERS brief): silence the SDK's
// Node-version notice unless the user asked for it explicitly.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await import('../dist/cli/main.js');
