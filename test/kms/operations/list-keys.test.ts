/** ListKeys through the real SDK (docs/behaviour.md §2.4 ListKeys: every key not yet deleted, Limit/Marker paging). */
import {
  ListKeysCommand,
  ScheduleKeyDeletionCommand,
  type KeyListEntry,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { expectKmsError } from '../../support/kms-expect.js';
import {
  createAwsKmsKey,
  createHsmKey,
  DAY_MS,
  disconnectStore,
  type TestKey,
} from '../../support/kms-world.js';

describe('kms: ListKeys', () => {
  let w: ConnectedWorld;
  let keys: TestKey[];
  beforeEach(async () => {
    w = await buildConnectedWorld();
    keys = [];
    for (let i = 0; i < 5; i++)
      keys.push(i % 2 === 0 ? await createHsmKey(w) : await createAwsKmsKey(w));
  });

  const asEntries = (list: TestKey[]) => list.map((key) => ({ KeyId: key.keyId, KeyArn: key.arn }));

  it('kms: ListKeys: no Limit → every key of both key stores, one page, Truncated false', async () => {
    const out = await w.kms.send(new ListKeysCommand({}));
    expect(out.Keys).toEqual(asEntries(keys));
    expect(out.Truncated).toBe(false);
    expect(out.NextMarker).toBeUndefined();
  });

  it('kms: ListKeys: Limit 2 → three pages joined by NextMarker, the last one not truncated', async () => {
    const seen: KeyListEntry[] = [];
    const truncated: boolean[] = [];
    let marker: string | undefined;
    do {
      const page = await w.kms.send(new ListKeysCommand({ Limit: 2, Marker: marker }));
      expect(page.Keys!.length).toBeLessThanOrEqual(2);
      seen.push(...page.Keys!);
      truncated.push(page.Truncated!);
      expect(page.NextMarker === undefined).toBe(!page.Truncated);
      marker = page.NextMarker;
    } while (marker);
    expect(truncated).toEqual([true, true, false]);
    expect(seen).toEqual(asEntries(keys));
  });

  it('kms: ListKeys: Limit equal to the key count → one page, Truncated false', async () => {
    const out = await w.kms.send(new ListKeysCommand({ Limit: 5 }));
    expect(out.Keys).toHaveLength(5);
    expect(out.Truncated).toBe(false);
  });

  it('kms: ListKeys: Unavailable and PendingDeletion keys are still listed', async () => {
    await w.kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: keys[1]!.keyId, PendingWindowInDays: 7 }),
    );
    await disconnectStore(w);
    const out = await w.kms.send(new ListKeysCommand({}));
    expect(out.Keys).toEqual(asEntries(keys));
  });

  it('kms: ListKeys: a key whose waiting period has ended is gone', async () => {
    await w.kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: keys[2]!.keyId, PendingWindowInDays: 7 }),
    );
    w.sim.advanceMs(7 * DAY_MS + 1);
    const out = await w.kms.send(new ListKeysCommand({}));
    expect(out.Keys).toEqual(asEntries(keys.filter((_, i) => i !== 2)));
  });

  it('kms: ListKeys: a key deleted between two pages does not make the listing skip a live key', async () => {
    await w.kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: keys[0]!.keyId, PendingWindowInDays: 7 }),
    );
    const first = await w.kms.send(new ListKeysCommand({ Limit: 2 }));
    w.sim.advanceMs(7 * DAY_MS);
    const second = await w.kms.send(new ListKeysCommand({ Limit: 2, Marker: first.NextMarker }));
    const third = second.NextMarker
      ? await w.kms.send(new ListKeysCommand({ Limit: 2, Marker: second.NextMarker }))
      : { Keys: [] };
    const seen = [...first.Keys!, ...second.Keys!, ...third.Keys!].map((entry) => entry.KeyId);
    expect(seen).toEqual(keys.map((key) => key.keyId));
  });

  it('kms: ListKeys: a marker kmsim never issued → InvalidMarkerException', async () => {
    await expectKmsError(
      w.kms.send(new ListKeysCommand({ Marker: 'bm90LWEtbWFya2Vy' })),
      'InvalidMarkerException',
      'Invalid marker.',
    );
  });

  it.each([
    [
      0,
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      1001,
      "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000",
    ],
  ])('kms: ListKeys: Limit %i → ValidationException', async (limit, message) => {
    await expectKmsError(
      w.kms.send(new ListKeysCommand({ Limit: limit })),
      'ValidationException',
      message,
    );
  });
});
