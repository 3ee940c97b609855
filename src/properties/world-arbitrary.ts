/**
 * fast-check arbitrary for scenario worlds (issue #6 §2): one CloudHSM cluster with 2-3 HSMs in
 * distinct Availability Zones (docs/behaviour.md §4.4: a key store needs two active HSMs in different AZs), one
 * custom key store on it, a few keys in the store and, sometimes, an AWS_KMS key beside them.
 *
 * The names are fixed (`main`, `store`, `key-1`, ...) so that fault schedules and workloads can refer
 * to them and a counterexample reads the same from run to run; what varies is the shape: how many
 * HSMs, in which AZs, how many keys, which have aliases.
 */
import fc from 'fast-check';
import type { KeySpec, WorldSpec } from '../scenarios/scenario.js';

export const WORLD_CLUSTER = 'main';
export const WORLD_KEY_STORE = 'store';

/** us-east-1's AZ letters (the simulator's default Region). */
const AZ_LETTERS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;

export interface WorldArbitraryOptions {
  /** HSMs in the cluster, each in its own AZ: at least 2 (default 2), at most 6 (default 3). */
  readonly minHsms?: number;
  readonly maxHsms?: number;
  /** Keys in the custom key store: 1 (default) to maxKeys (default 3). */
  readonly minKeys?: number;
  readonly maxKeys?: number;
  /** May the world also hold an AWS_KMS key named `aws-key` (default true)? */
  readonly awsKmsKey?: boolean;
}

function bounded(
  value: number | undefined,
  fallback: number,
  low: number,
  high: number,
  field: string,
): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen < low || chosen > high)
    throw new RangeError(
      `worldArbitrary: ${field} must be an integer from ${low} to ${high}, got ${chosen}`,
    );
  return chosen;
}

/** Scenario worlds (`Scenario['world']`) that the loader accepts and the runner can build. */
export function worldArbitrary(options: WorldArbitraryOptions = {}): fc.Arbitrary<WorldSpec> {
  const minHsms = bounded(options.minHsms, 2, 2, AZ_LETTERS.length, 'minHsms');
  const maxHsms = bounded(
    options.maxHsms,
    Math.max(3, minHsms),
    minHsms,
    AZ_LETTERS.length,
    'maxHsms',
  );
  const minKeys = bounded(options.minKeys, 1, 1, 20, 'minKeys');
  const maxKeys = bounded(options.maxKeys, Math.max(3, minKeys), minKeys, 20, 'maxKeys');
  const hsms = fc.subarray([...AZ_LETTERS], { minLength: minHsms, maxLength: maxHsms });
  const storeKeys = fc.array(fc.boolean(), { minLength: minKeys, maxLength: maxKeys });
  const awsKey = options.awsKmsKey === false ? fc.constant(false) : fc.boolean();
  return fc.record({ hsms, storeKeys, awsKey }).map(({ hsms, storeKeys, awsKey }): WorldSpec => {
    const keys: KeySpec[] = storeKeys.map((aliased, index) => ({
      name: `key-${index + 1}`,
      keyStore: WORLD_KEY_STORE,
      ...(aliased ? { aliases: [`alias/key-${index + 1}`] } : {}),
    }));
    if (awsKey) keys.push({ name: 'aws-key' });
    return {
      clusters: [{ name: WORLD_CLUSTER, hsms }],
      keyStores: [{ name: WORLD_KEY_STORE, cluster: WORLD_CLUSTER }],
      keys,
    };
  });
}
