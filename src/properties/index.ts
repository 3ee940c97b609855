/**
 * Property-based testing of users' KMS clients (issue #6 §2-3).
 *   world-arbitrary.ts           worldArbitrary(): a cluster with 2-3 HSMs, one key store, a few keys
 *   fault-schedule-arbitrary.ts  faultScheduleArbitrary(): fault steps with matching heals (the fault model)
 *   workload-arbitrary.ts        workloadArbitrary(): open-loop KMS calls on the world's keys
 *   sdk-call-recorder.ts         records each SDK call of the client under test
 *   client-run.ts                one case: world, faults and the user's function in virtual time
 *   client-properties.ts         built-in properties and the ClientProperty contract
 *   counterexample.ts            a failing run as a replayable scenario YAML
 *   check-client.ts              checkClientUnderFaults(): fast-check over all of the above
 */
export {
  worldArbitrary,
  WORLD_CLUSTER,
  WORLD_KEY_STORE,
  type WorldArbitraryOptions,
} from './world-arbitrary.js';
export {
  faultScheduleArbitrary,
  DEFAULT_SCHEDULE_FAULTS,
  lastHealMs,
  scheduleEndMs,
  type FaultSchedule,
  type FaultScheduleOptions,
} from './fault-schedule-arbitrary.js';
export { workloadArbitrary, type WorkloadArbitraryOptions } from './workload-arbitrary.js';
export type { SdkCall } from './sdk-call-recorder.js';
export type {
  ClientCase,
  ClientContext,
  ClientFunction,
  ClientRun,
  Invocation,
  LostCiphertext,
  StepRecord,
} from './client-run.js';
export {
  COUNTEREXAMPLE_CLIENT,
  eventuallySucceedsAfterRecovery,
  neverLosesCiphertext,
  neverSurfacesRetryableError,
  staysWithinAttempts,
  type ClientProperty,
  type RecoveryOptions,
} from './client-properties.js';
export {
  counterexampleScenario,
  counterexampleYaml,
  SAVE_COUNTEREXAMPLE_ENV,
} from './counterexample.js';
export {
  checkClientUnderFaults,
  ClientPropertyError,
  type CheckClientOptions,
  type CheckClientReport,
} from './check-client.js';
