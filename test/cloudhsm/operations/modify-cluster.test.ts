/**
 * ModifyCluster through the real CloudHSMV2Client (docs/behaviour.md §2.5, §6.3): the backup retention policy
 * changes (7..379 days) and the next daily retention pass uses it; an HSM type change is refused
 * with its reason (world/cluster-modification.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  DeleteClusterCommand,
  ModifyClusterCommand,
  type ModifyClusterCommandInput,
} from '@aws-sdk/client-cloudhsm-v2';
import { MS_PER_DAY } from '../../../src/world/timings.js';
import { buildActiveCluster } from '../../support/connected-store.js';
import {
  backupsOf,
  createBareCluster,
  describeCluster,
  freshHsmWorld,
} from '../../support/keystore-cloudhsm.js';
import { expectClientError } from '../../support/keystore-expect.js';
import { settleBackups } from '../../support/keystore-world.js';

const retention = (
  ClusterId: string,
  Value: string | undefined,
  Type: string | undefined = 'DAYS',
) =>
  new ModifyClusterCommand({
    ClusterId,
    BackupRetentionPolicy: { Type, Value } as { Type: 'DAYS'; Value: string },
  });

describe('cloudhsm: ModifyCluster', () => {
  it('cloudhsm: ModifyCluster: BackupRetentionPolicy → the Cluster answered and DescribeClusters carry the new value; the bounds 7 and 379 are accepted', async () => {
    const w = freshHsmWorld(1101);
    const cluster = await createBareCluster(w);
    expect(cluster.BackupRetentionPolicy).toEqual({ Type: 'DAYS', Value: '90' });
    for (const Value of ['7', '379', '30']) {
      const out = await w.hsm.send(retention(cluster.ClusterId!, Value));
      expect(out.Cluster).toMatchObject({
        ClusterId: cluster.ClusterId,
        State: 'UNINITIALIZED',
        BackupRetentionPolicy: { Type: 'DAYS', Value },
      });
    }
    expect((await describeCluster(w.hsm, cluster.ClusterId!))?.BackupRetentionPolicy).toEqual({
      Type: 'DAYS',
      Value: '30',
    });
  });

  it('cloudhsm: ModifyCluster: retention outside 7..379, a policy without a Value, or nothing to modify → CloudHsmInvalidRequestException and the policy stays', async () => {
    const w = freshHsmWorld(1102);
    const { ClusterId } = await createBareCluster(w, { retentionDays: 20 });
    for (const Value of ['6', '0', '380', '999']) {
      await expectClientError(
        w.hsm.send(retention(ClusterId!, Value)),
        'CloudHsmInvalidRequestException',
        /7 to 379 days/,
      );
    }
    await expectClientError(
      w.hsm.send(retention(ClusterId!, undefined)),
      'CloudHsmInvalidRequestException',
      'BackupRetentionPolicy must have a Value.',
    );
    await expectClientError(
      w.hsm.send(new ModifyClusterCommand({ ClusterId } as ModifyClusterCommandInput)),
      'CloudHsmInvalidRequestException',
      'Specify BackupRetentionPolicy or HsmType to modify.',
    );
    // Validation of the model's constraints comes first.
    for (const Value of ['abc', '1000']) {
      await expectClientError(w.hsm.send(retention(ClusterId!, Value)), 'ValidationException');
    }
    await expectClientError(
      w.hsm.send(retention(ClusterId!, '30', 'WEEKS')),
      'ValidationException',
    );
    expect((await describeCluster(w.hsm, ClusterId!))?.BackupRetentionPolicy?.Value).toBe('20');
    // A policy without Type means DAYS, the only type there is.
    const out = await w.hsm.send(retention(ClusterId!, '45', undefined));
    expect(out.Cluster?.BackupRetentionPolicy).toEqual({ Type: 'DAYS', Value: '45' });
  });

  it('cloudhsm: ModifyCluster: the next daily retention pass applies the new policy', async () => {
    const w = freshHsmWorld(1103);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    settleBackups(w.sim);
    const [activation] = await backupsOf(w.hsm, clusterId);
    w.sim.advanceMs(10 * MS_PER_DAY);
    // Under the default 90 days nothing has expired.
    expect((await backupsOf(w.hsm, clusterId)).map((b) => b.BackupState)).not.toContain(
      'PENDING_DELETION',
    );
    await w.hsm.send(retention(clusterId, '7'));
    w.sim.advanceMs(MS_PER_DAY);
    const states = new Map(
      (await backupsOf(w.hsm, clusterId)).map((backup) => [backup.BackupId, backup.BackupState]),
    );
    expect(states.get(activation!.BackupId)).toBe('PENDING_DELETION');
  });

  it('cloudhsm: ModifyCluster: HsmType → CloudHsmInvalidRequestException naming what kmsim does not simulate; an unknown type is named as unsupported first', async () => {
    const w = freshHsmWorld(1104);
    const { ClusterId } = await createBareCluster(w);
    await expectClientError(
      w.hsm.send(new ModifyClusterCommand({ ClusterId, HsmType: 'hsm2m.medium' } as never)),
      'CloudHsmInvalidRequestException',
      /^kmsim does not simulate changing a cluster's HSM type \(the hsm1\.medium → hsm2m\.medium migration\)/,
    );
    await expectClientError(
      w.hsm.send(new ModifyClusterCommand({ ClusterId, HsmType: 'hsm9.bogus' } as never)),
      'CloudHsmInvalidRequestException',
      /HsmType hsm9\.bogus is not supported/,
    );
    expect((await describeCluster(w.hsm, ClusterId!))?.HsmType).toBe('hsm1.medium');
  });

  it('cloudhsm: ModifyCluster: an unknown or DELETED cluster → CloudHsmResourceNotFoundException; one being deleted → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(1105);
    await expectClientError(
      w.hsm.send(retention('cluster-abcdefghijk', '30')),
      'CloudHsmResourceNotFoundException',
    );
    const { ClusterId } = await createBareCluster(w);
    await w.hsm.send(new DeleteClusterCommand({ ClusterId }));
    await expectClientError(
      w.hsm.send(retention(ClusterId!, '30')),
      'CloudHsmInvalidRequestException',
      /being deleted/,
    );
    w.sim.advanceMs(w.sim.world.timings.clusterDeleteMs);
    await expectClientError(
      w.hsm.send(retention(ClusterId!, '30')),
      'CloudHsmResourceNotFoundException',
    );
  });
});
