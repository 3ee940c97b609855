/**
 * Determinism (issue #2 §9): the same seed and the same calls give the same ids, ciphertexts and
 * trace fingerprint,
 *   - over HTTP: two `kmsim serve --seed N --time-scale 0` children given the same sequential raw
 *     JSON 1.1 requests return identical bodies (apart from request ids) and identical
 *     `/_sim/trace` and `/_sim/world`;
 *   - in-process: the same SDK walk (test/support/determinism-walk.mjs) twice in this process
 *     against src/, and once in a plain node child process against the built dist/.
 * A different seed must change the ids, or these tests could not fail.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as kmsimSrc from '../../src/index.js';
import { determinismWalk } from '../support/determinism-walk.mjs';
import {
  REPO_ROOT,
  startServe,
  twoAzSubnets,
  wireCall,
  type ServeProcess,
} from '../support/serve-process.js';

const SEED = 4242;
const OTHER_SEED = 4243;
const CERT =
  '-----BEGIN CERTIFICATE-----\nMIIBkmsimSERVEdeterminismFAKE\n-----END CERTIFICATE-----\n';
const PASSWORD = 'kmsuser-Determinism2';

interface Exchange {
  readonly step: string;
  readonly status: number;
  /** Raw response body with this response's own request id (if it appears) replaced. */
  readonly body: string;
}

/**
 * The fixed walk over raw HTTP. Ids come from each server's own answers, as a real client's would;
 * if a server chose different ids the bodies differ and the comparison fails.
 */
