/**
 * kms/key-state-change.ts (docs/behaviour.md §5.1 "hot key", §5.3): EnableKey, DisableKey, ScheduleKeyDeletion
 * and CancelKeyDeletion on one key share that key's per-second limit (default 2), below each
 * operation's own quota; the excess is ThrottlingException with the one text KMS sends. Virtual
 * time stands still between calls unless a test advances it, so "one second" is exact.
 */
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../src/simulator.js';
import { createKmsClient } from '../../src/transport/sdk-clients.js';
import { buildConnectedWorld, type ConnectedWorld } from '../support/connected-store.js';
import { expectKmsError } from '../support/kms-expect.js';
import { createAwsKmsKey, createHsmKey, keyStateOf, type TestKey } from '../support/kms-world.js';

const THROTTLED =
  'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.';

/** A fresh virtual second, so earlier setup calls do not count. */
function nextSecond(w: ConnectedWorld): void {
  w.sim.advanceMs(1_000 - (w.sim.nowMs % 1_000));
}

async function world(seed: number): Promise<{ w: ConnectedWorld; key: TestKey; other: TestKey }> {
  const w = await buildConnectedWorld(seed);
  const key = await createHsmKey(w, 'hot');
  const other = await createAwsKmsKey(w, 'other');
  nextSecond(w);
  return { w, key, other };
}

function hotKeyEvents(w: ConnectedWorld): Record<string, unknown>[] {
  return w.sim.kernel.trace
    .ofKind('kms.throttled')
    .map((event) => event.data)
    .filter((data) => data.quota === 'hot-key');
}

describe('kms: hot-key throttling of state changes on one key', () => {
  it('kms: hot key: DisableKey, EnableKey, then a third state change on the same key in the same second → ThrottlingException (400, exact text); the key keeps its state', async () => {
    const { w, key } = await world(1601);
    await w.kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    await w.kms.send(new EnableKeyCommand({ KeyId: key.arn }));
    await expectKmsError(
      w.kms.send(new DisableKeyCommand({ KeyId: key.keyId })),
      'ThrottlingException',
      THROTTLED,
    );
    expect(await keyStateOf(w, key.keyId)).toBe('Enabled');
    expect(hotKeyEvents(w)).toEqual([
      { operation: 'DisableKey', quota: 'hot-key', keyId: key.keyId },
    ]);
  });

  it('kms: hot key: ScheduleKeyDeletion and CancelKeyDeletion count with Enable/Disable; the next virtual second is fresh', async () => {
    const { w, key } = await world(1602);
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    await w.kms.send(new CancelKeyDeletionCommand({ KeyId: key.keyId }));
    await expectKmsError(
      w.kms.send(new EnableKeyCommand({ KeyId: key.keyId })),
      'ThrottlingException',
      THROTTLED,
    );
    expect(await keyStateOf(w, key.keyId)).toBe('Disabled');
    nextSecond(w);
    await w.kms.send(new EnableKeyCommand({ KeyId: key.keyId }));
    expect(await keyStateOf(w, key.keyId)).toBe('Enabled');
  });

  it('kms: hot key: another key, DescribeKey and CreateAlias are not counted; a refused state change (EnableKey on PendingDeletion) is', async () => {
    const { w, key, other } = await world(1603);
    await w.kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    for (let i = 0; i < 3; i++) await w.kms.send(new DescribeKeyCommand({ KeyId: key.keyId }));
    await w.kms.send(new CreateAliasCommand({ AliasName: 'alias/hot', TargetKeyId: key.keyId }));
    await w.kms.send(new DisableKeyCommand({ KeyId: other.keyId }));
    await w.kms.send(new EnableKeyCommand({ KeyId: other.keyId }));
    await w.kms.send(new EnableKeyCommand({ KeyId: key.keyId }));
    nextSecond(w);
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    await expectKmsError(
      w.kms.send(new EnableKeyCommand({ KeyId: key.keyId })),
      'KMSInvalidStateException',
      /is pending deletion/,
    );
    await expectKmsError(
      w.kms.send(new CancelKeyDeletionCommand({ KeyId: key.keyId })),
      'ThrottlingException',
      THROTTLED,
    );
  });

  it('kms: hot key: below each operation’s own quota — four calls a second on one key alternate DisableKey/EnableKey (2 each, EnableKey/DisableKey allow 5) and two of every four are throttled', async () => {
    const { w, key } = await world(1604);
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const command =
        i % 2 === 0
          ? new DisableKeyCommand({ KeyId: key.keyId })
          : new EnableKeyCommand({ KeyId: key.keyId });
      try {
        await w.kms.send(command);
        outcomes.push('ok');
      } catch (error) {
        outcomes.push((error as Error).name);
      }
      w.sim.advanceMs(250);
    }
    const perSecond = [0, 4, 8].map((start) => outcomes.slice(start, start + 4));
    expect(perSecond).toEqual(
      Array(3).fill(['ok', 'ok', 'ThrottlingException', 'ThrottlingException']),
    );
    expect(hotKeyEvents(w)).toHaveLength(6);
    expect(w.sim.kernel.trace.ofKind('kms.throttled')).toHaveLength(6);
  });

  it('kms: hot key: the SDK retries the ThrottlingException (standard mode, 3 attempts); in one frozen second every attempt is throttled', async () => {
    const { w, key } = await world(1605);
    const retrying = createKmsClient(w.sim, { maxAttempts: 3 });
    await w.kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    await w.kms.send(new EnableKeyCommand({ KeyId: key.keyId }));
    const error = await expectKmsError(
      retrying.send(new DisableKeyCommand({ KeyId: key.keyId })),
      'ThrottlingException',
      THROTTLED,
    );
    expect((error as { $metadata?: { attempts?: number } }).$metadata?.attempts).toBe(3);
    expect(hotKeyEvents(w)).toHaveLength(3);
  });

  it('kms: hot key: the limit is configurable per simulator (quotas.keyStateChangeRps)', async () => {
    const sim = new Simulator({ seed: 1606, quotas: { keyStateChangeRps: 4 } });
    const kms = createKmsClient(sim, { maxAttempts: 1 });
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    sim.advanceMs(1_000);
    for (let i = 0; i < 4; i++)
      await kms.send(
        i % 2 === 0 ? new DisableKeyCommand({ KeyId: key }) : new EnableKeyCommand({ KeyId: key }),
      );
    await expectKmsError(
      kms.send(new DisableKeyCommand({ KeyId: key })),
      'ThrottlingException',
      THROTTLED,
    );
  });
});
