/**
 * DescribeCustomKeyStores through the real KMSClient (docs/behaviour.md §2.3): all stores, by id, by name, a
 * filter that matches nothing, the member set of an entry, and ConnectionErrorCode only when FAILED.
 * The raw wire body is checked once through `sim.handleWire` (members the SDK would hide).
 */
import { describe, expect, it } from 'vitest';
import {
  DescribeCustomKeyStoresCommand,
  DisconnectCustomKeyStoreCommand,
} from '@aws-sdk/client-kms';
import { Simulator } from '../../../src/simulator.js';
import { createKmsClient } from '../../../src/transport/sdk-clients.js';
import { buildActiveCluster, buildConnectedWorld } from '../../support/connected-store.js';
import { expectClientError } from '../../support/keystore-expect.js';
import {
  buildDisconnectedWorld,
  connectAndSettle,
  createStore,
} from '../../support/keystore-world.js';

const describeStores = (
  input: ConstructorParameters<typeof DescribeCustomKeyStoresCommand>[0] = {},
) => new DescribeCustomKeyStoresCommand(input);

/** The raw JSON entries, exactly as they go on the wire. */
async function wireEntries(
  sim: Simulator,
  body: Record<string, unknown> = {},
): Promise<Record<string, unknown>[]> {
  const response = await sim.handleWire({
    target: 'TrentService.DescribeCustomKeyStores',
    body: JSON.stringify(body),
    headers: {},
  });
  expect(response.status).toBe(200);
  return (JSON.parse(response.body) as { CustomKeyStores: Record<string, unknown>[] })
    .CustomKeyStores;
}

const ENTRY_MEMBERS = [
  'CloudHsmClusterId',
  'ConnectionState',
  'CreationDate',
  'CustomKeyStoreId',
  'CustomKeyStoreName',
  'CustomKeyStoreType',
  'TrustAnchorCertificate',
];

describe('key store: describe', () => {
  it('key store: describe: without a filter → every store, in creation order', async () => {
    const w = await buildConnectedWorld(91);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    const second = await createStore(w.kms, 'second', clusterId);
    const out = await w.kms.send(describeStores());
    expect(
      out.CustomKeyStores?.map((entry) => [entry.CustomKeyStoreId, entry.ConnectionState]),
    ).toEqual([
      [w.customKeyStoreId, 'CONNECTED'],
      [second, 'DISCONNECTED'],
    ]);
    expect(out.Truncated).toBe(false);
  });

  it('key store: describe: by id and by name → exactly that store', async () => {
    const w = await buildConnectedWorld(92);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    const second = await createStore(w.kms, 'second', clusterId);
    const byId = await w.kms.send(describeStores({ CustomKeyStoreId: second }));
    expect(byId.CustomKeyStores?.map((entry) => entry.CustomKeyStoreName)).toEqual(['second']);
    const byName = await w.kms.send(describeStores({ CustomKeyStoreName: 'store-1' }));
    expect(byName.CustomKeyStores?.map((entry) => entry.CustomKeyStoreId)).toEqual([
      w.customKeyStoreId,
    ]);
  });

  it('key store: describe: an id that matches nothing → CustomKeyStoreNotFoundException', async () => {
    const w = await buildConnectedWorld(93);
    await expectClientError(
      w.kms.send(describeStores({ CustomKeyStoreId: 'cks-0123456789abcdef0' })),
      'CustomKeyStoreNotFoundException',
    );
  });

  it('key store: describe: a name that matches nothing → CustomKeyStoreNotFoundException', async () => {
    const w = await buildConnectedWorld(94);
    await expectClientError(
      w.kms.send(describeStores({ CustomKeyStoreName: 'no-such-store' })),
      'CustomKeyStoreNotFoundException',
    );
  });

  it('key store: describe: no stores at all and no filter → an empty list, not an error', async () => {
    const kms = createKmsClient(new Simulator({ seed: 95 }), { maxAttempts: 1 });
    const out = await kms.send(describeStores());
    expect([out.CustomKeyStores, out.Truncated]).toEqual([[], false]);
  });

  it('key store: describe: both filters → ValidationException (our choice; docs/behaviour.md §2.3 unverified)', async () => {
    const w = await buildConnectedWorld(96);
    await expectClientError(
      w.kms.send(
        describeStores({ CustomKeyStoreId: w.customKeyStoreId, CustomKeyStoreName: 'store-1' }),
      ),
      'ValidationException',
    );
  });

  it('key store: describe: a CONNECTED entry carries exactly the docs/behaviour.md §2.3 members for AWS_CLOUDHSM, no ConnectionErrorCode', async () => {
    const w = await buildConnectedWorld(97);
    const [entry] = await wireEntries(w.sim);
    expect(Object.keys(entry!).sort()).toEqual(ENTRY_MEMBERS);
    expect(entry!.CustomKeyStoreType).toBe('AWS_CLOUDHSM');
    expect(typeof entry!.CreationDate).toBe('number');
  });

  it('key store: describe: ConnectionErrorCode appears when FAILED and goes away once disconnected', async () => {
    const w = await buildDisconnectedWorld(98);
    w.sim.world.network.partitionedClusters.add(w.clusterId);
    await connectAndSettle(w, w.customKeyStoreId);
    const [failed] = await wireEntries(w.sim, { CustomKeyStoreId: w.customKeyStoreId });
    expect(Object.keys(failed!).sort()).toEqual([...ENTRY_MEMBERS, 'ConnectionErrorCode'].sort());
    expect([failed!.ConnectionState, failed!.ConnectionErrorCode]).toEqual([
      'FAILED',
      'NETWORK_ERRORS',
    ]);
    await w.kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
    const [disconnecting] = await wireEntries(w.sim);
    expect(disconnecting!.ConnectionState).toBe('DISCONNECTING');
    expect(disconnecting!.ConnectionErrorCode).toBeUndefined();
  });

  it('key store: describe: Limit and Marker page through the stores', async () => {
    const w = await buildConnectedWorld(99);
    const ids = [w.customKeyStoreId];
    for (const name of ['b', 'c']) {
      const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
      ids.push(await createStore(w.kms, name, clusterId));
    }
    const first = await w.kms.send(describeStores({ Limit: 2 }));
    expect(first.CustomKeyStores?.map((entry) => entry.CustomKeyStoreId)).toEqual(ids.slice(0, 2));
    expect(first.Truncated).toBe(true);
    const rest = await w.kms.send(describeStores({ Limit: 2, Marker: first.NextMarker! }));
    expect(rest.CustomKeyStores?.map((entry) => entry.CustomKeyStoreId)).toEqual(ids.slice(2));
    expect(rest.Truncated).toBe(false);
    expect(rest.NextMarker).toBeUndefined();
  });

  it('key store: describe: a Marker KMS never issued → InvalidMarkerException', async () => {
    const w = await buildConnectedWorld(100);
    await expectClientError(
      w.kms.send(describeStores({ Marker: 'not-a-marker' })),
      'InvalidMarkerException',
    );
  });
});