async function httpWalk(server: ServeProcess): Promise<Exchange[]> {
  const log: Exchange[] = [];
  const call = async (step: string, target: string, body: unknown): Promise<any> => {
    const res = await wireCall(server.url, target, body);
    const requestId = res.headers.get('x-amzn-requestid');
    log.push({
      step,
      status: res.status,
      body: requestId ? res.text.split(requestId).join('<request-id>') : res.text,
    });
    try {
      return JSON.parse(res.text);
    } catch {
      return undefined;
    }
  };
  const control = async (step: string, run: () => Promise<unknown>): Promise<void> => {
    log.push({ step, status: 200, body: JSON.stringify(await run()) });
  };
  const KMS = (op: string): string => `TrentService.${op}`;
  const HSM = (op: string): string => `BaldrApiService.${op}`;

  const subnets = twoAzSubnets(await server.world());
  await call('DescribeClusters (empty)', HSM('DescribeClusters'), {});
  await call('CreateCluster (bad subnet)', HSM('CreateCluster'), {
    HsmType: 'hsm1.medium',
    SubnetIds: ['subnet-nope'],
  });
  const cluster = await call('CreateCluster', HSM('CreateCluster'), {
    HsmType: 'hsm1.medium',
    SubnetIds: subnets.map((s) => s.subnetId),
  });
  const clusterId = String(cluster?.Cluster?.ClusterId);
  await control('advance 120', () => server.advance(120));
  for (const subnet of subnets)
    await call(`CreateHsm ${subnet.availabilityZone}`, HSM('CreateHsm'), {
      ClusterId: clusterId,
      AvailabilityZone: subnet.availabilityZone,
    });
  await call('DescribeClusters (HSMs creating)', HSM('DescribeClusters'), {
    Filters: { clusterIds: [clusterId] },
  });
  await control('advance 180', () => server.advance(180));
  await call('InitializeCluster', HSM('InitializeCluster'), {
    ClusterId: clusterId,
    SignedCert: CERT,
    TrustAnchor: CERT,
  });
  await control('advance 60', () => server.advance(60));
  await control('activate-cluster', () =>
    server.action({ action: 'activate-cluster', clusterId, kmsuserPassword: PASSWORD }),
  );
  const store = await call('CreateCustomKeyStore', KMS('CreateCustomKeyStore'), {
    CustomKeyStoreName: 'det',
    CloudHsmClusterId: clusterId,
    TrustAnchorCertificate: CERT,
    KeyStorePassword: PASSWORD,
  });
  const storeId = String(store?.CustomKeyStoreId);
  await call('CreateKey in a DISCONNECTED store', KMS('CreateKey'), {
    Origin: 'AWS_CLOUDHSM',
    CustomKeyStoreId: storeId,
  });
  await call('ConnectCustomKeyStore', KMS('ConnectCustomKeyStore'), { CustomKeyStoreId: storeId });
  await control('advance 120', () => server.advance(120));
  await call('DescribeCustomKeyStores', KMS('DescribeCustomKeyStores'), {});
  const hsmKey = await call('CreateKey AWS_CLOUDHSM', KMS('CreateKey'), {
    Origin: 'AWS_CLOUDHSM',
    CustomKeyStoreId: storeId,
    Description: 'hsm',
  });
  const kmsKey = await call('CreateKey AWS_KMS', KMS('CreateKey'), { Description: 'default' });
  const hsmKeyId = String(hsmKey?.KeyMetadata?.KeyId);
  const kmsKeyId = String(kmsKey?.KeyMetadata?.KeyId);
  const plaintext = Buffer.from('determinism over HTTP').toString('base64');
  const sealed = await call('Encrypt (store key)', KMS('Encrypt'), {
    KeyId: hsmKeyId,
    Plaintext: plaintext,
    EncryptionContext: { a: 'b' },
  });
  await call('Encrypt (default key)', KMS('Encrypt'), { KeyId: kmsKeyId, Plaintext: plaintext });
  await call('Decrypt', KMS('Decrypt'), {
    CiphertextBlob: sealed?.CiphertextBlob,
    EncryptionContext: { a: 'b' },
  });
  await call('Decrypt (wrong context)', KMS('Decrypt'), {
    CiphertextBlob: sealed?.CiphertextBlob,
    EncryptionContext: { a: 'c' },
  });
  await call('GenerateDataKey', KMS('GenerateDataKey'), { KeyId: hsmKeyId, KeySpec: 'AES_256' });
  await call('GenerateDataKey (64 bytes, default key)', KMS('GenerateDataKey'), {
    KeyId: kmsKeyId,
    NumberOfBytes: 64,
  });
  await call('GenerateDataKeyWithoutPlaintext', KMS('GenerateDataKeyWithoutPlaintext'), {
    KeyId: hsmKeyId,
    KeySpec: 'AES_128',
  });
  await call('GenerateRandom', KMS('GenerateRandom'), { NumberOfBytes: 24 });
  await call('DescribeKey', KMS('DescribeKey'), { KeyId: hsmKeyId });
  await call('DescribeKey (missing)', KMS('DescribeKey'), { KeyId: 'alias/none' });
  await call('ListKeys', KMS('ListKeys'), {});
  await call('Encrypt (bad base64)', KMS('Encrypt'), { KeyId: hsmKeyId, Plaintext: '***' });
  await call('Encrypt (not JSON)', KMS('Encrypt'), '{"KeyId": ');
  await call('unknown target', 'TrentService.MakeCoffee', {});
  await call('GenerateRandom (1025 bytes)', KMS('GenerateRandom'), { NumberOfBytes: 1025 });
  await call('DescribeClusters', HSM('DescribeClusters'), {});
  await call('DescribeBackups', HSM('DescribeBackups'), {});
  await call('DeleteHsm (unknown)', HSM('DeleteHsm'), {
    ClusterId: clusterId,
    HsmId: 'hsm-aaaaaaaaaaa',
  });
  await call('DisconnectCustomKeyStore', KMS('DisconnectCustomKeyStore'), {
    CustomKeyStoreId: storeId,
  });
  await control('advance 5', () => server.advance(5));
  await call('Encrypt (disconnected)', KMS('Encrypt'), { KeyId: hsmKeyId, Plaintext: plaintext });
  return log;
}

