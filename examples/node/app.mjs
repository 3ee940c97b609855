/**
 * A Node.js application using the AWS SDK for JavaScript v3, run under kmsim exec:
 *
 *   npx kmsim exec examples/node/session-exhaustion.yaml --time-scale 60 -- node examples/node/app.mjs
 *
 * It seals ten records, one every five seconds, then checks that each still decrypts. The SDK
 * finds the endpoint in AWS_ENDPOINT_URL and the credentials in AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY, all set by kmsim exec; the key's ARN is in KMSIM_KEY_APP_KEY. Its retry
 * back-offs and the setTimeout between records run on the process's clock, which libfaketime makes
 * run at the time scale.
 */
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';

const RECORDS = 10;
const EVERY_MS = 5_000;

const kms = new KMSClient({ retryMode: 'standard', maxAttempts: 4 });
const keyId = process.env.KMSIM_KEY_APP_KEY;
const sealed = [];
for (let record = 0; record < RECORDS; record++) {
  const plaintext = Buffer.from(`record ${record}`);
  const out = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
  sealed.push({ blob: out.CiphertextBlob, plaintext, attempts: out.$metadata.attempts });
  await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
}
let lost = 0;
for (const { blob, plaintext } of sealed) {
  const out = await kms.send(new DecryptCommand({ CiphertextBlob: blob }));
  if (!Buffer.from(out.Plaintext).equals(plaintext)) lost += 1;
}
const retried = sealed.filter((entry) => entry.attempts > 1).length;
console.log(`sealed ${sealed.length} records, ${retried} needed retries, ${lost} lost`);
process.exitCode = lost === 0 ? 0 : 1;
