/**
 * KMS keys at the world level (src/world/kms-key-lifecycle.ts, kms-key.ts; docs/behaviour.md §3.1-3.3, §4.5):
 * where material goes, the derived key state, and the end of the waiting period.
 */
import { RequestLatency } from '../../src/sim/request-latency.js';
import { describe, expect, it } from 'vitest';
import { createAlias } from '../../src/world/alias-registry.js';
import { loseHsm } from '../../src/world/hsm-lifecycle.js';
import { disconnectKeyStore } from '../../src/world/key-store-connection.js';
import { effectiveKeyState } from '../../src/world/kms-key.js';
import {
  cancelKeyDeletion,
  createKey,
  scheduleKeyDeletion,
  setKeyEnabled,
} from '../../src/world/kms-key-lifecycle.js';
import { MS_PER_DAY } from '../../src/world/timings.js';
import { directStoreWorld, must } from '../support/keystore-direct.js';

function storeKey(w: ReturnType<typeof directStoreWorld>) {
  return must(
    createKey(
      w.world,
      {
        description: '',
        origin: 'AWS_CLOUDHSM',
        customKeyStoreId: w.store.customKeyStoreId,
      },
      new RequestLatency(),
    ),
  );
}

describe('world: KMS keys', () => {
  it('world: key: AWS_CLOUDHSM material goes to the cluster, AWS_KMS material to KMS’s own HSMs', () => {
    const w = directStoreWorld(631);
    const hsmKey = storeKey(w);
    // Making a key in the store takes its cluster's HSM time, which goes to the request; KMS's
    // own HSMs are not modelled, so an AWS_KMS key takes none (world/backing-key-access.ts).
    const latency = new RequestLatency();
    must(
      createKey(
        w.world,
        { description: '', origin: 'AWS_CLOUDHSM', customKeyStoreId: w.store.customKeyStoreId },
        latency,
      ),
    );
    expect(latency.ms).toBeGreaterThan(0);
    const kmsLatency = new RequestLatency();
    const kmsKey = must(createKey(w.world, { description: '', origin: 'AWS_KMS' }, kmsLatency));
    expect(kmsLatency.ms).toBe(0);
    expect(w.cluster.contents!.keys.has(hsmKey.backingHandle)).toBe(true);
    expect(w.world.kmsOwnKeys.has(hsmKey.backingHandle)).toBe(false);
    expect(w.world.kmsOwnKeys.has(kmsKey.backingHandle)).toBe(true);
    expect(kmsKey.customKeyStoreId).toBeUndefined();
  });

  it('world: key: the state is derived — Unavailable while the store is not CONNECTED, PendingDeletion wins, intent shows once connected', () => {
    const w = directStoreWorld(632);
    const key = storeKey(w);
    expect(effectiveKeyState(key, w.store)).toBe('Enabled');
    must(setKeyEnabled(w.world, key, false));
    expect(effectiveKeyState(key, w.store)).toBe('Disabled');
    must(disconnectKeyStore(w.world, w.store.customKeyStoreId));
    expect(effectiveKeyState(key, w.store)).toBe('Unavailable');
    must(scheduleKeyDeletion(w.world, key, 7));
    expect(effectiveKeyState(key, w.store)).toBe('PendingDeletion');
    expect(effectiveKeyState(key, undefined)).toBe('PendingDeletion');
  });

  it('world: key: backend trouble never changes the key state (docs/behaviour.md §3.1 nuance)', () => {
    const w = directStoreWorld(633);
    const key = storeKey(w);
    for (const hsmId of [...w.cluster.hsms.keys()]) loseHsm(w.world, w.cluster.clusterId, hsmId);
    w.world.network.partitionedClusters.add(w.cluster.clusterId);
    expect(effectiveKeyState(key, w.store)).toBe('Enabled');
  });

  it('world: key: at the end of the window the key and its aliases go, and nothing happens a moment before', () => {
    const w = directStoreWorld(634);
    const key = storeKey(w);
    must(createAlias(w.world, 'alias/doomed', key));
    must(scheduleKeyDeletion(w.world, key, 7));
    w.sim.advanceMs(7 * MS_PER_DAY - 1);
    expect(w.world.keys.has(key.keyId)).toBe(true);
    w.sim.advanceMs(1);
    expect(w.world.keys.has(key.keyId)).toBe(false);
    expect(w.world.aliases.has('alias/doomed')).toBe(false);
  });

  it('world: key: a cancelled deletion never fires, and the key comes back Disabled', () => {
    const w = directStoreWorld(635);
    const key = storeKey(w);
    must(scheduleKeyDeletion(w.world, key, 7));
    must(cancelKeyDeletion(w.world, key));
    w.sim.advanceMs(8 * MS_PER_DAY);
    expect(w.world.keys.get(key.keyId)).toBe(key);
    expect(effectiveKeyState(key, w.store)).toBe('Disabled');
    expect(w.sim.kernel.trace.ofKind('kms.key.deleted')).toEqual([]);
  });

  it('world: key: deleted while CONNECTED but with no active HSM → the backing key cannot be removed (FAILURE)', () => {
    const w = directStoreWorld(636);
    const key = storeKey(w);
    must(scheduleKeyDeletion(w.world, key, 7));
    for (const hsmId of [...w.cluster.hsms.keys()]) loseHsm(w.world, w.cluster.clusterId, hsmId);
    w.sim.advanceMs(7 * MS_PER_DAY);
    const deleted = w.sim.kernel.trace.ofKind('kms.key.deleted').at(-1)!.data;
    expect(deleted).toMatchObject({
      keyId: key.keyId,
      customKeyStoreId: w.store.customKeyStoreId,
      clusterId: w.cluster.clusterId,
    });
    expect(deleted.backingKeys).toEqual([
      { backingKeyId: String(key.backingHandle), deletionStatus: 'FAILURE' },
    ]);
  });

  it('world: key: scheduling twice is refused (already pending deletion)', () => {
    const w = directStoreWorld(637);
    const key = storeKey(w);
    must(scheduleKeyDeletion(w.world, key, 7));
    const again = scheduleKeyDeletion(w.world, key, 30);
    expect(again.ok ? 'ok' : again.problem.kind).toBe('key-pending-deletion');
  });
});
