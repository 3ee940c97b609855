/**
 * The nothing-lost verification (issue #3 §3, the `nothing-lost` expectation): after the run, every
 * ciphertext a workload call returned is decrypted once more by the operator, and each one that
 * fails or yields other bytes than were sealed is a lost record. The `nothing-lost` checker in
 * expectations.ts judges the list; this file only gathers it.
 *
 * The decrypts go to the simulator as wire requests, not through the SDK: the SDK round trip was a
 * third of a sweep seed (issue #12). The operator's SDK client makes one attempt (maxAttempts 1) and
 * sends no client-name header, so the trace is the same either way: one `api.call` per decrypt, the
 * same request ids and the same latency draws. While a connection fault rule exists the decrypts go
 * through the SDK as before, so the fault meets the client exactly as it would.
 */
import { DecryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { Simulator } from '../../simulator.js';
import type { CallRecord } from './call-record.js';
import type { Observed } from './expectations.js';

type Lost = { seq: number; keyName: string | undefined; reason: string };
type Sealed = NonNullable<CallRecord['sealed']>;

/**
 * `pace` runs before each decrypt; the runner advances virtual time one millisecond there, as a
 * careful verifier would: the check asks whether the data is recoverable, not whether thousands of
 * decrypts fit in one instant's quota.
 */
export async function verifyNothingLost(
  calls: readonly CallRecord[],
  sim: Simulator,
  kms: KMSClient,
  pace: () => void,
): Promise<Observed['lost']> {
  const lost: Lost[] = [];
  for (const call of calls) {
    if (!call.ok || !call.sealed) continue;
    pace();
    const reason =
      sim.world.clientNetwork.faults.size > 0
        ? await decryptThroughSdk(kms, call.sealed)
        : await decryptOnTheWire(sim, call.sealed);
    if (reason !== undefined) lost.push({ seq: call.seq, keyName: call.sealed.keyName, reason });
  }
  return lost;
}

function plaintextDiffers(sealed: Sealed, plaintext: Uint8Array | undefined): boolean {
  const expected = sealed.plaintext;
  return expected !== undefined && !Buffer.from(plaintext ?? []).equals(Buffer.from(expected));
}

/** The reason the record is lost, or undefined when it decrypts to the sealed bytes. */
export async function decryptThroughSdk(
  kms: KMSClient,
  sealed: Sealed,
): Promise<string | undefined> {
  try {
    const out = await kms.send(
      new DecryptCommand({ CiphertextBlob: sealed.ciphertext, EncryptionContext: sealed.context }),
    );
    return plaintextDiffers(sealed, out.Plaintext) ? 'decrypted to other bytes' : undefined;
  } catch (error) {
    const named = error as { name?: string; message?: string };
    return `${named.name}: ${named.message ?? ''}`;
  }
}

/**
 * The same Decrypt as the SDK would send, straight to `handleWire`. A refusal reads as the SDK
 * would name it: the error type (`x-amzn-errortype`, else `__type` after its `#`) and the body's
 * `message` or `Message`, else `UnknownError`, as the SDK's error does.
 */
export async function decryptOnTheWire(
  sim: Simulator,
  sealed: Sealed,
): Promise<string | undefined> {
  const body: Record<string, unknown> = {
    CiphertextBlob: Buffer.from(sealed.ciphertext).toString('base64'),
  };
  if (sealed.context !== undefined) body.EncryptionContext = sealed.context;
  let response: Awaited<ReturnType<Simulator['handleWire']>>;
  try {
    response = await sim.handleWire({
      target: 'TrentService.Decrypt',
      body: JSON.stringify(body),
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'TrentService.Decrypt',
      },
      host: `kms.${sim.region}.amazonaws.com`,
    });
  } catch (error) {
    return `SimulatorBug: ${(error as Error).message ?? ''}`;
  }
  const parsed = JSON.parse(response.body) as Record<string, unknown>;
  if (response.status === 200) {
    const plaintext =
      typeof parsed.Plaintext === 'string' ? Buffer.from(parsed.Plaintext, 'base64') : undefined;
    return plaintextDiffers(sealed, plaintext) ? 'decrypted to other bytes' : undefined;
  }
  const type = response.headers['x-amzn-errortype'] ?? String(parsed.__type ?? 'UnknownError');
  const name = type.split(':')[0]!.split('#').pop()!;
  const message = parsed.message ?? parsed.Message;
  // The SDK names a refusal without a message `UnknownError` (InvalidCiphertextException has none).
  return `${name}: ${typeof message === 'string' ? message : 'UnknownError'}`;
}
