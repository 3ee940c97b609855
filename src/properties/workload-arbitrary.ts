/**
 * fast-check arbitrary for workloads (issue #6 §2): open-loop streams of KMS calls by the scenario's
 * clients on the world's keys, valid as `Scenario['workloads']`. Each workload calls one operation
 * every few seconds within [from, until); Decrypt and ReEncrypt get their ciphertext from the
 * runner's fixture (made before time 0, scenarios/run/workload-calls.ts).
 */
import fc from 'fast-check';
import { durationMs, formatDuration } from '../scenarios/duration.js';
import type {
  Duration,
  WorkloadOperation,
  WorkloadSpec,
  WorldSpec,
} from '../scenarios/scenario.js';
import { WORKLOAD_OPERATIONS } from '../scenarios/file/schema-values.js';

export interface WorkloadArbitraryOptions {
  /** The world whose keys and key stores the calls use. */
  readonly world: WorldSpec;
  /** Names of the scenario's clients (default ['app']). */
  readonly clients?: readonly string[];
  /**
   * Operations to draw from (default: every workload operation but the state changes EnableKey and
   * DisableKey, which would turn other workloads' calls into DisabledException).
   */
  readonly operations?: readonly WorkloadOperation[];
  /** How many workloads (default 1 to 3). */
  readonly minWorkloads?: number;
  readonly maxWorkloads?: number;
  /** Calls happen within [0, until) (default 5m). */
  readonly until?: Duration;
  /** Longest gap between two calls of one workload (default 30s; the shortest is 1s). */
  readonly maxEvery?: Duration;
}

const DEFAULT_OPERATIONS: readonly WorkloadOperation[] = WORKLOAD_OPERATIONS.filter(
  (operation) => operation !== 'EnableKey' && operation !== 'DisableKey',
);
/** Operations that take an encryption context. */
const CONTEXT_OPERATIONS: ReadonlySet<string> = new Set([
  'Encrypt',
  'Decrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'ReEncrypt',
]);

const CONTEXT_KEYS = ['purpose', 'tenant'] as const;
const CONTEXT_VALUES = ['backup', 'orders', 'tenant-1'] as const;

function seconds(value: Duration | undefined, fallbackMs: number, field: string): number {
  const ms = value === undefined ? fallbackMs : durationMs(value);
  if (ms % 1000 !== 0 || ms < 1000)
    throw new RangeError(
      `workloadArbitrary: ${field} must be a whole number of seconds, at least 1s; got ${String(value)}`,
    );
  return ms / 1000;
}

/** Workloads for `world`'s keys, called by `clients`. */
export function workloadArbitrary(options: WorkloadArbitraryOptions): fc.Arbitrary<WorkloadSpec[]> {
  const clients = options.clients ?? ['app'];
  const keys = (options.world.keys ?? []).map((key) => key.name);
  const stores = (options.world.keyStores ?? []).map((store) => store.name);
  const operations = (options.operations ?? DEFAULT_OPERATIONS).filter(
    (operation) => operation === 'GenerateRandom' || keys.length > 0,
  );
  if (clients.length === 0)
    throw new RangeError('workloadArbitrary: needs at least one client name');
  if (operations.length === 0)
    throw new RangeError('workloadArbitrary: the world has no keys for the operations asked for');
  const totalS = seconds(options.until, 300_000, 'until');
  const maxEveryS = Math.min(totalS, seconds(options.maxEvery, 30_000, 'maxEvery'));
  const key = keys.length > 0 ? fc.constantFrom(...keys) : fc.constant(undefined);
  const context = fc.option(
    fc.dictionary(fc.constantFrom(...CONTEXT_KEYS), fc.constantFrom(...CONTEXT_VALUES), {
      minKeys: 1,
      maxKeys: 2,
    }),
    { nil: undefined },
  );
  const workload = fc
    .record({
      client: fc.constantFrom(...clients),
      operation: fc.constantFrom(...operations),
      key,
      destinationKey: key,
      keyStore:
        stores.length > 0
          ? fc.option(fc.constantFrom(...stores), { nil: undefined })
          : fc.constant(undefined),
      everyS: fc.integer({ min: 1, max: maxEveryS }),
      fromS: fc.integer({ min: 0, max: totalS - 1 }),
      spanS: fc.integer({ min: 1, max: totalS }),
      plaintextBytes: fc.option(fc.integer({ min: 1, max: 4096 }), { nil: undefined }),
      encryptionContext: context,
    })
    .map((drawn): WorkloadSpec => {
      const { operation } = drawn;
      const usesKey = operation !== 'GenerateRandom';
      const seals = operation === 'Encrypt' || operation === 'Decrypt' || operation === 'ReEncrypt';
      return {
        client: drawn.client,
        operation,
        ...(usesKey ? { key: drawn.key! } : {}),
        ...(operation === 'ReEncrypt' ? { destinationKey: drawn.destinationKey! } : {}),
        ...(operation === 'GenerateRandom' && drawn.keyStore !== undefined
          ? { keyStore: drawn.keyStore }
          : {}),
        every: formatDuration(drawn.everyS * 1000),
        ...(drawn.fromS > 0 ? { from: formatDuration(drawn.fromS * 1000) } : {}),
        until: formatDuration(Math.min(totalS, drawn.fromS + drawn.spanS) * 1000),
        ...(seals && drawn.plaintextBytes !== undefined
          ? { plaintextBytes: drawn.plaintextBytes }
          : {}),
        ...(CONTEXT_OPERATIONS.has(operation) && drawn.encryptionContext !== undefined
          ? { encryptionContext: drawn.encryptionContext }
          : {}),
      };
    });
  return fc.array(workload, {
    minLength: options.minWorkloads ?? 1,
    maxLength: options.maxWorkloads ?? 3,
  });
}
