/**
 * kmsim's public API.
 *   simulator.ts  the Simulator (kernel + world + KMS + CloudHSM v2), passed explicitly
 *   sim/          deterministic kernel: clock, event queue, seeded streams, ids, trace
 *   world/        emulated AWS state: clusters, HSMs, backups, kmsuser, key stores, keys, aliases
 *   crypto/       the virtual HSM's AES-256-GCM and ciphertext format (insecure test double)
 *   kms/, cloudhsm/  the two JSON 1.1 services, one operation per file
 *   protocol/     JSON 1.1 decoding, validation, dispatch and rendering shared by both services
 *   faults/       one fault per file (defineFault); catalogue.ts lists them (FaultName)
 *   control/      out-of-band operator actions (activate-cluster, ...)
 *   transport/    in-process SDK handler, msw interception, HTTP server
 *   scenarios/    YAML scenarios: file/ (parse, validate), run/ (runner), check/ (expectations)
 *   properties/   fast-check arbitraries and checkClientUnderFaults for users' clients (issue #6)
 *   cli/          the `kmsim` command
 */
export { Simulator, type SimulatorOptions } from './simulator.js';
export { createKmsClient, createCloudHsmClient } from './transport/sdk-clients.js';
export {
  startHttpServer,
  type RunningServer,
  type HttpServerOptions,
} from './transport/http-server.js';
export type { AwsInterception, InterceptOptions } from './transport/msw-interceptor.js';
export { CONTROL_ACTION_NAMES } from './control/control-actions.js';
export { FAULT_NAMES, type FaultName } from './faults/catalogue.js';
export { DEFAULT_TIMINGS, type WorldTimings } from './world/timings.js';
/** kmsim's simulated AWS CloudHSM and manufacturer roots, to verify a cluster's HSM certificates. */
export { rootCertificates as cloudHsmRootCertificates } from './world/cluster-pki.js';
export { UNLIMITED_QUOTAS, defaultQuotaLimits, type QuotaLimits } from './world/request-quotas.js';
export { DEFAULT_CAPACITY, type CapacitySettings } from './world/hsm-capacity.js';
export {
  DEFAULT_LATENCY,
  NO_LATENCY,
  type LatencySettings,
  type LatencyDistribution,
} from './world/latency-model.js';
export { VirtualTimeDriver } from './sim/driver.js';
export { buildWorld, WorldSpecError, type BuiltWorld } from './scenarios/run/world-setup.js';
export type { SimKernel } from './sim/kernel.js';
export type { World } from './world/world.js';
export {
  runScenario,
  type ScenarioResult,
  type Scenario,
  type WorldSpec,
  type ClusterSpec,
  type KeyStoreSpec,
  type KeySpec,
  type LimitsSpec,
  type TimelineStep,
  type WorkloadSpec,
  type ClientSpec,
  type Expectation,
  type Duration,
  loadScenarioFile,
  loadScenarioText,
  validateScenarioObject,
  type LoadResult,
} from './scenarios/index.js';
export * from './properties/index.js';
export { KMS_ERROR_NAMES, type KmsErrorName } from './kms/errors.js';
