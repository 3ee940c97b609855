/**
 * faults/: one injector per file; each file's header says what it models and what the spec says
 * must follow. Causes: operator-disconnect, network-partition, hsm-loss (+ all-hsms-loss),
 * key-material-deletion, cluster-deletion, kmsuser-faults (password rotated, locked out, logged in,
 * missing), subnet-faults (missing, full), slow-hsm, session-exhaustion, connection-faults (reset,
 * timeout). Symptom (flagged): force-error. active-faults.ts keeps what is injected and heals it.
 */
export { FAULT_CATALOGUE } from './catalogue.js';
export { ActiveFaults, type ActiveFault } from './active-faults.js';
export type { FaultInjector, FaultParams } from './fault.js';
