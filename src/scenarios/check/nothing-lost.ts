/**
 * The nothing-lost verification (issue #3 §3, the `nothing-lost` expectation): after the run, every
 * ciphertext a workload call returned is decrypted once more by the operator, and each one that
 * fails or yields other bytes than were sealed is a lost record. The `nothing-lost` checker in
 * expectations.ts judges the list; this file only gathers it.
 *
 * The decrypts go to the simulator as wire requests, not through the SDK: the SDK round trip was a
 * third of a sweep seed (issue #12). The operator's SDK client makes one attempt (maxAttempts 1) and
 * sends no client-name header, so the trace is the same either way: one `api.call` per decrypt, the
 * same request ids and the same latency draws. While a connection fault rule is in force the
 * decrypts go through the operator's own in-process handler instead (decryptThroughHandler), so the
 * rule meets each request exactly as it meets the SDK's: the same rule count, trace and error.
 */
import { DecryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { WireResponse } from '../../protocol/wire.js';
import type { Simulator } from '../../simulator.js';
import { InProcessHttpHandler } from '../../transport/in-process-handler.js';
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
  pace: () => void,
): Promise<Observed['lost']> {
  const lost: Lost[] = [];
  const handler = new InProcessHttpHandler(sim);
  for (const call of calls) {
    if (!call.ok || !call.sealed) continue;
    pace();
    // A rule that has run its duration or count meets no request: the wire gives the same answer.
    const reason = sim.world.clientNetwork.faults.anyInForce(sim.nowMs)
      ? await decryptThroughHandler(handler, sim, call.sealed)
      : await decryptOnTheWire(sim, call.sealed);
    if (reason !== undefined) lost.push({ seq: call.seq, keyName: call.sealed.keyName, reason });
  }
  return lost;
}

function plaintextDiffers(sealed: Sealed, plaintext: Uint8Array | undefined): boolean {
  const expected = sealed.plaintext;
  return expected !== undefined && !Buffer.from(plaintext ?? []).equals(Buffer.from(expected));
}

/**
 * The reason the record is lost, or undefined when it decrypts to the sealed bytes, by an SDK round
 * trip: what the wire and handler paths below must give (test/scenarios/check/nothing-lost.test.ts compares them).
 */
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
  let response: WireResponse;
  try {
    response = await sim.handleWire({
      target: 'TrentService.Decrypt',
      body: decryptBody(sealed),
      headers: DECRYPT_HEADERS,
      host: `kms.${sim.region}.amazonaws.com`,
    });
  } catch (error) {
    return `SimulatorBug: ${(error as Error).message ?? ''}`;
  }
  return reasonOf(sealed, response);
}

const DECRYPT_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': 'TrentService.Decrypt',
};

/** The Decrypt request body the SDK sends for this record. */
function decryptBody(sealed: Sealed): string {
  const body: Record<string, unknown> = {
    CiphertextBlob: Buffer.from(sealed.ciphertext).toString('base64'),
  };
  if (sealed.context !== undefined) body.EncryptionContext = sealed.context;
  return JSON.stringify(body);
}

/**
 * The same Decrypt handed to an in-process handler, as the operator's one-attempt SDK client hands
 * it (no client name, no timeouts): the handler meets any connection fault rule first, and a fault
 * rejects with the handler's own error, which that client passes on as it is (`name: message`).
 */
export async function decryptThroughHandler(
  handler: InProcessHttpHandler,
  sim: Simulator,
  sealed: Sealed,
): Promise<string | undefined> {
  let answer: Awaited<ReturnType<InProcessHttpHandler['handle']>>;
  try {
    answer = await handler.handle({
      method: 'POST',
      hostname: `kms.${sim.region}.amazonaws.com`,
      path: '/',
      headers: { ...DECRYPT_HEADERS },
      body: decryptBody(sealed),
    });
  } catch (error) {
    const named = error as { name?: string; message?: string };
    return `${named.name}: ${named.message ?? ''}`;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of answer.response.body) chunks.push(Buffer.from(chunk as Uint8Array));
  return reasonOf(sealed, {
    status: answer.response.statusCode,
    headers: answer.response.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  });
}

/** The reason a Decrypt's answer makes the record lost, or undefined when it gave the sealed bytes. */
function reasonOf(sealed: Sealed, response: WireResponse): string | undefined {
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
