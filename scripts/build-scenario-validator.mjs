// Part of `npm run build`, after tsc: writes the scenario validator as ajv standalone code into
// dist/scenarios/file/scenario-validator.js, so no kmsim process compiles the schema at run time
// (src/scenarios/file/schema-compiler.ts, schema-validator.ts; issue 12).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiler = new URL('../dist/scenarios/file/schema-compiler.js', import.meta.url);
const { scenarioValidatorModule } = await import(compiler.href);
const target = new URL('../dist/scenarios/file/scenario-validator.js', import.meta.url);
writeFileSync(target, scenarioValidatorModule());
process.stdout.write(`wrote ${fileURLToPath(target)}\n`);
