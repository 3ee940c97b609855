/**
 * Encryption context and tampering (docs/behaviour.md §8.2, §8.3) through the real SDK, with raw-wire checks that
 * InvalidCiphertextException carries no message member at all (docs/behaviour.md §1.3).
 */
import {
  DecryptCommand,
  EncryptCommand,
  ReEncryptCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../support/connected-store.js';
import {
  b64,
  expectBareError,
  expectKmsError,
  rawKms,
  SDK_NO_MESSAGE_PLACEHOLDER,
} from '../support/kms-expect.js';
import {
  createAwsKmsKey,
  createHsmKey,
  DAY_MS,
  encryptUnder,
  type TestKey,
} from '../support/kms-world.js';

const INCORRECT_KEY =
  'The key ID in the request does not identify a CMK that can perform this operation.';
const CONTEXT = { tenant: 'acme', purpose: 'invoice' };

describe('kms: encryption context (docs/behaviour.md §8.2)', () => {
  let w: ConnectedWorld;
  let key: TestKey;
  let blob: Uint8Array;
  beforeAll(async () => {
    w = await buildConnectedWorld();
    key = await createHsmKey(w);
    blob = await encryptUnder(w, key.keyId, 'bound', CONTEXT);
  });

  const decrypt = (context: Record<string, string> | undefined) =>
    w.kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context }));

  it('kms: context: the exact same pairs decrypt', async () => {
    expect(
      Buffer.from((await decrypt({ tenant: 'acme', purpose: 'invoice' })).Plaintext!).toString(),
    ).toBe('bound');
  });

  it('kms: context: the same pairs in another order decrypt (SDK and raw JSON)', async () => {
    expect(
      Buffer.from((await decrypt({ purpose: 'invoice', tenant: 'acme' })).Plaintext!).toString(),
    ).toBe('bound');
    const raw = await rawKms(w.sim, 'Decrypt', {
      CiphertextBlob: b64(blob),
      EncryptionContext: { purpose: 'invoice', tenant: 'acme' },
    });
    expect(raw.status).toBe(200);
    expect(raw.body.Plaintext).toBe(b64('bound'));
  });

  it.each([
    ['missing entirely', undefined],
    ['empty map', {}],
    ['one pair missing', { tenant: 'acme' }],
    ['an extra pair', { ...CONTEXT, extra: 'x' }],
    ['a value in another case', { tenant: 'ACME', purpose: 'invoice' }],
    ['a key in another case', { Tenant: 'acme', purpose: 'invoice' }],
    ['a different value', { tenant: 'acme', purpose: 'receipt' }],
    ['key and value boundary moved', { tenan: 'tacme', purpose: 'invoice' }],
  ])('kms: context: %s → InvalidCiphertextException with no message', async (_label, context) => {
    await expectKmsError(decrypt(context), 'InvalidCiphertextException', null);
    const body: Record<string, unknown> = { CiphertextBlob: b64(blob) };
    if (context) body.EncryptionContext = context;
    expectBareError(await rawKms(w.sim, 'Decrypt', body), 'InvalidCiphertextException');
  });

  it('kms: context: a context at decrypt when none was used at encrypt → InvalidCiphertextException', async () => {
    const bare = await encryptUnder(w, key.keyId, 'no context');
    await expectKmsError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: bare, EncryptionContext: { a: 'b' } })),
      'InvalidCiphertextException',
      null,
    );
  });

  it('kms: context: no context at encrypt and an empty map at decrypt are the same thing', async () => {
    const bare = await encryptUnder(w, key.keyId, 'no context');
    const out = await w.kms.send(
      new DecryptCommand({ CiphertextBlob: bare, EncryptionContext: {} }),
    );
    expect(Buffer.from(out.Plaintext!).toString()).toBe('no context');
  });

  it('kms: context: non-ASCII keys and values round-trip', async () => {
    const context = { clé: 'valeur-é', 名前: '値' };
    const sealed = await encryptUnder(w, key.keyId, 'unicode', context);
    const out = await w.kms.send(
      new DecryptCommand({
        CiphertextBlob: sealed,
        EncryptionContext: { 名前: '値', clé: 'valeur-é' },
      }),
    );
    expect(Buffer.from(out.Plaintext!).toString()).toBe('unicode');
  });
});

