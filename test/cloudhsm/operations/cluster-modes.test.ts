/**
 * HSM types and cluster modes on CreateCluster through the real CloudHSMV2Client (world/
 * hsm-types.ts): NON_FIPS only on hsm2m.medium, a restored cluster keeps its backup's mode, and an
 * hsm2m.medium backup does not go back to hsm1.medium. The pinned SDK predates `Mode`: it sends
 * every input member it is given but drops `Mode` from responses, so the mode is read from the
 * world.
 */
import { describe, expect, it } from 'vitest';
import { CreateClusterCommand, type CreateClusterCommandInput } from '@aws-sdk/client-cloudhsm-v2';
import { initializeAndActivate } from '../../support/connected-store.js';
import { freshHsmWorld, subnetIds, type HsmWorld } from '../../support/keystore-cloudhsm.js';
import { expectClientError } from '../../support/keystore-expect.js';
import { addHsms, newestBackupId, settleBackups } from '../../support/keystore-world.js';

type WithMode = CreateClusterCommandInput & { Mode?: string };

const create = (w: HsmWorld, input: Omit<WithMode, 'SubnetIds'>) =>
  w.hsm.send(new CreateClusterCommand({ SubnetIds: subnetIds(w.sim), ...input } as WithMode));

/** HsmType from the answer, mode from the world (see above). */
async function created(w: HsmWorld, input: Omit<WithMode, 'SubnetIds'>) {
  const cluster = (await create(w, input)).Cluster!;
  const world = w.sim.world.clusters.get(cluster.ClusterId!)!;
  return {
    HsmType: cluster.HsmType,
    SourceBackupId: cluster.SourceBackupId,
    Mode: world.mode,
  };
}

/** An ACTIVE cluster of the given type and mode with one READY backup; returns that backup's id. */
async function backupOf(w: HsmWorld, HsmType: string, Mode: string): Promise<string> {
  const created = await create(w, { HsmType, Mode } as WithMode);
  const clusterId = created.Cluster!.ClusterId!;
  w.sim.advanceMs(w.sim.world.timings.clusterCreateMs);
  await addHsms(w.sim, w.hsm, clusterId, [0]);
  await initializeAndActivate(w.sim, w.hsm, clusterId);
  settleBackups(w.sim);
  return newestBackupId(w.hsm, clusterId);
}

describe('cloudhsm: HSM types and cluster modes', () => {
  it('cloudhsm: CreateCluster: Mode NON_FIPS with hsm1.medium → CloudHsmInvalidRequestException; with hsm2m.medium it is the cluster’s mode; FIPS is the default on both', async () => {
    const w = freshHsmWorld(1201);
    await expectClientError(
      create(w, { HsmType: 'hsm1.medium', Mode: 'NON_FIPS' } as WithMode),
      'CloudHsmInvalidRequestException',
      'Mode NON_FIPS is available only with HsmType hsm2m.medium, not hsm1.medium.',
    );
    expect(w.sim.world.clusters.size).toBe(0);
    expect(
      await created(w, { HsmType: 'hsm2m.medium', Mode: 'NON_FIPS' } as WithMode),
    ).toMatchObject({ HsmType: 'hsm2m.medium', Mode: 'NON_FIPS' });
    for (const HsmType of ['hsm1.medium', 'hsm2m.medium']) {
      expect(await created(w, { HsmType })).toMatchObject({ HsmType, Mode: 'FIPS' });
    }
    expect((await created(w, { HsmType: 'hsm1.medium', Mode: 'FIPS' } as WithMode)).Mode).toBe(
      'FIPS',
    );
    await expectClientError(
      create(w, { HsmType: 'hsm2m.medium', Mode: 'HALF_FIPS' } as WithMode),
      'ValidationException',
    );
  });

  it('cloudhsm: CreateCluster from a backup: the backup’s mode carries over; another Mode → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(1202);
    const backupId = await backupOf(w, 'hsm2m.medium', 'NON_FIPS');
    expect(await created(w, { HsmType: 'hsm2m.medium', SourceBackupId: backupId })).toEqual({
      HsmType: 'hsm2m.medium',
      Mode: 'NON_FIPS',
      SourceBackupId: backupId,
    });
    await expectClientError(
      create(w, { HsmType: 'hsm2m.medium', SourceBackupId: backupId, Mode: 'FIPS' } as WithMode),
      'CloudHsmInvalidRequestException',
      /does not match the mode of backup/,
    );
  });

  it('cloudhsm: CreateCluster from a backup: hsm2m.medium backups do not restore to hsm1.medium; hsm1.medium backups restore to hsm2m.medium', async () => {
    const w = freshHsmWorld(1203);
    const hsm2Backup = await backupOf(w, 'hsm2m.medium', 'FIPS');
    await expectClientError(
      create(w, { HsmType: 'hsm1.medium', SourceBackupId: hsm2Backup }),
      'CloudHsmInvalidRequestException',
      /cannot be restored to HsmType hsm1\.medium/,
    );
    const hsm1Backup = await backupOf(w, 'hsm1.medium', 'FIPS');
    expect(await created(w, { HsmType: 'hsm2m.medium', SourceBackupId: hsm1Backup })).toEqual({
      HsmType: 'hsm2m.medium',
      Mode: 'FIPS',
      SourceBackupId: hsm1Backup,
    });
  });
});
