#!/usr/bin/env node
// The CLI lives in TypeScript under src/cli and is compiled to dist/ by `npm run build`.
import '../dist/cli/main.js';
