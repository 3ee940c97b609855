/**
 * One background request, served without the SDK or the wire protocol (issue #4 §3): it passes the
 * same admission as an SDK request — the account's symmetric pool, the store's own quota (lowered
 * by unrelated cluster load), and the cluster's HSM capacity and PKCS#11 sessions — so background
 * load and the clients under test compete for the same quotas and HSM time. No cryptography is
 * done: the outcome and the HSM time are what the load is for.
 */
import { activeHsms, type Cluster } from '../world/cluster.js';
import { liveCluster } from '../world/key-store-lifecycle.js';
import type { World } from '../world/world.js';

export type BackgroundOutcome = 'ok' | 'throttled' | 'sessions-exhausted' | 'unavailable';

/** What a tick needs to know about the target, resolved once per tick rather than per request. */
export interface TargetState {
  /** Undefined for an AWS_KMS key: only the account pool applies. */
  readonly customKeyStoreId: string | undefined;
  /** The store is CONNECTED, the key (if any) Enabled, and the cluster usable. */
  readonly usable: boolean;
  readonly cluster: Cluster | undefined;
  readonly hsmIds: readonly string[];
  readonly effectiveStoreRps: number;
}

export function resolveStoreTarget(
  world: World,
  customKeyStoreId: string,
  keyUsable = true,
): TargetState {
  const store = world.keyStores.get(customKeyStoreId);
  const cluster = store ? liveCluster(world, store.clusterId) : undefined;
  const hsmIds = cluster ? activeHsms(cluster).map((hsm) => hsm.hsmId) : [];
  const usable =
    keyUsable &&
    store?.connectionState === 'CONNECTED' &&
    cluster !== undefined &&
    hsmIds.length > 0 &&
    cluster.contents !== undefined &&
    !world.network.partitionedClusters.has(cluster.clusterId);
  const effectiveStoreRps =
    cluster && hsmIds.length > 0
      ? world.capacityOf(cluster.clusterId).availableRps(hsmIds.length)
      : world.quotas.limits.customKeyStoreRps;
  return { customKeyStoreId, usable, cluster, hsmIds, effectiveStoreRps };
}

export function resolveDefaultStoreTarget(keyUsable: boolean): TargetState {
  return {
    customKeyStoreId: undefined,
    usable: keyUsable,
    cluster: undefined,
    hsmIds: [],
    effectiveStoreRps: Infinity,
  };
}

/** Serves one background cryptographic request arriving at `atMs` (≥ now). */
export function serveBackgroundRequest(
  world: World,
  operation: string,
  target: TargetState,
  atMs: number,
): BackgroundOutcome {
  if (!world.quotas.admitOperation(operation, atMs).ok) return 'throttled';
  if (!target.usable) return 'unavailable';
  if (target.customKeyStoreId === undefined) return 'ok';
  if (!world.quotas.admitStoreRequest(target.customKeyStoreId, atMs, target.effectiveStoreRps).ok)
    return 'throttled';
  const cluster = target.cluster!;
  if (cluster.sessionsExhausted && cluster.sessionsExhausted.remaining > 0) {
    cluster.sessionsExhausted.remaining -= 1;
    return 'sessions-exhausted';
  }
  return world.capacityOf(cluster.clusterId).admit(atMs, target.hsmIds).ok
    ? 'ok'
    : 'sessions-exhausted';
}
