/**
 * scenarios/: YAML (or typed) scenarios, from file to verdict. Each folder has a map of its own.
 *
 *   scenario.ts  the structure of a scenario (world, clients, timeline, workloads, load, expect)
 *   duration.ts  scenario times (`30s`, `1h30m`, integer ms) ↔ virtual milliseconds
 *   file/        parse and validate a scenario file; every problem names file, line and field
 *   run/         build the world, fire the timeline, workloads and background load in virtual time
 *   check/       expectations, the nothing-lost verification and client metrics
 *
 * Diagnosis capture for runbook reports lives beside its section, in ../report/diagnosis-capture.ts;
 * the runner hands it the simulator. Faults themselves are src/faults/; background load is src/load/.
 */
export {
  loadScenarioFile,
  loadScenarioText,
  validateScenarioObject,
  type LoadResult,
} from './file/index.js';
export { runScenario, type ScenarioResult } from './run/index.js';
export type {
  Scenario,
  WorldSpec,
  ClusterSpec,
  KeyStoreSpec,
  KeySpec,
  LimitsSpec,
  TimelineStep,
  WorkloadSpec,
  ClientSpec,
  Expectation,
  Duration,
} from './scenario.js';
