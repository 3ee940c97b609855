/**
 * Closed value sets a scenario may use, kept in step with the types they mirror by `satisfies`, so
 * a typo such as `state: CONECTED` is caught on load instead of failing the run (issue #3 §3).
 */
import type { ConnectionErrorCode, ConnectionState } from '../../world/custom-key-store.js';
import type { KeyState } from '../../world/kms-key.js';
import type { ClientSpec, WorkloadOperation } from '../scenario.js';
import { describeValue } from './problem.js';

export const WORKLOAD_OPERATIONS = [
  'Encrypt',
  'Decrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'ReEncrypt',
  'GenerateRandom',
  'DescribeKey',
  // State changes, for workloads that toggle a key (docs/behaviour.md §5.1 hot key).
  'EnableKey',
  'DisableKey',
] as const satisfies readonly WorkloadOperation[];

/** Operations that act on a KMS key, so a workload running them needs `key`. */
export const KEY_OPERATIONS: ReadonlySet<string> = new Set(
  WORKLOAD_OPERATIONS.filter((operation) => operation !== 'GenerateRandom'),
);

export const RETRY_MODES = ['standard', 'adaptive'] as const satisfies readonly NonNullable<
  ClientSpec['retryMode']
>[];

export const CONNECTION_STATES = [
  'CONNECTED',
  'CONNECTING',
  'DISCONNECTED',
  'DISCONNECTING',
  'FAILED',
] as const satisfies readonly ConnectionState[];

export const CONNECTION_ERROR_CODES = [
  'INTERNAL_ERROR',
  'NETWORK_ERRORS',
  'CLUSTER_NOT_FOUND',
  'INSUFFICIENT_CLOUDHSM_HSMS',
  'INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET',
  'INVALID_CREDENTIALS',
  'SUBNET_NOT_FOUND',
  'USER_LOCKED_OUT',
  'USER_LOGGED_IN',
  'USER_NOT_FOUND',
] as const satisfies readonly ConnectionErrorCode[];

export const KEY_STATES = [
  'Creating',
  'Enabled',
  'Disabled',
  'PendingDeletion',
  'PendingImport',
  'PendingReplicaDeletion',
  'Unavailable',
  'Updating',
] as const satisfies readonly KeyState[];

/** Compiles only if `Listed` names every member of `All` (satisfies alone checks one direction). */
type Exhaustive<All, Listed extends All> = [Exclude<All, Listed>] extends [never] ? true : never;
export const VALUE_SETS_ARE_EXHAUSTIVE: [
  Exhaustive<WorkloadOperation, (typeof WORKLOAD_OPERATIONS)[number]>,
  Exhaustive<ConnectionState, (typeof CONNECTION_STATES)[number]>,
  Exhaustive<ConnectionErrorCode, (typeof CONNECTION_ERROR_CODES)[number]>,
  Exhaustive<KeyState, (typeof KEY_STATES)[number]>,
] = [true, true, true, true];

/**
 * The region every scenario runs in (the simulator's default) and its AZ letters (world/network.ts:
 * us-east-1 has six). A scenario AZ is a letter (`a`) or a full name (`us-east-1a`). We accept any AZ
 * of the region rather than only the AZs of a cluster's declared HSMs: every scenario cluster gets a
 * subnet in each AZ (run/operator.ts), so `create-hsm` in a new AZ is legitimate, and which AZs hold an
 * HSM changes along the timeline.
 */
export const SCENARIO_REGION = 'us-east-1';
export const AZ_LETTERS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;

export function isScenarioAz(value: string): boolean {
  const letter = value.startsWith(SCENARIO_REGION) ? value.slice(SCENARIO_REGION.length) : value;
  return letter.length === 1 && (AZ_LETTERS as readonly string[]).includes(letter);
}

/** What is wrong with a scenario AZ, or undefined. */
export function azProblem(value: unknown): string | undefined {
  if (typeof value !== 'string')
    return `expected an Availability Zone letter or name, got ${describeValue(value)}`;
  if (isScenarioAz(value)) return undefined;
  const range = `${AZ_LETTERS[0]}-${AZ_LETTERS[AZ_LETTERS.length - 1]}`;
  return `'${value}' is not an Availability Zone of ${SCENARIO_REGION} (use a letter ${range} or a name such as ${SCENARIO_REGION}a)`;
}
