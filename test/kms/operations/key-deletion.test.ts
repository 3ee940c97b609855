/** ScheduleKeyDeletion and CancelKeyDeletion through the real SDK (docs/behaviour.md §2.4, §3.2, §3.3). */
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  DescribeKeyCommand,
  ListAliasesCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { expectKmsError, rawKms } from '../../support/kms-expect.js';
import {
  createHsmKey,
  DAY_MS,
  describe as describeKey,
  type TestKey,
} from '../../support/kms-world.js';

const EPOCH_MS = Date.UTC(2026, 0, 1);

describe('kms: ScheduleKeyDeletion', () => {
  let w: ConnectedWorld;
  let key: TestKey;
  beforeEach(async () => {
    w = await buildConnectedWorld();
    key = await createHsmKey(w);
  });

  it('kms: ScheduleKeyDeletion: default window is 30 days; response carries KeyId ARN, DeletionDate, KeyState, PendingWindowInDays', async () => {
    const now = w.sim.nowMs;
    const out = await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId }));
    expect(out.KeyId).toBe(key.arn);
    expect(out.KeyState).toBe('PendingDeletion');
    expect(out.PendingWindowInDays).toBe(30);
    expect(out.DeletionDate!.getTime()).toBe(EPOCH_MS + now + 30 * DAY_MS);
    expect(await describeKey(w, key.keyId)).toMatchObject({
      KeyState: 'PendingDeletion',
      Enabled: false,
      DeletionDate: out.DeletionDate,
    });
  });

  it.each([7, 30])('kms: ScheduleKeyDeletion: PendingWindowInDays %i is accepted', async (days) => {
    const now = w.sim.nowMs;
    const out = await w.kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: key.arn, PendingWindowInDays: days }),
    );
    expect(out.PendingWindowInDays).toBe(days);
    expect(out.DeletionDate!.getTime()).toBe(EPOCH_MS + now + days * DAY_MS);
  });

  it.each([6, 31])(
    'kms: ScheduleKeyDeletion: PendingWindowInDays %i → ValidationException, key untouched',
    async (days) => {
      await expectKmsError(
        w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: days })),
        'ValidationException',
        `PendingWindowInDays should be between 7 and 30, but it is ${days}`,
      );
      expect((await describeKey(w, key.keyId)).KeyState).toBe('Enabled');
    },
  );

  it.each([
    [
      0,
      "1 validation error detected: Value '0' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      366,
      "1 validation error detected: Value '366' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 365",
    ],
  ])(
    'kms: ScheduleKeyDeletion: PendingWindowInDays %i is outside the model range → model ValidationException',
    async (days, message) => {
      await expectKmsError(
        w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: days })),
        'ValidationException',
        message,
      );
    },
  );

  it('kms: ScheduleKeyDeletion: unknown key and PendingWindowInDays 6 → ValidationException (validation before key resolution, docs/behaviour.md §3.2)', async () => {
    await expectKmsError(
      w.kms.send(
        new ScheduleKeyDeletionCommand({
          KeyId: '7a7a7a7a-0000-4000-8000-000000000000',
          PendingWindowInDays: 6,
        }),
      ),
      'ValidationException',
      'PendingWindowInDays should be between 7 and 30, but it is 6',
    );
  });

  it('kms: ScheduleKeyDeletion: already pending → KMSInvalidStateException', async () => {
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    await expectKmsError(
      w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId })),
      'KMSInvalidStateException',
      `${key.arn} is pending deletion.`,
    );
  });

  it('kms: ScheduleKeyDeletion: the key exists until the window ends, then it and its aliases are gone', async () => {
    await w.kms.send(new CreateAliasCommand({ AliasName: 'alias/doomed', TargetKeyId: key.keyId }));
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    w.sim.advanceMs(7 * DAY_MS - 1);
    expect((await describeKey(w, key.keyId)).KeyState).toBe('PendingDeletion');
    w.sim.advanceMs(1);
    await expectKmsError(
      w.kms.send(new DescribeKeyCommand({ KeyId: key.keyId })),
      'NotFoundException',
      `Key '${key.arn}' does not exist`,
    );
    expect((await w.kms.send(new ListAliasesCommand({}))).Aliases).toEqual([]);
  });

  it('kms: ScheduleKeyDeletion: the backing key is removed from the cluster when the store is connected', async () => {
    const keys = w.sim.world.clusters.get(w.clusterId)!.contents!.keys;
    expect(keys.size).toBe(1);
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    w.sim.advanceMs(7 * DAY_MS);
    expect(keys.size).toBe(0);
  });
});

describe('kms: CancelKeyDeletion', () => {
  let w: ConnectedWorld;
  let key: TestKey;
  beforeEach(async () => {
    w = await buildConnectedWorld();
    key = await createHsmKey(w);
  });

  it('kms: CancelKeyDeletion: PendingDeletion → Disabled (not Enabled), no DeletionDate; response KeyId is the ARN', async () => {
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    const out = await w.kms.send(new CancelKeyDeletionCommand({ KeyId: key.keyId }));
    expect(out.KeyId).toBe(key.arn);
    const metadata = await describeKey(w, key.keyId);
    expect(metadata).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(metadata.DeletionDate).toBeUndefined();
  });

  it('kms: CancelKeyDeletion: the cancelled key survives past the old deletion date', async () => {
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    await w.kms.send(new CancelKeyDeletionCommand({ KeyId: key.arn }));
    w.sim.advanceMs(31 * DAY_MS);
    expect((await describeKey(w, key.keyId)).KeyState).toBe('Disabled');
  });

  it('kms: CancelKeyDeletion: then schedule again → the new window counts, not the old one', async () => {
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    w.sim.advanceMs(5 * DAY_MS);
    await w.kms.send(new CancelKeyDeletionCommand({ KeyId: key.keyId }));
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    w.sim.advanceMs(3 * DAY_MS);
    expect((await describeKey(w, key.keyId)).KeyState).toBe('PendingDeletion');
    w.sim.advanceMs(4 * DAY_MS);
    await expectKmsError(
      w.kms.send(new DescribeKeyCommand({ KeyId: key.keyId })),
      'NotFoundException',
      `Key '${key.arn}' does not exist`,
    );
  });

  it('kms: CancelKeyDeletion: on an Enabled key → KMSInvalidStateException not pending deletion', async () => {
    await expectKmsError(
      w.kms.send(new CancelKeyDeletionCommand({ KeyId: key.keyId })),
      'KMSInvalidStateException',
      `${key.arn} is not pending deletion (or pending replica deletion).`,
    );
  });

  it('kms: CancelKeyDeletion: raw body carries the key ARN only', async () => {
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    expect(await rawKms(w.sim, 'CancelKeyDeletion', { KeyId: key.keyId })).toMatchObject({
      status: 200,
      body: { KeyId: key.arn },
    });
  });
});
