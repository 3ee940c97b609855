/**
 * Virtual time for the user's own code that builds its own clients, under sim.intercept() (issue #3
 * §1): the SDK's real node HTTP handler goes through msw to the simulator, and its retry backoff
 * still runs in virtual time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CreateKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { VirtualTimeDriver } from '../../src/sim/driver.js';
import { buildConnectedWorld } from '../support/connected-store.js';
import type { AwsInterception } from '../../src/transport/msw-interceptor.js';

let interception: AwsInterception | undefined;
afterEach(() => interception?.close());

/** The application's own code: it builds its own client with its own retry settings. */
function applicationClient(): KMSClient {
  return new KMSClient({
    region: 'us-east-1',
    maxAttempts: 6,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
}

describe('sim: virtual-time driver with msw interception', () => {
  it('an application-built client rides out session exhaustion through msw, in virtual time', async () => {
    const world = await buildConnectedWorld(21);
    const key = await world.kms.send(
      new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: world.customKeyStoreId }),
    );
    world.sim.inject('session-exhaustion', { clusterId: world.clusterId, count: 4 });
    interception = world.sim.intercept();
    const startMs = world.sim.nowMs;
    const result = await new VirtualTimeDriver(world.sim.kernel).run(async () => {
      const out = await applicationClient().send(
        new EncryptCommand({
          KeyId: key.KeyMetadata!.KeyId!,
          Plaintext: Buffer.from('through msw'),
        }),
      );
      return { attempts: out.$metadata.attempts, elapsedMs: world.sim.nowMs - startMs };
    });
    expect(result.attempts).toBe(5);
    // Four backoff sleeps happened in virtual time.
    expect(result.elapsedMs).toBeGreaterThan(0);
    const calls = world.sim.kernel.trace
      .ofKind('api.call')
      .filter((event) => event.data.operation === 'Encrypt');
    expect(calls.map((event) => event.data.errorType)).toEqual([
      'KMSInternalException',
      'KMSInternalException',
      'KMSInternalException',
      'KMSInternalException',
      null,
    ]);
    world.sim.assertNoBugs();
  });
});