/** Deterministic positions and masks (seed printed in the test names) so a failure replays. */
function seededMasks(seed: number, count: number): number[] {
  let state = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out.push(state >>> 24 || 0x5a);
  }
  return out;
}

function flipped(blob: Uint8Array, position: number, mask: number): Uint8Array {
  const copy = new Uint8Array(blob);
  copy[position] = copy[position]! ^ mask;
  return copy;
}

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'decrypted';
  } catch (error) {
    const e = error as { name: string; message: string };
    return e.message === SDK_NO_MESSAGE_PLACEHOLDER ? e.name : `${e.name}: ${e.message}`;
  }
}

describe.each([
  ['CloudHSM key', createHsmKey],
  ['AWS_KMS key', createAwsKmsKey],
])('kms: tampering (docs/behaviour.md §8.3), %s', (_label, makeKey) => {
  let w: ConnectedWorld;
  let key: TestKey;
  let blob: Uint8Array;
  beforeAll(async () => {
    w = await buildConnectedWorld();
    key = await makeKey(w);
    blob = await encryptUnder(w, key.keyId, 'tamper-evident payload, 48 bytes long.........', {
      a: 'b',
    });
  });

  const decrypt = (ciphertext: Uint8Array, keyId?: string) =>
    w.kms.send(
      new DecryptCommand({
        CiphertextBlob: ciphertext,
        KeyId: keyId,
        EncryptionContext: { a: 'b' },
      }),
    );

  it('kms: tamper: the untouched blob decrypts (control)', async () => {
    expect(await outcome(decrypt(blob))).toBe('decrypted');
  });

  it('kms: tamper: flipping the low bit of any single byte, header and body → InvalidCiphertextException, no message', async () => {
    const outcomes = [];
    for (let i = 0; i < blob.length; i++)
      outcomes.push(`${i}: ${await outcome(decrypt(flipped(blob, i, 0x01)))}`);
    expect(outcomes).toEqual([...blob].map((_, i) => `${i}: InvalidCiphertextException`));
  });

  it('kms: tamper: seed 20260101 random masks on every byte → InvalidCiphertextException, bare body on the wire', async () => {
    const masks = seededMasks(20260101, blob.length);
    const outcomes = [];
    for (let i = 0; i < blob.length; i++) {
      const raw = await rawKms(w.sim, 'Decrypt', {
        CiphertextBlob: b64(flipped(blob, i, masks[i]!)),
        EncryptionContext: { a: 'b' },
      });
      outcomes.push(`${i}^${masks[i]}: ${raw.status} ${JSON.stringify(raw.body)}`);
    }
    expect(outcomes).toEqual(
      masks.map((mask, i) => `${i}^${mask}: 400 {"__type":"InvalidCiphertextException"}`),
    );
  });

  it('kms: tamper: a flipped byte with the right KeyId in the request → still InvalidCiphertextException', async () => {
    const outcomes = [];
    for (let i = 0; i < blob.length; i += 3)
      outcomes.push(`${i}: ${await outcome(decrypt(flipped(blob, i, 0x80), key.keyId))}`);
    expect(outcomes.every((line) => line.endsWith(': InvalidCiphertextException'))).toBe(true);
    expect(outcomes.length).toBeGreaterThan(20);
  });

  it('kms: tamper: every truncation → InvalidCiphertextException', async () => {
    const outcomes = [];
    for (let length = 1; length < blob.length; length++)
      outcomes.push(`${length}: ${await outcome(decrypt(blob.subarray(0, length)))}`);
    expect(outcomes).toEqual(
      [...blob.subarray(1)].map((_, i) => `${i + 1}: InvalidCiphertextException`),
    );
  });

  it('kms: tamper: one extra byte appended → InvalidCiphertextException', async () => {
    expect(await outcome(decrypt(new Uint8Array([...blob, 0])))).toBe('InvalidCiphertextException');
  });

  it('kms: tamper: ReEncrypt of a flipped blob → InvalidCiphertextException', async () => {
    const destination = await createAwsKmsKey(w);
    const call = w.kms.send(
      new ReEncryptCommand({
        CiphertextBlob: flipped(blob, blob.length - 20, 0x10),
        SourceEncryptionContext: { a: 'b' },
        DestinationKeyId: destination.keyId,
      }),
    );
    await expectKmsError(call, 'InvalidCiphertextException', null);
  });
});

