/**
 * What each timeline step may say: the parameters of every fault (declared in its own file under
 * src/faults/) and of every operator action, in scenario terms. The loader validates steps against
 * this table (unknown step, unknown or missing parameter, wrong type, bounds, reference to
 * something undeclared); the runner resolves the logical references to real ids with it.
 */
import { FAULT_CATALOGUE } from '../../faults/catalogue.js';
import type { StepParam } from '../../faults/fault.js';

export type { StepParam, StepParamKind } from '../../faults/fault.js';

const cluster = { kind: 'cluster', required: true, as: 'clusterId' } as const;
const keyStore = { kind: 'key-store', required: true, as: 'customKeyStoreId' } as const;

/** Faults, by their catalogue name: each fault's own parameter declaration (src/faults/). */
export const FAULT_STEPS: Readonly<Record<string, Readonly<Record<string, StepParam>>>> =
  Object.fromEntries([...FAULT_CATALOGUE].map(([name, fault]) => [name, fault.params]));

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
export const STEP_KEYS = ['at', 'fault', 'heal', 'action', 'call', 'expectError'] as const;
