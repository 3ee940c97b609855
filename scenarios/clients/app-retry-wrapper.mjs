// An application's own retry wrapper around a KMSClient it builds itself: the SDK makes one
// attempt per call (maxAttempts 1) and the app retries any failure every 30 s for up to 5 minutes.
// It receives kmsim's client config (endpoint, dummy credentials, request handler) and spreads it
// into its own client, as it would spread its production config.
// Used by scenarios/app-retry-wrapper-rides-out-disconnect.yaml.
import { EncryptCommand, KMSClient } from '@aws-sdk/client-kms';

const RETRY_EVERY_MS = 30_000;
const GIVE_UP_AFTER_MS = 5 * 60_000;

export async function workload(call) {
  const client = new KMSClient({ ...call.clientConfig, maxAttempts: 1 });
  const started = Date.now();
  for (;;) {
    try {
      return await client.send(
        new EncryptCommand({
          KeyId: call.keyId,
          Plaintext: call.plaintext,
          EncryptionContext: call.encryptionContext,
        }),
      );
    } catch (error) {
      if (Date.now() - started + RETRY_EVERY_MS > GIVE_UP_AFTER_MS) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
    }
  }
}
