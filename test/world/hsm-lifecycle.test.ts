/**
 * HSMs at the world level (src/world/hsm-lifecycle.ts; docs/behaviour.md §2.5 CreateHsm/DeleteHsm, §6.4): what a
 * new HSM holds depends on what the cluster had; losing an HSM takes no backup, deleting one does.
 */
import { freeAddresses } from '../../src/world/network.js';
import { describe, expect, it } from 'vitest';
import { KMSUSER } from '../../src/world/crypto-user.js';
import { createHsm, deleteHsm, loseHsm } from '../../src/world/hsm-lifecycle.js';
import { createCluster } from '../../src/world/cluster-lifecycle.js';
import { takeBackup } from '../../src/world/backup-lifecycle.js';
import { Simulator } from '../../src/simulator.js';
import { azAt, directActiveCluster, must, subnetIdsOf } from '../support/keystore-direct.js';

const material = (fill: number) => new Uint8Array(32).fill(fill);

function putKey(sim: Simulator, clusterId: string, handle: number): void {
  sim.world.clusters.get(clusterId)!.contents!.keys.put({
    handle,
    label: `k${handle}`,
    owner: KMSUSER,
    material: material(handle),
    createdAtMs: sim.nowMs,
  });
}

describe('world: HSM lifecycle', () => {
  it('world: HSM: losing the last HSM drops the contents at once and takes no backup', () => {
    const sim = new Simulator({ seed: 611 });
    const cluster = directActiveCluster(sim, [0]);
    const backups = sim.world.backups.size;
    must(loseHsm(sim.world, cluster.clusterId, [...cluster.hsms.keys()][0]!));
    expect(cluster.contents).toBeUndefined();
    expect(cluster.hsms.size).toBe(0);
    expect(sim.world.backups.size).toBe(backups);
  });

  it('world: HSM: after total loss a new HSM restores the newest READY backup, so keys created after it are gone', () => {
    const sim = new Simulator({ seed: 612 });
    const cluster = directActiveCluster(sim);
    putKey(sim, cluster.clusterId, 1);
    takeBackup(sim.world, cluster, 'fixture');
    sim.advanceMs(sim.world.timings.backupCreateMs);
    putKey(sim, cluster.clusterId, 2);
    for (const hsmId of [...cluster.hsms.keys()])
      must(loseHsm(sim.world, cluster.clusterId, hsmId));
    must(createHsm(sim.world, cluster.clusterId, azAt(sim, 0)));
    sim.advanceMs(sim.world.timings.hsmCreateMs);
    expect(cluster.contents!.keys.handles()).toEqual([1]);
    expect(cluster.contents!.users.has(KMSUSER)).toBe(true);
    expect(cluster.state).toBe('ACTIVE');
  });

  it('world: HSM: a restore gives the cluster its own copy; later changes do not touch the backup', () => {
    const sim = new Simulator({ seed: 613 });
    const cluster = directActiveCluster(sim);
    const backup = takeBackup(sim.world, cluster, 'fixture')!;
    sim.advanceMs(sim.world.timings.backupCreateMs);
    for (const hsmId of [...cluster.hsms.keys()])
      must(loseHsm(sim.world, cluster.clusterId, hsmId));
    must(createHsm(sim.world, cluster.clusterId, azAt(sim, 0)));
    sim.advanceMs(sim.world.timings.hsmCreateMs);
    putKey(sim, cluster.clusterId, 9);
    expect(backup.contents.keys.has(9)).toBe(false);
  });

  it('world: HSM: DeleteHsm of the last HSM backs up first, so a re-added HSM has every key', () => {
    const sim = new Simulator({ seed: 614 });
    const cluster = directActiveCluster(sim, [0]);
    putKey(sim, cluster.clusterId, 5);
    must(deleteHsm(sim.world, cluster.clusterId, { hsmId: [...cluster.hsms.keys()][0]! }));
    expect(cluster.contents).toBeUndefined();
    sim.advanceMs(sim.world.timings.hsmDeleteMs);
    must(createHsm(sim.world, cluster.clusterId, azAt(sim, 1)));
    sim.advanceMs(sim.world.timings.hsmCreateMs);
    expect(cluster.contents!.keys.handles()).toEqual([5]);
  });

  it('world: HSM: a cluster created from a backup is ACTIVE with no HSM and no contents; its first HSM restores that backup', () => {
    const sim = new Simulator({ seed: 615 });
    const source = directActiveCluster(sim);
    putKey(sim, source.clusterId, 7);
    const backup = takeBackup(sim.world, source, 'fixture')!;
    sim.advanceMs(sim.world.timings.backupCreateMs);
    const restored = must(
      createCluster(sim.world, {
        hsmType: 'hsm1.medium',
        subnetIds: subnetIdsOf(sim),
        sourceBackupId: backup.backupId,
      }),
    );
    sim.advanceMs(sim.world.timings.clusterCreateMs);
    expect([restored.state, restored.lineage, restored.trustAnchor]).toEqual([
      'ACTIVE',
      source.lineage,
      source.trustAnchor,
    ]);
    expect(restored.contents).toBeUndefined();
    must(createHsm(sim.world, restored.clusterId, azAt(sim, 0)));
    sim.advanceMs(sim.world.timings.hsmCreateMs);
    expect(restored.state).toBe('ACTIVE');
    expect(restored.contents!.keys.handles()).toEqual([7]);
    expect(restored.pendingRestore).toBeUndefined();
  });

  it('world: HSM: a restored cluster that loses its only HSM before its own first backup restores the source backup again', () => {
    const sim = new Simulator({ seed: 618 });
    const source = directActiveCluster(sim);
    putKey(sim, source.clusterId, 8);
    const backup = takeBackup(sim.world, source, 'fixture')!;
    sim.advanceMs(sim.world.timings.backupCreateMs);
    const restored = must(
      createCluster(sim.world, {
        hsmType: 'hsm1.medium',
        subnetIds: subnetIdsOf(sim),
        sourceBackupId: backup.backupId,
      }),
    );
    sim.advanceMs(sim.world.timings.clusterCreateMs);
    const first = must(createHsm(sim.world, restored.clusterId, azAt(sim, 0)));
    sim.advanceMs(sim.world.timings.hsmCreateMs);
    must(loseHsm(sim.world, restored.clusterId, first.hsmId));
    must(createHsm(sim.world, restored.clusterId, azAt(sim, 1)));
    sim.advanceMs(sim.world.timings.hsmCreateMs);
    expect(restored.contents!.keys.handles()).toEqual([8]);
    expect(restored.contents!.users.has(KMSUSER)).toBe(true);
  });

  it('world: HSM: the first HSM of a brand-new cluster starts empty (no users, no keys)', () => {
    const sim = new Simulator({ seed: 616 });
    const cluster = must(
      createCluster(sim.world, { hsmType: 'hsm1.medium', subnetIds: subnetIdsOf(sim) }),
    );
    sim.advanceMs(sim.world.timings.clusterCreateMs);
    must(createHsm(sim.world, cluster.clusterId, azAt(sim, 0)));
    sim.advanceMs(sim.world.timings.hsmCreateMs);
    expect([cluster.contents!.users.size, cluster.contents!.keys.size]).toEqual([0, 0]);
  });

  it('world: HSM: each HSM takes one subnet address, given back when it is removed or lost', () => {
    const sim = new Simulator({ seed: 617 });
    const cluster = directActiveCluster(sim, [0, 0]);
    const subnet = sim.world.network.subnet(cluster.subnetMapping.get(azAt(sim, 0))!)!;
    const [first, second] = [...cluster.hsms.keys()];
    const inUse = freeAddresses(subnet);
    must(loseHsm(sim.world, cluster.clusterId, first!));
    must(deleteHsm(sim.world, cluster.clusterId, { hsmId: second! }));
    sim.advanceMs(sim.world.timings.hsmDeleteMs);
    expect(freeAddresses(subnet)).toBe(inUse + 2);
  });
});
