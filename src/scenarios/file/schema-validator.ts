/**
 * Runs the scenario schema (schema.ts) over a parsed value. From dist/ (the CLI, the package) it
 * loads the validator `npm run build` generated from the schema (scenario-validator.js), so no
 * process compiles the schema, or loads ajv's compiler, to check a file (issue 12: the compile was
 * 80-90 ms of every `kmsim run`). From src/ (the tests) there is no build output, so the same
 * validator is compiled here (schema-compiler.ts); scenario-validator.test.ts checks that the two
 * agree.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';

const fromSource = import.meta.url.endsWith('.ts');

const validate: ValidateFunction = fromSource
  ? (await import('./schema-compiler.js')).compileScenarioValidator()
  : (await import('./scenario-validator.js')).validate;

/** Structural errors of a parsed scenario (ajv's, in document order); empty when it conforms. */
export function schemaErrors(value: unknown): readonly ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
