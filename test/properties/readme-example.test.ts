/**
 * The README's "Property-based testing of your client" example, run as a test. The block between the
 * README:begin and README:end markers is the README's ```ts block with one difference: it imports
 * from the package entry as '../../src/index.js' where the README says 'kmsim'. The last test below
 * compares the two, so editing one without the other fails the suite: to change the example, edit
 * the README block, paste it between the markers, and swap the import path back.
 */
import { readFileSync } from 'node:fs';
import { describe as describeSync, expect, it as itSync } from 'vitest';

// README:begin
import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { describe, it } from 'vitest';
import {
  checkClientUnderFaults,
  eventuallySucceedsAfterRecovery,
  neverLosesCiphertext,
  neverSurfacesRetryableError,
  staysWithinAttempts,
  type ClientContext,
} from '../../src/index.js';

// The code under test gets a real KMSClient, built with your settings, and the world's key ids.
async function sealAndOpen(kms: KMSClient, { keyId }: ClientContext): Promise<string> {
  const { CiphertextBlob } = await kms.send(
    new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('hello') }),
  );
  const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob }));
  return Buffer.from(Plaintext!).toString('utf8');
}

describe('my KMS client under CloudHSM key store faults', () => {
  it('recovers after every fault, never loses a ciphertext, stays within 5 attempts', {
    timeout: 120_000,
  }, async () => {
    await checkClientUnderFaults({
      run: sealAndOpen,
      clientConfig: { retryMode: 'standard', maxAttempts: 5 },
      properties: [
        eventuallySucceedsAfterRecovery(),
        neverLosesCiphertext(),
        staysWithinAttempts(5),
      ],
      numRuns: 10,
    });
  });

  it('rides out one-second blips without surfacing a retryable error', {
    timeout: 120_000,
  }, async () => {
    await checkClientUnderFaults({
      run: sealAndOpen,
      clientConfig: { maxAttempts: 8 },
      faults: { faults: ['session-exhaustion', 'connection-reset'], maxDuration: '1s' },
      properties: [neverSurfacesRetryableError()],
      numRuns: 10,
      seed: 20261129, // repeatable in CI; drop it to draw new cases on every run
      saveCounterexample: 'counterexamples/', // on failure: a scenario YAML for `npx kmsim run`
    });
  });
});
// README:end

/** The ```ts block of the README section, with the package import as this file writes it. */
function readmeBlock(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme
    .split(/^## /m)
    .find((part) => part.startsWith('Property-based testing of your client'));
  if (section === undefined)
    throw new Error('README.md has no "## Property-based testing of your client" section');
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('the README section has no ```ts block');
  return block.replace("from 'kmsim';", "from '../../src/index.js';");
}

describeSync('README example', () => {
  itSync('is the block between the README:begin and README:end markers of this file', () => {
    const self = readFileSync(new URL(import.meta.url), 'utf8');
    const marked = /\/\/ README:begin\n([\s\S]*?)\/\/ README:end/.exec(self)![1];
    expect(marked).toBe(readmeBlock());
  });
});
