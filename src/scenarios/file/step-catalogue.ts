/**
 * What each timeline step may say: the parameters of every fault (src/faults/) and operator action
 * in scenario terms. The loader validates steps against this table (unknown step, unknown or
 * missing parameter, wrong type, reference to something undeclared); the runner resolves the
 * logical references to real ids with it.
 */
export type StepParamKind =
  /** A cluster declared in world.clusters or created by an earlier step. */
  | 'cluster'
  | 'key-store'
  | 'key'
  /** An Availability Zone letter or name of the step's cluster. */
  | 'az'
  /** A new logical name this step declares (a cluster or key). */
  | 'new-cluster'
  | 'new-key'
  | 'duration'
  | 'number'
  | 'string'
  | 'string-list'
  | 'az-list';

export interface StepParam {
  readonly kind: StepParamKind;
  readonly required: boolean;
  /** The fault parameter this resolves to (e.g. cluster → clusterId). */
  readonly as?: string;
}

const cluster = { kind: 'cluster', required: true, as: 'clusterId' } as const;
const keyStore = { kind: 'key-store', required: true, as: 'customKeyStoreId' } as const;
const scope = {
  service: { kind: 'string', required: false },
  operations: { kind: 'string-list', required: false },
  count: { kind: 'number', required: false },
  duration: { kind: 'duration', required: false, as: 'durationMs' },
} as const;

/** Faults, by their catalogue name (src/faults/catalogue.ts). */
export const FAULT_STEPS: Readonly<Record<string, Readonly<Record<string, StepParam>>>> = {
  'operator-disconnect': { keyStore },
  'network-partition': { cluster },
  'hsm-loss': { cluster, az: { kind: 'az', required: false, as: 'hsmId' } },
  'all-hsms-loss': { cluster },
  'key-material-deletion': { key: { kind: 'key', required: true, as: 'keyId' } },
  'cluster-deletion': { cluster },
  'kmsuser-password-rotated': { cluster, password: { kind: 'string', required: false } },
  'kmsuser-locked-out': { cluster },
  'kmsuser-logged-in': { cluster },
  'kmsuser-missing': { cluster },
  'subnet-missing': {
    cluster: { kind: 'cluster', required: true },
    az: { kind: 'az', required: true, as: 'subnetId' },
  },
  'subnet-full': {
    cluster: { kind: 'cluster', required: true },
    az: { kind: 'az', required: true, as: 'subnetId' },
  },
  'slow-hsm': { cluster, latency: { kind: 'duration', required: true, as: 'latencyMs' } },
  'session-exhaustion': { cluster, count: { kind: 'number', required: false } },
  'cluster-busy': { cluster, rps: { kind: 'number', required: true } },
  'connection-reset': scope,
  'connection-timeout': {
    ...scope,
    timeout: { kind: 'duration', required: false, as: 'timeoutMs' },
  },
  'force-error': {
    ...scope,
    exception: { kind: 'string', required: true },
    message: { kind: 'string', required: false },
  },
};

/** Operator actions: what an operator does through the AWS APIs (run with the operator's SDK clients). */
export const ACTION_STEPS: Readonly<Record<string, Readonly<Record<string, StepParam>>>> = {
  'connect-key-store': { keyStore },
  'disconnect-key-store': { keyStore },
  /** `password: cluster-current` tells KMS kmsuser's current password in the cluster (RB-3 INVALID_CREDENTIALS). */
  'update-key-store': {
    keyStore,
    cluster: { kind: 'cluster', required: false },
    password: { kind: 'string', required: false },
    newName: { kind: 'string', required: false },
  },
  'create-hsm': { cluster, az: { kind: 'az', required: true } },
  'delete-hsm': { cluster, az: { kind: 'az', required: true } },
  /** CreateCluster from the newest READY backup of `from` (or the one taken before `beforeKey` existed), then CreateHsm in each AZ. */
  'create-cluster-from-backup': {
    name: { kind: 'new-cluster', required: true },
    from: { kind: 'cluster', required: true },
    beforeKey: { kind: 'key', required: false },
    hsms: { kind: 'az-list', required: true },
  },
  'set-kmsuser-password': { cluster, password: { kind: 'string', required: true } },
  'create-key': {
    name: { kind: 'new-key', required: true },
    keyStore: { kind: 'key-store', required: false },
  },
  'enable-key': { key: { kind: 'key', required: true } },
  'disable-key': { key: { kind: 'key', required: true } },
  'schedule-key-deletion': {
    key: { kind: 'key', required: true },
    days: { kind: 'number', required: false },
  },
  'cancel-key-deletion': { key: { kind: 'key', required: true } },
};

/** Keys every step has besides its parameters. */
export const STEP_KEYS = ['at', 'fault', 'heal', 'action', 'expectError'] as const;
