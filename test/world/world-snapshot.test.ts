/**
 * The world snapshot (`/_sim/world`, src/world/world-snapshot.ts): shows subnets, clusters, HSMs,
 * backups, stores and keys, and never a password or key material.
 */
import { describe, expect, it } from 'vitest';
import { KMSUSER } from '../../src/world/crypto-user.js';
import { KMSUSER_PASSWORD } from '../support/connected-store.js';
import { directStoreWorld, storeKey } from '../support/keystore-direct.js';

describe('world: snapshot', () => {
  it('world: snapshot: lists what the world holds, with key handles per cluster and backup', () => {
    const w = directStoreWorld(641);
    const key = storeKey(w);
    const snapshot = w.sim.worldSnapshot() as Record<string, any>;
    expect(snapshot.subnets).toHaveLength(6);
    expect(snapshot.clusters[0]).toMatchObject({
      clusterId: w.cluster.clusterId,
      state: 'ACTIVE',
      activeHsmCount: 2,
      keyHandles: [key.backingHandle],
    });
    expect(snapshot.keyStores[0]).toMatchObject({
      customKeyStoreId: w.store.customKeyStoreId,
      connectionState: 'CONNECTED',
      connectionErrorCode: null,
    });
    expect(snapshot.keys[0]).toMatchObject({
      keyId: key.keyId,
      keyState: 'Enabled',
      origin: 'AWS_CLOUDHSM',
    });
    expect(snapshot.backups[0]).toMatchObject({
      clusterId: w.cluster.clusterId,
      trigger: 'activation',
      keyHandles: [],
    });
  });

  it('world: snapshot: contains no password (given or rotated) and no key material', () => {
    const w = directStoreWorld(642);
    const key = storeKey(w);
    const rotated = w.cluster.contents!.users.get(KMSUSER)!.password;
    const text = JSON.stringify(w.sim.worldSnapshot());
    expect(text).not.toContain(KMSUSER_PASSWORD);
    expect(text).not.toContain(rotated);
    expect(text).not.toMatch(/password/i);
    const material = w.cluster.contents!.keys.get(key.backingHandle)!.material;
    expect(text).not.toContain(Buffer.from(material).toString('base64'));
    expect(text).not.toContain(Buffer.from(material).toString('hex'));
  });
});
