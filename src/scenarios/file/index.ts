/**
 * scenarios/file/: reading a scenario file (YAML text or a TypeScript object) and rejecting every
 * problem in it with one message naming the file, the line and the field (issue #3 "Bad input").
 * Nothing here runs anything.
 *
 *   loader.ts                  entry point: parse, then every check below, in document order
 *   parse-yaml.ts              YAML text → a value, plus the line of any field in it
 *   schema.ts                  the JSON Schema (structure, types, closed value sets, durations)
 *   schema-validator.ts        runs it: the validator `npm run build` generated into dist/
 *   schema-compiler.ts         the schema compiled by ajv: the generated module, or in process from src/
 *   schema-values.ts           closed value sets (operations, states, AZs) tied to the types
 *   schema-errors.ts           ajv errors → problems in a scenario author's words
 *   name-scope.ts              declared names (clusters, key stores, keys, clients), duplicates
 *   step-catalogue.ts          what each timeline step may say: faults' own declarations, actions
 *   scenario-reference.ts      docs/scenario-reference.md and scenario.schema.json, generated (step-reference.ts: its steps part)
 *   timeline-checks.ts         timeline steps against the step catalogue, in timeline order
 *   reference-checks.ts        world, workload and expectation references
 *   background-load-checks.ts  the `load` section (background load, src/load/)
 *   cross-field-checks.ts      rules that need more than one field
 *   duration-checks.ts         what is wrong with a malformed time
 *   problem.ts                 one problem: path, message, `file:line: path: message`
 *   did-you-mean.ts            "did you mean …?" by edit distance
 */
export {
  loadScenarioFile,
  loadScenarioText,
  validateScenarioObject,
  formatProblem,
  type LoadResult,
  type ScenarioProblem,
} from './loader.js';
export { FAULT_STEPS, ACTION_STEPS, type StepParam, type StepParamKind } from './step-catalogue.js';
