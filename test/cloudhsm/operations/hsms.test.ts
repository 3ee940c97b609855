/**
 * CreateHsm and DeleteHsm through the real CloudHSMV2Client (docs/behaviour.md §2.5, §6.2, §6.4).
 */
import { ADDRESSES_PER_SUBNET, freeAddresses } from '../../../src/world/network.js';
import { describe, expect, it } from 'vitest';
import {
  CreateHsmCommand,
  DeleteClusterCommand,
  DeleteHsmCommand,
} from '@aws-sdk/client-cloudhsm-v2';
import { buildActiveCluster, buildConnectedWorld } from '../../support/connected-store.js';
import {
  azOf,
  createBareCluster,
  describeCluster,
  freshHsmWorld,
} from '../../support/keystore-cloudhsm.js';
import { expectClientError } from '../../support/keystore-expect.js';
import { addHsms, createStoreKey } from '../../support/keystore-world.js';

describe('cloudhsm: CreateHsm', () => {
  it('cloudhsm: CreateHsm: → CREATE_IN_PROGRESS in the cluster’s subnet for that AZ; ACTIVE "HSM created." after the create time', async () => {
    const w = freshHsmWorld(251);
    const cluster = await createBareCluster(w);
    const az = azOf(w.sim, 1);
    const out = await w.hsm.send(
      new CreateHsmCommand({ ClusterId: cluster.ClusterId!, AvailabilityZone: az }),
    );
    expect(out.Hsm).toMatchObject({
      ClusterId: cluster.ClusterId,
      AvailabilityZone: az,
      SubnetId: cluster.SubnetMapping![az],
      State: 'CREATE_IN_PROGRESS',
      HsmType: 'hsm1.medium',
    });
    expect(out.Hsm?.HsmId).toMatch(/^hsm-[2-7a-z]{11}$/);
    expect(out.Hsm?.EniId).toMatch(/^eni-[0-9a-f]{17}$/);
    w.sim.advanceMs(w.sim.world.timings.hsmCreateMs - 1);
    expect((await describeCluster(w.hsm, cluster.ClusterId!))?.Hsms?.[0]?.State).toBe(
      'CREATE_IN_PROGRESS',
    );
    w.sim.advanceMs(1);
    expect((await describeCluster(w.hsm, cluster.ClusterId!))?.Hsms?.[0]).toMatchObject({
      State: 'ACTIVE',
      StateMessage: 'HSM created.',
      EniIp: out.Hsm?.EniIp,
    });
  });

  it('cloudhsm: CreateHsm: an AZ of the Region without a cluster subnet → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(252);
    const cluster = await createBareCluster(w, { subnetCount: 2 });
    await expectClientError(
      w.hsm.send(
        new CreateHsmCommand({ ClusterId: cluster.ClusterId!, AvailabilityZone: azOf(w.sim, 2) }),
      ),
      'CloudHsmInvalidRequestException',
    );
  });

  it('cloudhsm: CreateHsm: an AZ of another Region → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(253);
    const cluster = await createBareCluster(w);
    await expectClientError(
      w.hsm.send(
        new CreateHsmCommand({ ClusterId: cluster.ClusterId!, AvailabilityZone: 'eu-west-1a' }),
      ),
      'CloudHsmInvalidRequestException',
    );
  });

  it('cloudhsm: CreateHsm: cluster still CREATE_IN_PROGRESS → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(254);
    const cluster = await createBareCluster(w, { settle: false });
    await expectClientError(
      w.hsm.send(
        new CreateHsmCommand({ ClusterId: cluster.ClusterId!, AvailabilityZone: azOf(w.sim, 0) }),
      ),
      'CloudHsmInvalidRequestException',
    );
  });

  it('cloudhsm: CreateHsm: cluster DELETE_IN_PROGRESS → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(255);
    const cluster = await createBareCluster(w);
    await w.hsm.send(new DeleteClusterCommand({ ClusterId: cluster.ClusterId! }));
    await expectClientError(
      w.hsm.send(
        new CreateHsmCommand({ ClusterId: cluster.ClusterId!, AvailabilityZone: azOf(w.sim, 0) }),
      ),
      'CloudHsmInvalidRequestException',
    );
  });

  it('cloudhsm: CreateHsm: unknown cluster → CloudHsmResourceNotFoundException', async () => {
    const w = freshHsmWorld(256);
    await expectClientError(
      w.hsm.send(
        new CreateHsmCommand({
          ClusterId: 'cluster-abcdefghijk',
          AvailabilityZone: azOf(w.sim, 0),
        }),
      ),
      'CloudHsmResourceNotFoundException',
    );
  });

  it('cloudhsm: CreateHsm: a requested IpAddress is the HSM’s EniIp; taken, reserved or outside the AZ’s subnet → CloudHsmInvalidRequestException; freed again after DeleteHsm', async () => {
    const w = freshHsmWorld(257);
    const cluster = await createBareCluster(w);
    const az = azOf(w.sim, 0);
    const subnet = w.sim.world.network.subnet(cluster.SubnetMapping![az]!)!;
    const prefix = subnet.cidrBlock.split('.').slice(0, 3).join('.');
    const create = (IpAddress: string) =>
      w.hsm.send(
        new CreateHsmCommand({ ClusterId: cluster.ClusterId!, AvailabilityZone: az, IpAddress }),
      );
    const first = await create(`${prefix}.50`);
    expect(first.Hsm?.EniIp).toBe(`${prefix}.50`);
    for (const [ip, reason] of [
      [`${prefix}.50`, /already in use/],
      [`${prefix}.3`, /reserved/],
      [`${prefix}.255`, /reserved/],
      ['10.9.8.7', /is not in subnet/],
      [`${prefix}.300`, /is not in subnet/],
    ] as const)
      await expectClientError(create(ip), 'CloudHsmInvalidRequestException', reason);
    // Without IpAddress the lowest free address is taken.
    const second = await w.hsm.send(
      new CreateHsmCommand({ ClusterId: cluster.ClusterId!, AvailabilityZone: az }),
    );
    expect(second.Hsm?.EniIp).toBe(`${prefix}.4`);
    await w.hsm.send(
      new DeleteHsmCommand({ ClusterId: cluster.ClusterId!, HsmId: first.Hsm!.HsmId! }),
    );
    w.sim.advanceMs(w.sim.world.timings.hsmDeleteMs);
    expect((await create(`${prefix}.50`)).Hsm?.EniIp).toBe(`${prefix}.50`);
  });

  it('cloudhsm: CreateHsm: the AZ’s subnet has no free address → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(258);
    const cluster = await createBareCluster(w);
    w.sim.world.network.subnet(cluster.SubnetMapping![azOf(w.sim, 0)]!)!.heldElsewhere =
      ADDRESSES_PER_SUBNET;
    await expectClientError(
      w.hsm.send(
        new CreateHsmCommand({ ClusterId: cluster.ClusterId!, AvailabilityZone: azOf(w.sim, 0) }),
      ),
      'CloudHsmInvalidRequestException',
    );
  });

  it('cloudhsm: CreateHsm: the 29th HSM of a cluster → CloudHsmInvalidRequestException (28 per cluster, docs/behaviour.md §6.6)', async () => {
    const w = freshHsmWorld(259);
    const cluster = await createBareCluster(w);
    for (let i = 0; i < 28; i++)
      await w.hsm.send(
        new CreateHsmCommand({
          ClusterId: cluster.ClusterId!,
          AvailabilityZone: azOf(w.sim, i % 3),
        }),
      );
    await expectClientError(
      w.hsm.send(
        new CreateHsmCommand({ ClusterId: cluster.ClusterId!, AvailabilityZone: azOf(w.sim, 0) }),
      ),
      'CloudHsmInvalidRequestException',
    );
  });

  it('cloudhsm: CreateHsm: beside an active HSM the new HSM is a clone (every key) and a backup is taken', async () => {
    const w = await buildConnectedWorld(260);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    const handle = w.sim.world.keys.get(key.KeyId!)!.backingHandle;
    const backupsBefore = w.sim.world.backups.size;
    await addHsms(w.sim, w.hsm, w.clusterId, [2]);
    const added = [...w.sim.world.backups.values()].slice(backupsBefore);
    expect(added.map((backup) => backup.trigger)).toEqual(['hsm-added']);
    expect(added[0]!.contents.keys.has(handle)).toBe(true);
    // The clone keeps the cluster usable when the two original HSMs go.
    for (const hsmId of w.hsmIds)
      await w.hsm.send(new DeleteHsmCommand({ ClusterId: w.clusterId, HsmId: hsmId }));
    w.sim.advanceMs(w.sim.world.timings.hsmDeleteMs);
    expect(w.sim.world.clusters.get(w.clusterId)!.contents!.keys.has(handle)).toBe(true);
  });

  it('cloudhsm: CreateHsm: the first HSMs of an uninitialized cluster take no backup', async () => {
    const w = freshHsmWorld(261);
    const cluster = await createBareCluster(w);
    await addHsms(w.sim, w.hsm, cluster.ClusterId!, [0, 1]);
    expect(w.sim.world.backups.size).toBe(0);
  });
});

