/**
 * buildWorld (issue #17 §1): a library user builds a declared world on their own simulator with no
 * CloudHSM client of their own, gets the ids by name, and talks to it with their own KMSClient.
 */
import {
  DecryptCommand,
  DescribeCustomKeyStoresCommand,
  DescribeKeyCommand,
  EncryptCommand,
  ListAliasesCommand,
} from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { buildWorld, createKmsClient, Simulator, WorldSpecError } from '../../../src/index.js';
import type { WorldSpec } from '../../../src/index.js';

const WORLD: WorldSpec = {
  clusters: [
    { name: 'main', hsms: ['a', 'b'] },
    { name: 'second', hsms: ['c', 'd'] },
  ],
  keyStores: [
    { name: 'store', cluster: 'main' },
    { name: 'spare', cluster: 'second', connected: false },
  ],
  keys: [
    { name: 'app', keyStore: 'store', aliases: ['alias/app'] },
    { name: 'old', keyStore: 'store', enabled: false },
    { name: 'plain' },
  ],
};

describe('scenarios: buildWorld for library users', () => {
  it('builds the declared world through the real APIs and returns the ids by name', async () => {
    const sim = new Simulator({ seed: 7 });
    const built = await buildWorld(sim, WORLD);
    expect(Object.keys(built.clusterIds)).toEqual(['main', 'second']);
    expect(built.clusterIds['main']).toMatch(/^cluster-[a-z0-9]+$/);
    expect(Object.keys(built.keyStoreIds)).toEqual(['store', 'spare']);
    expect(Object.keys(built.keyIds)).toEqual(['app', 'old', 'plain']);
    // Create (120 s) + HSMs (180 s) + initialize (60 s) + connect (120 s) + disconnect: time moved.
    expect(sim.nowMs).toBeGreaterThanOrEqual((120 + 180 + 60 + 120) * 1000);

    const kms = createKmsClient(sim, { maxAttempts: 1 });
    const stores = await kms.send(new DescribeCustomKeyStoresCommand({}));
    const state = Object.fromEntries(
      (stores.CustomKeyStores ?? []).map((store) => [
        store.CustomKeyStoreName,
        store.ConnectionState,
      ]),
    );
    expect(state).toEqual({ store: 'CONNECTED', spare: 'DISCONNECTED' });

    const sealed = await kms.send(
      new EncryptCommand({ KeyId: 'alias/app', Plaintext: Buffer.from('hello') }),
    );
    expect(sealed.KeyId).toContain(built.keyIds['app']!);
    const opened = await kms.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob }));
    expect(Buffer.from(opened.Plaintext!).toString('utf8')).toBe('hello');

    const old = await kms.send(new DescribeKeyCommand({ KeyId: built.keyIds['old']! }));
    expect([old.KeyMetadata?.KeyState, old.KeyMetadata?.Origin]).toEqual([
      'Disabled',
      'AWS_CLOUDHSM',
    ]);
    const plain = await kms.send(new DescribeKeyCommand({ KeyId: built.keyIds['plain']! }));
    expect(plain.KeyMetadata?.Origin).toBe('AWS_KMS');
    const aliases = await kms.send(new ListAliasesCommand({ KeyId: built.keyIds['app']! }));
    expect(aliases.Aliases?.map((alias) => alias.AliasName)).toEqual(['alias/app']);
    sim.assertNoBugs();
  });

  it('the same seed and spec give the same ids', async () => {
    const one = await buildWorld(new Simulator({ seed: 11 }), WORLD);
    const two = await buildWorld(new Simulator({ seed: 11 }), WORLD);
    const other = await buildWorld(new Simulator({ seed: 12 }), WORLD);
    expect(two).toEqual(one);
    expect(other.keyIds['app']).not.toBe(one.keyIds['app']);
  });

  it('refuses a bad spec before touching the simulator, naming each field', async () => {
    const sim = new Simulator({ seed: 1 });
    const bad = {
      clusters: [{ name: 'main', hsms: ['a'] }],
      keyStores: [{ name: 'store', cluster: 'nope' }],
      limits: { sessionsPerCluster: 2 },
    } as WorldSpec;
    const error = await buildWorld(sim, bad).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(WorldSpecError);
    expect((error as WorldSpecError).problems).toEqual([
      "buildWorld: world.keyStores[0].cluster: 'nope' is not declared in world.clusters or created by a 'create-cluster-from-backup' step",
      'buildWorld: world.limits: not accepted here; pass limits and latency as Simulator options (quotas, capacity, latency) instead',
    ]);
    expect(sim.nowMs).toBe(0);
    expect(sim.worldSnapshot()['clusters']).toEqual([]);
  });
});
