/**
 * PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy (CloudHSM API reference; world/
 * backup-sharing.ts). The pinned CloudHSMV2Client predates these operations, so requests go over
 * the wire protocol itself through `sim.handleWire`, exactly as a newer SDK would send them.
 */
import { describe, expect, it } from 'vitest';
import { DeleteBackupCommand, DescribeBackupsCommand } from '@aws-sdk/client-cloudhsm-v2';
import type { Simulator } from '../../../src/simulator.js';
import { buildActiveCluster } from '../../support/connected-store.js';
import { createBareCluster, freshHsmWorld } from '../../support/keystore-cloudhsm.js';
import { newestBackupId, settleBackups } from '../../support/keystore-world.js';

const POLICY = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},
  "Action":["cloudhsm:DescribeBackups","cloudhsm:CreateCluster"],"Resource":"*"}]}`;

interface WireAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function call(sim: Simulator, operation: string, input: object): Promise<WireAnswer> {
  const response = await sim.handleWire({
    target: `BaldrApiService.${operation}`,
    body: JSON.stringify(input),
    headers: { 'content-type': 'application/x-amz-json-1.1' },
  });
  return { status: response.status, body: JSON.parse(response.body) as Record<string, unknown> };
}

async function sharedBackup(seed: number) {
  const w = freshHsmWorld(seed);
  const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
  settleBackups(w.sim);
  const backupId = await newestBackupId(w.hsm, clusterId);
  return { w, clusterId, backupId, arn: w.sim.world.backupArn(backupId) };
}

describe('cloudhsm: backup resource policies', () => {
  it('cloudhsm: PutResourcePolicy stores the policy byte for byte; GetResourcePolicy returns it; DeleteResourcePolicy returns it once more and removes it', async () => {
    const { w, arn } = await sharedBackup(1301);
    const before = await call(w.sim, 'GetResourcePolicy', { ResourceArn: arn });
    expect(before).toEqual({ status: 200, body: {} });
    expect(await call(w.sim, 'PutResourcePolicy', { ResourceArn: arn, Policy: POLICY })).toEqual({
      status: 200,
      body: { ResourceArn: arn, Policy: POLICY },
    });
    expect(await call(w.sim, 'GetResourcePolicy', { ResourceArn: arn })).toEqual({
      status: 200,
      body: { Policy: POLICY },
    });
    const replaced = '{"Version":"2012-10-17","Statement":[]}';
    await call(w.sim, 'PutResourcePolicy', { ResourceArn: arn, Policy: replaced });
    expect(await call(w.sim, 'DeleteResourcePolicy', { ResourceArn: arn })).toEqual({
      status: 200,
      body: { ResourceArn: arn, Policy: replaced },
    });
    expect(await call(w.sim, 'GetResourcePolicy', { ResourceArn: arn })).toEqual({
      status: 200,
      body: {},
    });
    expect(await call(w.sim, 'DeleteResourcePolicy', { ResourceArn: arn })).toEqual({
      status: 200,
      body: { ResourceArn: arn },
    });
  });

  it('cloudhsm: PutResourcePolicy: a backup that is not READY, a policy that is not a JSON object, or no policy → CloudHsmInvalidRequestException', async () => {
    const { w, backupId, arn } = await sharedBackup(1302);
    for (const Policy of ['{not json', '["Statement"]', '"text"', undefined]) {
      const answer = await call(w.sim, 'PutResourcePolicy', { ResourceArn: arn, Policy });
      expect(answer.status).toBe(400);
      expect(answer.body.__type).toBe('CloudHsmInvalidRequestException');
    }
    await w.hsm.send(new DeleteBackupCommand({ BackupId: backupId }));
    const pending = await call(w.sim, 'PutResourcePolicy', { ResourceArn: arn, Policy: POLICY });
    expect(pending).toEqual({
      status: 400,
      body: {
        __type: 'CloudHsmInvalidRequestException',
        Message: `Backup ${backupId} is in state PENDING_DELETION; only a READY backup can be shared.`,
      },
    });
  });

  it('cloudhsm: resource policies: a cluster or HSM ARN → CloudHsmInvalidRequestException; another account, Region or an unknown backup → CloudHsmResourceNotFoundException; no ResourceArn → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(1303);
    const cluster = await createBareCluster(w);
    const region = w.sim.world.region;
    const account = w.sim.world.accountId;
    const cases: [string | undefined, string][] = [
      [
        `arn:aws:cloudhsm:${region}:${account}:cluster/${cluster.ClusterId}`,
        'CloudHsmInvalidRequestException',
      ],
      [
        `arn:aws:cloudhsm:${region}:${account}:hsm/hsm-abcdefghijk`,
        'CloudHsmInvalidRequestException',
      ],
      [
        `arn:aws:cloudhsm:${region}:444455556666:backup/backup-abcdefghijk`,
        'CloudHsmResourceNotFoundException',
      ],
      [
        `arn:aws:cloudhsm:eu-west-1:${account}:backup/backup-abcdefghijk`,
        'CloudHsmResourceNotFoundException',
      ],
      [
        `arn:aws:cloudhsm:${region}:${account}:backup/backup-abcdefghijk`,
        'CloudHsmResourceNotFoundException',
      ],
      [undefined, 'CloudHsmInvalidRequestException'],
    ];
    for (const operation of ['GetResourcePolicy', 'PutResourcePolicy', 'DeleteResourcePolicy']) {
      for (const [ResourceArn, error] of cases) {
        const answer = await call(w.sim, operation, { ResourceArn, Policy: POLICY });
        expect([operation, ResourceArn, answer.status, answer.body.__type]).toEqual([
          operation,
          ResourceArn,
          400,
          error,
        ]);
      }
    }
    const malformed = await call(w.sim, 'GetResourcePolicy', { ResourceArn: 'backup-abcdefghijk' });
    expect(malformed.body.__type).toBe('ValidationException');
    const empty = await call(w.sim, 'PutResourcePolicy', {
      ResourceArn: `arn:aws:cloudhsm:${region}:${account}:backup/backup-abcdefghijk`,
      Policy: '',
    });
    expect(empty.body.__type).toBe('ValidationException');
  });

  it('cloudhsm: DescribeBackups Shared: true lists no backups (nothing is shared with the one simulated account)', async () => {
    const { w, backupId, arn } = await sharedBackup(1304);
    await call(w.sim, 'PutResourcePolicy', { ResourceArn: arn, Policy: POLICY });
    const shared = await w.hsm.send(new DescribeBackupsCommand({ Shared: true } as never));
    expect(shared.Backups).toEqual([]);
    const own = await w.hsm.send(new DescribeBackupsCommand({ Shared: false } as never));
    expect(own.Backups?.map((backup) => backup.BackupId)).toContain(backupId);
  });
});