describe('cloudhsm: DeleteHsm', () => {
  it('cloudhsm: DeleteHsm: by HsmId → returns the HsmId; DELETE_IN_PROGRESS, then gone from DescribeClusters', async () => {
    const w = freshHsmWorld(271);
    const { clusterId, hsmIds } = await buildActiveCluster(w.sim, w.hsm);
    const out = await w.hsm.send(new DeleteHsmCommand({ ClusterId: clusterId, HsmId: hsmIds[0]! }));
    expect(out.HsmId).toBe(hsmIds[0]);
    expect(
      (await describeCluster(w.hsm, clusterId))?.Hsms?.map((hsm) => [hsm.HsmId, hsm.State]),
    ).toEqual([
      [hsmIds[0], 'DELETE_IN_PROGRESS'],
      [hsmIds[1], 'ACTIVE'],
    ]);
    w.sim.advanceMs(w.sim.world.timings.hsmDeleteMs);
    expect((await describeCluster(w.hsm, clusterId))?.Hsms?.map((hsm) => hsm.HsmId)).toEqual([
      hsmIds[1],
    ]);
  });

  it('cloudhsm: DeleteHsm: by EniId → that HSM', async () => {
    const w = freshHsmWorld(272);
    const { clusterId, hsmIds } = await buildActiveCluster(w.sim, w.hsm);
    const target = (await describeCluster(w.hsm, clusterId))!.Hsms![1]!;
    expect(
      (await w.hsm.send(new DeleteHsmCommand({ ClusterId: clusterId, EniId: target.EniId! })))
        .HsmId,
    ).toBe(hsmIds[1]);
  });

  it('cloudhsm: DeleteHsm: by EniIp → that HSM', async () => {
    const w = freshHsmWorld(273);
    const { clusterId, hsmIds } = await buildActiveCluster(w.sim, w.hsm);
    const target = (await describeCluster(w.hsm, clusterId))!.Hsms![1]!;
    expect(
      (await w.hsm.send(new DeleteHsmCommand({ ClusterId: clusterId, EniIp: target.EniIp! })))
        .HsmId,
    ).toBe(hsmIds[1]);
  });

  it('cloudhsm: DeleteHsm: unknown HsmId, EniId or EniIp → CloudHsmResourceNotFoundException', async () => {
    const w = freshHsmWorld(274);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    await expectClientError(
      w.hsm.send(new DeleteHsmCommand({ ClusterId: clusterId, HsmId: 'hsm-abcdefghijk' })),
      'CloudHsmResourceNotFoundException',
    );
    await expectClientError(
      w.hsm.send(new DeleteHsmCommand({ ClusterId: clusterId, EniId: 'eni-0123456789abcdef0' })),
      'CloudHsmResourceNotFoundException',
    );
    await expectClientError(
      w.hsm.send(new DeleteHsmCommand({ ClusterId: clusterId, EniIp: '10.9.9.9' })),
      'CloudHsmResourceNotFoundException',
    );
  });

  it('cloudhsm: DeleteHsm: an HSM of another cluster → CloudHsmResourceNotFoundException', async () => {
    const w = freshHsmWorld(275);
    const first = await buildActiveCluster(w.sim, w.hsm);
    const second = await buildActiveCluster(w.sim, w.hsm);
    await expectClientError(
      w.hsm.send(new DeleteHsmCommand({ ClusterId: first.clusterId, HsmId: second.hsmIds[0]! })),
      'CloudHsmResourceNotFoundException',
    );
  });

  it('cloudhsm: DeleteHsm: unknown cluster → CloudHsmResourceNotFoundException', async () => {
    const w = freshHsmWorld(276);
    await expectClientError(
      w.hsm.send(
        new DeleteHsmCommand({ ClusterId: 'cluster-abcdefghijk', HsmId: 'hsm-abcdefghijk' }),
      ),
      'CloudHsmResourceNotFoundException',
    );
  });

  it('cloudhsm: DeleteHsm: none of HsmId / EniId / EniIp → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(277);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    await expectClientError(
      w.hsm.send(new DeleteHsmCommand({ ClusterId: clusterId })),
      'CloudHsmInvalidRequestException',
    );
  });

  it('cloudhsm: DeleteHsm: an HSM already DELETE_IN_PROGRESS → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(278);
    const { clusterId, hsmIds } = await buildActiveCluster(w.sim, w.hsm);
    await w.hsm.send(new DeleteHsmCommand({ ClusterId: clusterId, HsmId: hsmIds[0]! }));
    await expectClientError(
      w.hsm.send(new DeleteHsmCommand({ ClusterId: clusterId, HsmId: hsmIds[0]! })),
      'CloudHsmInvalidRequestException',
    );
  });

  it('cloudhsm: DeleteHsm: an HSM still CREATE_IN_PROGRESS is removed and never becomes ACTIVE; its address is freed', async () => {
    const w = freshHsmWorld(279);
    const cluster = await createBareCluster(w);
    const subnet = w.sim.world.network.subnet(cluster.SubnetMapping![azOf(w.sim, 0)]!)!;
    const free = freeAddresses(subnet);
    const out = await w.hsm.send(
      new CreateHsmCommand({ ClusterId: cluster.ClusterId!, AvailabilityZone: azOf(w.sim, 0) }),
    );
    expect(freeAddresses(subnet)).toBe(free - 1);
    await w.hsm.send(
      new DeleteHsmCommand({ ClusterId: cluster.ClusterId!, HsmId: out.Hsm!.HsmId! }),
    );
    w.sim.advanceMs(w.sim.world.timings.hsmCreateMs);
    expect((await describeCluster(w.hsm, cluster.ClusterId!))?.Hsms).toEqual([]);
    expect(freeAddresses(subnet)).toBe(free);
  });

  it('cloudhsm: DeleteHsm: on an active cluster takes a backup first (trigger hsm-removed) holding the cluster’s keys', async () => {
    const w = await buildConnectedWorld(280);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    const before = w.sim.world.backups.size;
    await w.hsm.send(new DeleteHsmCommand({ ClusterId: w.clusterId, HsmId: w.hsmIds[0]! }));
    const taken = [...w.sim.world.backups.values()].slice(before);
    expect(taken.map((backup) => backup.trigger)).toEqual(['hsm-removed']);
    expect(taken[0]!.contents.keys.has(w.sim.world.keys.get(key.KeyId!)!.backingHandle)).toBe(true);
  });
});
