/**
 * The nothing-lost verification (issue #3 §3, the `nothing-lost` expectation): after the run, every
 * ciphertext a workload call returned is decrypted once more through the real SDK, and each one that
 * fails or yields other bytes than were sealed is a lost record. The `nothing-lost` checker in
 * expectations.ts judges the list; this file only gathers it.
 */
import { DecryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { CallRecord } from './call-record.js';
import type { Observed } from './expectations.js';

/**
 * `pace` runs before each decrypt; the runner advances virtual time one millisecond there, as a
 * careful verifier would: the check asks whether the data is recoverable, not whether thousands of
 * decrypts fit in one instant's quota.
 */
export async function verifyNothingLost(
  calls: readonly CallRecord[],
  kms: KMSClient,
  pace: () => void,
): Promise<Observed['lost']> {
  const lost: { seq: number; keyName: string | undefined; reason: string }[] = [];
  for (const call of calls) {
    if (!call.ok || !call.sealed) continue;
    pace();
    try {
      const out = await kms.send(
        new DecryptCommand({
          CiphertextBlob: call.sealed.ciphertext,
          EncryptionContext: call.sealed.context,
        }),
      );
      const expected = call.sealed.plaintext;
      if (expected && !Buffer.from(out.Plaintext!).equals(Buffer.from(expected)))
        lost.push({
          seq: call.seq,
          keyName: call.sealed.keyName,
          reason: 'decrypted to other bytes',
        });
    } catch (error) {
      const named = error as { name?: string; message?: string };
      lost.push({
        seq: call.seq,
        keyName: call.sealed.keyName,
        reason: `${named.name}: ${named.message ?? ''}`,
      });
    }
  }
  return lost;
}
