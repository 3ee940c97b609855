import { createServer, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { CloudHSMV2Client, DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import {
  interceptAws,
  isSimulatedAwsHost,
  type AwsInterception,
} from '../../src/transport/msw-interceptor.js';
import { FakeEndpoint, json } from './fake-endpoint.js';

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
