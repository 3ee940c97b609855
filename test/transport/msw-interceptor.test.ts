import { createServer, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EncryptCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { CloudHSMV2Client, DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import { VirtualTimeDriver } from '../../src/sim/driver.js';
import {
  interceptAws,
  isSimulatedAwsHost,
  type AwsInterception,
} from '../../src/transport/msw-interceptor.js';
import { buildConnectedWorld, type ConnectedWorld } from '../support/connected-store.js';
import { createStoreKey } from '../support/keystore-world.js';
import { errorIdentity, recordingLogger } from '../support/sdk-error-observations.js';
import { FakeEndpoint, json } from './fake-endpoint.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const credentials = { accessKeyId: 'AKIATESTTESTTESTTEST', secretAccessKey: 'test' };

let open: AwsInterception[] = [];
function intercept(...args: Parameters<typeof interceptAws>): AwsInterception {
  const interception = interceptAws(...args);
  open.push(interception);
  return interception;
}

afterEach(() => {
  for (const interception of open) interception.close();
  open = [];
});

describe('msw interception: routing', () => {
  it('matches KMS and CloudHSM v2 hosts in any region and nothing else', () => {
    expect(isSimulatedAwsHost('kms.us-east-1.amazonaws.com')).toBe(true);
    expect(isSimulatedAwsHost('kms.ap-southeast-4.amazonaws.com')).toBe(true);
    expect(isSimulatedAwsHost('cloudhsmv2.eu-west-1.amazonaws.com')).toBe(true);
    expect(isSimulatedAwsHost('kms.cn-north-1.amazonaws.com.cn')).toBe(true);
    expect(isSimulatedAwsHost('sts.us-east-1.amazonaws.com')).toBe(false);
    expect(isSimulatedAwsHost('kms.us-east-1.amazonaws.com.evil.example')).toBe(false);
    expect(isSimulatedAwsHost('cloudhsm.us-east-1.amazonaws.com')).toBe(false);
  });

  it('a KMSClient with default endpoint resolution reaches the endpoint', async () => {
    const fake = new FakeEndpoint((request) => json(200, { Keys: [{ KeyId: request.target }] }));
    intercept(fake);
    const kms = new KMSClient({ region: 'eu-central-1', credentials });
    const out = await kms.send(new ListKeysCommand({ Limit: 7 }));
    expect(out.Keys?.[0]?.KeyId).toBe('TrentService.ListKeys');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.host).toBe('kms.eu-central-1.amazonaws.com');
    expect(JSON.parse(fake.requests[0]?.body ?? '')).toEqual({ Limit: 7 });
    expect(fake.requests[0]?.headers['x-amz-target']).toBe('TrentService.ListKeys');
  });

  it('a CloudHSMV2Client (older generation) and a plain-http endpoint are intercepted too', async () => {
    const fake = new FakeEndpoint((request) =>
      json(200, { Clusters: [{ ClusterId: request.target }] }),
    );
    intercept(fake);
    const hsm = new CloudHSMV2Client({ region: 'us-west-2', credentials });
    const out = await hsm.send(new DescribeClustersCommand({}));
    expect(out.Clusters?.[0]?.ClusterId).toBe('BaldrApiService.DescribeClusters');
    const kms = new KMSClient({
      region: 'us-west-2',
      credentials,
      endpoint: 'http://kms.us-west-2.amazonaws.com',
    });
    await kms.send(new ListKeysCommand({}));
    expect(fake.requests.map((r) => r.host)).toEqual([
      'cloudhsmv2.us-west-2.amazonaws.com',
      'kms.us-west-2.amazonaws.com',
    ]);
  });

  it('fails requests to other hosts instead of letting them reach the network', async () => {
    const fake = new FakeEndpoint();
    intercept(fake);
    await expect(fetch('http://unrelated.invalid/')).rejects.toThrow();
    expect(fake.requests).toHaveLength(0);
  });
});

describe('msw interception: simulator failures', () => {
  it('a throwing handleWire gives a non-retried KmsimSimulatorBugException, never a 500', async () => {
    const fake = new FakeEndpoint(() => {
      throw new Error('world invariant broke');
    });
    intercept(fake);
    const kms = new KMSClient({ region: 'us-east-1', credentials, maxAttempts: 3 });
    const error = (await kms.send(new ListKeysCommand({})).catch((e: unknown) => e)) as Error & {
      $metadata: { httpStatusCode?: number; attempts?: number };
    };
    expect(error.name).toBe('KmsimSimulatorBugException');
    expect(error.message).toContain('world invariant broke');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(fake.requests).toHaveLength(1);
  });

  it('a rejecting handleWire and a response with an impossible status are reported the same way', async () => {
    const fake = new FakeEndpoint(() => Promise.reject(new Error('async bug')));
    intercept(fake);
    const kms = new KMSClient({ region: 'us-east-1', credentials });
    await expect(kms.send(new ListKeysCommand({}))).rejects.toMatchObject({
      name: 'KmsimSimulatorBugException',
    });
    fake.respond = () => ({ status: 42, headers: {}, body: '{}' });
    await expect(kms.send(new ListKeysCommand({}))).rejects.toMatchObject({
      name: 'KmsimSimulatorBugException',
    });
    expect(fake.requests).toHaveLength(2);
  });
});

describe('msw interception: lifecycle', () => {
  it('allows only one active interception per process, and a new one after close()', () => {
    const first = intercept(new FakeEndpoint());
    expect(() => interceptAws(new FakeEndpoint())).toThrow(/already active/);
    first.close();
    first.close(); // idempotent
    const second = intercept(new FakeEndpoint());
    second[Symbol.dispose]();
    expect(() => intercept(new FakeEndpoint())).not.toThrow();
  });

  it('after close() requests go back to the real network', async () => {
    // A local server plays "the network": an agent resolves every name to loopback, so the test
    // never leaves the machine but the request does go through a real socket once msw is gone.
    let networkHits = 0;
    const server: Server = createServer((_req, res) => {
      networkHits++;
      res
        .writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
        .end('{"Keys":[{"KeyId":"from-network"}]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const httpAgent = new Agent({
      lookup: (_host, options, callback) =>
        options.all
          ? callback(null, [{ address: '127.0.0.1', family: 4 }])
          : callback(null, '127.0.0.1', 4),
    });
    try {
      const fake = new FakeEndpoint((request) =>
        json(200, { Keys: [{ KeyId: `sim:${request.target}` }] }),
      );
      const interception = intercept(fake);
      const kms = new KMSClient({
        region: 'us-east-1',
        credentials,
        endpoint: `http://kms.us-east-1.amazonaws.com:${port}`,
        requestHandler: { httpAgent },
      });
      expect((await kms.send(new ListKeysCommand({}))).Keys?.[0]?.KeyId).toBe(
        'sim:TrentService.ListKeys',
      );
      expect(networkHits).toBe(0);
      interception.close();
      expect((await kms.send(new ListKeysCommand({}))).Keys?.[0]?.KeyId).toBe('from-network');
      expect(networkHits).toBe(1);
      expect(fake.requests).toHaveLength(1);
    } finally {
      httpAgent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

/**
 * The application's own KMSClient (the SDK's real node handler) through msw, inside a
 * VirtualTimeDriver run: its timeouts and abort signal run on the virtual timers (issue #13 §1).
 */
describe('msw interception: client timeouts and abort in virtual time', () => {
  interface Attempt {
    readonly ok: boolean;
    readonly error?: Error & { code?: string; $metadata?: { attempts?: number } };
    readonly attempts?: number;
    readonly elapsedMs: number;
  }

  async function encryptThroughMsw(
    w: ConnectedWorld,
    keyId: string,
    options: {
      requestHandler?: Record<string, unknown>;
      maxAttempts?: number;
      abortAfterMs?: number;
    },
  ): Promise<Attempt> {
    const interception = intercept(w.sim);
    try {
      return await new VirtualTimeDriver(w.sim.kernel).run(async () => {
        const kms = new KMSClient({
          region: w.sim.region,
          credentials,
          maxAttempts: options.maxAttempts ?? 1,
          ...(options.requestHandler ? { requestHandler: options.requestHandler } : {}),
        });
        const controller = new AbortController();
        if (options.abortAfterMs !== undefined)
          setTimeout(() => controller.abort(), options.abortAfterMs);
        const start = w.sim.nowMs;
        try {
          const out = await kms.send(
            new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }),
            { abortSignal: controller.signal },
          );
          return { ok: true, attempts: out.$metadata.attempts, elapsedMs: w.sim.nowMs - start };
        } catch (error) {
          return { ok: false, error: error as Attempt['error'], elapsedMs: w.sim.nowMs - start };
        }
      });
    } finally {
      interception.close();
    }
  }

  async function slowHsmWorld(seed: number): Promise<{ w: ConnectedWorld; keyId: string }> {
    const w = await buildConnectedWorld(seed);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    w.sim.inject('slow-hsm', { clusterId: w.clusterId, latencyMs: 3_000 });
    return { w, keyId: key.KeyId! };
  }

  it('a connectionTimeout shorter than a slow HSM does not fire: the request was connected before the simulator worked on it', async () => {
    const { w, keyId } = await slowHsmWorld(7101);
    const result = await encryptThroughMsw(w, keyId, {
      requestHandler: { connectionTimeout: 1_000 },
    });
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(3_000);
  });

  it("a connection-timeout fault: the client's shorter connectionTimeout ends the wait at exactly that virtual time", async () => {
    const w = await buildConnectedWorld(7102);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    w.sim.inject('connection-timeout', { service: 'kms', timeoutMs: 7_000 });
    const result = await encryptThroughMsw(w, key.KeyId!, {
      requestHandler: { connectionTimeout: 1_000 },
    });
    expect(result.error?.name).toBe('TimeoutError');
    // The SDK's own node handler raised it (its wording), on the virtual clock.
    expect(result.error?.message).toContain('within the configured timeout of 1000 ms');
    expect(result.elapsedMs).toBe(1_000);
  });

  it('a connection-timeout fault without a client timeout: TimeoutError/ETIMEDOUT after the fault delay, as on the in-process transport', async () => {
    const w = await buildConnectedWorld(7103);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    w.sim.inject('connection-timeout', { service: 'kms', timeoutMs: 7_000 });
    const result = await encryptThroughMsw(w, key.KeyId!, {});
    expect(errorIdentity(result.error)).toEqual({
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
      message: 'Connection timed out after 7000 ms',
    });
    expect(result.elapsedMs).toBe(7_000);
  });

  it('connection-reset and connection-timeout faults are retried by the SDK (read ECONNRESET / ETIMEDOUT), as on the in-process transport', async () => {
    const w = await buildConnectedWorld(7104);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    w.sim.inject('connection-reset', { service: 'kms', count: 1 });
    w.sim.inject('connection-timeout', { service: 'kms', timeoutMs: 2_000, count: 1 });
    const result = await encryptThroughMsw(w, key.KeyId!, { maxAttempts: 3 });
    expect(result.error).toBeUndefined();
    expect(result.attempts).toBe(3);
    const once = await buildConnectedWorld(7105);
    const onceKey = await createStoreKey(once.kms, once.customKeyStoreId);
    once.sim.inject('connection-reset', { service: 'kms' });
    const reset = await encryptThroughMsw(once, onceKey.KeyId!, {});
    expect({
      name: reset.error?.name,
      message: reset.error?.message,
      code: reset.error?.code,
    }).toEqual({
      name: 'TimeoutError',
      message: 'read ECONNRESET',
      code: 'ECONNRESET',
    });
  });

  it("requestTimeout is the SDK's own: with throwOnRequestTimeout a TimeoutError at exactly 2 s of virtual time; without it, only a warning at 2 s and the answer", async () => {
    const { w, keyId } = await slowHsmWorld(7106);
    const thrown = await encryptThroughMsw(w, keyId, {
      requestHandler: { requestTimeout: 2_000, throwOnRequestTimeout: true },
    });
    expect(thrown.error?.name).toBe('TimeoutError');
    expect(thrown.error?.message).toContain('exceeded the configured 2000 ms requestTimeout');
    expect(thrown.elapsedMs).toBe(2_000);

    const { warnings, logger } = recordingLogger(w);
    const startMs = w.sim.nowMs;
    const warned = await encryptThroughMsw(w, keyId, {
      requestHandler: { requestTimeout: 2_000, logger },
    });
    expect(warned.ok).toBe(true);
    expect(warned.elapsedMs).toBeGreaterThanOrEqual(3_000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.text).toContain('exceeded the configured 2000 ms requestTimeout');
    expect(warnings[0]!.atMs - startMs).toBe(2_000);
  });

  it('an abortSignal fired while the HSM is slow rejects with AbortError at that virtual time; the simulator still finishes the request', async () => {
    const { w, keyId } = await slowHsmWorld(7107);
    const result = await encryptThroughMsw(w, keyId, { abortAfterMs: 1_500 });
    expect({ name: result.error?.name, message: result.error?.message }).toEqual({
      name: 'AbortError',
      message: 'Request aborted',
    });
    expect(result.elapsedMs).toBe(1_500);
    const encrypts = w.sim.kernel.trace
      .ofKind('api.call')
      .filter((event) => event.data.operation === 'Encrypt');
    expect(encrypts).toHaveLength(1);
    w.sim.assertNoBugs();
  });
});
