/**
 * The scenario validator that `npm run build` generates as dist/scenarios/file/scenario-validator.js
 * (ajv standalone code, schema-compiler.ts). There is no such file under src/: schema-validator.ts
 * loads it only when it runs from dist/.
 */
import type { ValidateFunction } from 'ajv';

export declare const validate: ValidateFunction;
