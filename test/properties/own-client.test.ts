/**
 * checkClientUnderFaults for apps that build their own KMSClient (issue #13 §4).
 */
import { EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import {
  checkClientUnderFaults,
  neverLosesCiphertext,
  neverSurfacesRetryableError,
} from '../../src/properties/index.js';
import type { WorldSpec } from '../../src/scenarios/scenario.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const world: WorldSpec = {
  clusters: [{ name: 'main', hsms: ['a', 'b'] }],
  keyStores: [{ name: 'store', cluster: 'main' }],
  keys: [{ name: 'app-key', keyStore: 'store' }],
};
const faults = { faults: ['connection-reset'], maxFaults: 1, maxDuration: '5s' } as const;

describe('properties: apps that build their own client (issue #13 §4)', () => {
  it('with intercept: true, an unconfigured new KMSClient({}) inside the app reaches the simulator', async () => {
    const before = process.env['AWS_ACCESS_KEY_ID'];
    const report = await checkClientUnderFaults({
      world,
      faults,
      intercept: true,
      clientConfig: {},
      run: async (_kms, context) => {
        // The app's own client: no region, no credentials, no endpoint given.
        const own = new KMSClient({ maxAttempts: 5 });
        const out = await own.send(
          new EncryptCommand({ KeyId: context.keyId, Plaintext: new Uint8Array([1, 2, 3]) }),
        );
        return out.KeyId;
      },
      properties: [neverSurfacesRetryableError()],
      callEvery: '30s',
      recovery: '1m',
      numRuns: 2,
      seed: 13,
    });
    expect(report.numRuns).toBe(2);
    expect(process.env['AWS_ACCESS_KEY_ID']).toBe(before);
  });

  it('context.clientConfig lets the app build its own client without interception', async () => {
    await checkClientUnderFaults({
      world,
      faults,
      run: async (_kms, context) => {
        const own = new KMSClient({ ...context.clientConfig, maxAttempts: 5 });
        await own.send(
          new EncryptCommand({ KeyId: context.keyId, Plaintext: new Uint8Array([7]) }),
        );
      },
      properties: [neverSurfacesRetryableError(), neverLosesCiphertext()],
      callEvery: '30s',
      recovery: '1m',
      numRuns: 2,
      seed: 14,
    });
  });

  it('a run whose calls never reach kmsim fails and says so', async () => {
    const failure = await checkClientUnderFaults({
      world,
      faults,
      run: async () => 'did nothing with AWS',
      properties: [neverSurfacesRetryableError()],
      callEvery: '30s',
      recovery: '1m',
      numRuns: 1,
      seed: 15,
    }).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure?.message).toContain('none of their calls reached kmsim');
    expect(failure?.message).toContain('intercept: true');
  });

  it('a run that never reaches kmsim and waits past the run limit fails saying no call reached kmsim, not only that time ran out', async () => {
    const failure = await checkClientUnderFaults({
      world,
      faults,
      // Stands for an app whose requests go nowhere kmsim sees and which keeps waiting on them.
      run: () => new Promise((resolve) => setTimeout(resolve, 3 * 86_400_000)),
      properties: [neverSurfacesRetryableError()],
      callEvery: '30s',
      recovery: '1m',
      numRuns: 1,
      seed: 16,
    }).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure?.message).toContain("None of the run's calls reached kmsim");
    expect(failure?.message).toContain('intercept: true');
  });
});
