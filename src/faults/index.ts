/**
 * faults/: one fault per file, each declared with defineFault (fault.ts): what it models (the
 * file's header cites the spec), its parameters with bounds, whether property tests may schedule
 * it, its runbook guidance, and the injector itself. catalogue.ts lists them, one line each.
 *
 * Causes: operator-disconnect, network-partition, hsm-loss, all-hsms-loss, key-material-deletion,
 * cluster-deletion, kmsuser-password-rotated, kmsuser-locked-out, kmsuser-logged-in,
 * kmsuser-missing, subnet-missing, subnet-full, slow-hsm, session-exhaustion, cluster-busy,
 * connection-reset, connection-timeout. Symptom (flagged): force-error.
 *
 * Shared by several faults: rule-scope.ts (service/operations/count/duration of request faults),
 * kmsuser-access.ts, hsm-replacement.ts, world-lookups.ts. active-faults.ts keeps what is
 * injected and heals it.
 */
export {
  FAULT_CATALOGUE,
  FAULT_NAMES,
  FAULT_RUNBOOK,
  isFaultName,
  type FaultName,
} from './catalogue.js';
export { ActiveFaults, type ActiveFault } from './active-faults.js';
export type { FaultDefinition, FaultParams } from './fault.js';