describe('kms: wrong key and deleted key (docs/behaviour.md §8.3)', () => {
  let w: ConnectedWorld;
  let a: TestKey;
  let b: TestKey;
  let blobA: Uint8Array;
  beforeEach(async () => {
    w = await buildConnectedWorld();
    a = await createHsmKey(w, 'a');
    b = await createHsmKey(w, 'b');
    blobA = await encryptUnder(w, a.keyId, 'owned by a');
  });

  it('kms: wrong key: Decrypt with KeyId of another key → IncorrectKeyException (message on the wire)', async () => {
    await expectKmsError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: blobA, KeyId: b.keyId })),
      'IncorrectKeyException',
      INCORRECT_KEY,
    );
    const raw = await rawKms(w.sim, 'Decrypt', { CiphertextBlob: b64(blobA), KeyId: b.arn });
    expect(raw.body).toEqual({ __type: 'IncorrectKeyException', message: INCORRECT_KEY });
  });

  it('kms: wrong key: ReEncrypt with SourceKeyId of another key → IncorrectKeyException', async () => {
    await expectKmsError(
      w.kms.send(
        new ReEncryptCommand({
          CiphertextBlob: blobA,
          SourceKeyId: b.keyId,
          DestinationKeyId: b.keyId,
        }),
      ),
      'IncorrectKeyException',
      INCORRECT_KEY,
    );
  });

  it('kms: wrong key: the header rewritten to name another existing key → InvalidCiphertextException (header is authenticated)', async () => {
    const idA = Buffer.from(a.keyId.replace(/-/g, ''), 'hex');
    const idB = Buffer.from(b.keyId.replace(/-/g, ''), 'hex');
    const at = Buffer.from(blobA).indexOf(idA);
    expect(at).toBeGreaterThanOrEqual(0);
    const forged = Buffer.from(blobA);
    idB.copy(forged, at);
    await expectKmsError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: forged })),
      'InvalidCiphertextException',
      null,
    );
    await expectKmsError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: forged, KeyId: a.keyId })),
      'IncorrectKeyException',
      INCORRECT_KEY,
    );
  });

  it('kms: deleted key: a header forged to name a key whose deletion window ended → NotFoundException (the id is known to have existed)', async () => {
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: b.keyId, PendingWindowInDays: 7 }));
    w.sim.advanceMs(7 * DAY_MS);
    const forged = Buffer.from(blobA);
    Buffer.from(b.keyId.replace(/-/g, ''), 'hex').copy(
      forged,
      forged.indexOf(Buffer.from(a.keyId.replace(/-/g, ''), 'hex')),
    );
    await expectKmsError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: forged })),
      'NotFoundException',
      `Key '${b.arn}' does not exist`,
    );
  });

  it('kms: deleted key: ciphertext of a key deleted after its 7-day window → NotFoundException naming the key ARN', async () => {
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: a.keyId, PendingWindowInDays: 7 }));
    await expectKmsError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: blobA })),
      'KMSInvalidStateException',
      `${a.arn} is pending deletion.`,
    );
    w.sim.advanceMs(7 * DAY_MS + 1000);
    await expectKmsError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: blobA })),
      'NotFoundException',
      `Key '${a.arn}' does not exist`,
    );
    await expectKmsError(
      w.kms.send(new ReEncryptCommand({ CiphertextBlob: blobA, DestinationKeyId: b.keyId })),
      'NotFoundException',
      `Key '${a.arn}' does not exist`,
    );
    await expectKmsError(
      w.kms.send(new EncryptCommand({ KeyId: a.keyId, Plaintext: Buffer.from('x') })),
      'NotFoundException',
      `Key '${a.arn}' does not exist`,
    );
  });
});