describe('determinism over HTTP: two kmsim serve processes, same --seed, --time-scale 0', () => {
  const servers: ServeProcess[] = [];
  let sameA: ServeProcess;
  let sameB: ServeProcess;
  let otherSeed: ServeProcess;
  let first: Exchange[];
  let second: Exchange[];
  let other: Exchange[];

  beforeAll(async () => {
    // Every server that starts is tracked at once, so afterAll closes it even if another fails to start.
    const started = await Promise.allSettled(
      [SEED, SEED, OTHER_SEED].map(async (seed) => {
        const server = await startServe({ seed });
        servers.push(server);
        return server;
      }),
    );
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    [sameA, sameB, otherSeed] = started.map(
      (result) => (result as PromiseFulfilledResult<ServeProcess>).value,
    ) as [ServeProcess, ServeProcess, ServeProcess];
    // Sequential walks, one server at a time, so nothing but the seed can differ.
    first = await httpWalk(sameA);
    second = await httpWalk(sameB);
    other = await httpWalk(otherSeed);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it('answers the walk with byte-identical bodies and statuses', () => {
    expect(first.length).toBeGreaterThanOrEqual(39);
    expect(second.map((e) => e.step)).toEqual(first.map((e) => e.step));
    for (let i = 0; i < first.length; i++) {
      expect({ step: second[i]!.step, status: second[i]!.status, body: second[i]!.body }).toEqual(
        first[i],
      );
    }
    // The walk really covers successes and errors.
    const statuses = new Map(first.map((e) => [e.step, e.status]));
    expect(statuses.get('Encrypt (store key)')).toBe(200);
    expect(statuses.get('GenerateDataKey')).toBe(200);
    expect(statuses.get('Encrypt (disconnected)')).toBe(400);
    expect(first.find((e) => e.step === 'Encrypt (disconnected)')!.body).toContain(
      'KMSInvalidStateException',
    );
    expect(first.find((e) => e.step === 'Encrypt (not JSON)')!.body).toContain(
      'SerializationException',
    );
    expect(first.find((e) => e.step === 'unknown target')!.body).toContain(
      'UnknownOperationException',
    );
  });

  it('records identical traces and worlds', async () => {
    const traceA = await sameA.trace();
    expect(traceA.split('\n').length).toBeGreaterThan(30);
    expect(await sameB.trace()).toBe(traceA);
    expect(JSON.stringify(await sameB.world())).toBe(JSON.stringify(await sameA.world()));
    expect(traceA).not.toContain('simulator.bug');
  });

  it('gives different ids and ciphertexts for a different seed', async () => {
    const body = (log: Exchange[], step: string): string => log.find((e) => e.step === step)!.body;
    for (const step of [
      'CreateCluster',
      'CreateHsm us-east-1a',
      'CreateCustomKeyStore',
      'CreateKey AWS_CLOUDHSM',
      'Encrypt (store key)',
      'GenerateRandom',
    ]) {
      expect(body(other, step), step).not.toBe(body(first, step));
    }
    expect(await otherSeed.trace()).not.toBe(await sameA.trace());
  });
});

interface Digest {
  readonly seed: string;
  readonly clusterId: string;
  readonly keys: string[];
  readonly ciphertexts: string[];
  readonly requestIds: string[];
  readonly bugs: number;
  readonly traceFingerprint: string;
  readonly [other: string]: unknown;
}

/** `node test/support/determinism-walk.mjs <seed>` against dist/, bounded. */
function walkInChildProcess(seed: number): Promise<Digest> {
  const script = fileURLToPath(new URL('../support/determinism-walk.mjs', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, String(seed)], {
      cwd: REPO_ROOT,
      env: { ...process.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0)
        return reject(new Error(`determinism walk child exited ${code ?? signal}: ${stderr}`));
      try {
        resolve(JSON.parse(stdout.trim()) as Digest);
      } catch (error) {
        reject(
          new Error(
            `determinism walk child printed no JSON: ${stdout} ${stderr} (${String(error)})`,
          ),
        );
      }
    });
  });
}

describe('determinism in-process: the same SDK walk twice here (src/) and once in a child process (dist/)', () => {
  it('gives the same ids, ciphertexts, request ids and trace fingerprint', async () => {
    expect(
      existsSync(new URL('../../dist/index.js', import.meta.url)),
      'dist/ is missing: run `npm run build`',
    ).toBe(true);
    const one = (await determinismWalk(kmsimSrc, SEED)) as Digest;
    const two = (await determinismWalk(kmsimSrc, SEED)) as Digest;
    const child = await walkInChildProcess(SEED);
    expect(one.bugs).toBe(0);
    expect(one.traceFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(one.ciphertexts).toHaveLength(5);
    expect(two).toEqual(one);
    expect(child).toEqual(one);
  });

  it('gives different ids, ciphertexts and fingerprint for a different seed', async () => {
    const one = (await determinismWalk(kmsimSrc, SEED)) as Digest;
    const other = (await determinismWalk(kmsimSrc, OTHER_SEED)) as Digest;
    expect(other.clusterId).not.toBe(one.clusterId);
    expect(other.keys[0]).not.toBe(one.keys[0]);
    expect(other.ciphertexts[0]).not.toBe(one.ciphertexts[0]);
    expect(other.requestIds[0]).not.toBe(one.requestIds[0]);
    expect(other.traceFingerprint).not.toBe(one.traceFingerprint);
  });
});
