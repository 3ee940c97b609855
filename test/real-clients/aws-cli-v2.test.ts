/**
 * Real client: AWS CLI v2 (Debian `awscli`, always `/usr/bin/aws`, never the pyenv v1 shim first on
 * PATH) against `kmsim serve` in a child process (issue #2 §8). Control steps (advance,
 * activate-cluster) go over node fetch to `/_sim/`; everything else is the CLI.
 *
 * The CLI runs in an isolated environment: fake static credentials, no config or credentials file,
 * no pager, and AWS_MAX_ATTEMPTS=1 so a simulator fault cannot hide behind a retry. The one
 * expected failure is run with the CLI's default (standard, 3 attempts) retry mode instead, to show
 * that KMSInvalidStateException is a non-retryable 400 (docs/behaviour.md §1.4, §1.6): exactly one wire request,
 * and the plain message without botocore's "(reached max retries: N)" suffix.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KMSUSER_PASSWORD, TEST_CERT } from '../support/connected-store.js';
import {
  AWS_CLI_PATH,
  detectAwsCliV2,
  gate,
  isolatedAwsEnv,
} from '../support/real-client-detection.js';
import { startServe, twoAzSubnets, type ServeProcess } from '../support/serve-process.js';
import { runProcess, type ProcessResult } from './run-process.js';
import { short, Transcript } from './transcript.js';

const detection = detectAwsCliV2();
const verdict = gate(detection);

const WALK_TIMEOUT_MS = 240_000;
const PLAINTEXT = 'kmsim walk: hello from AWS CLI v2';
const CONTEXT_SHORTHAND = 'purpose=walk,client=aws-cli-v2';

describe.skipIf(verdict.skip)('real client: AWS CLI v2 (/usr/bin/aws) against kmsim serve', () => {
  let server: ServeProcess;
  let work: string;
  const transcript = new Transcript('AWS CLI v2 walk against kmsim serve');

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'kmsim-aws-cli-'));
    server = await startServe({ seed: 2002 });
  });

  afterAll(async () => {
    await server?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** `/usr/bin/aws --endpoint-url … --region us-east-1 --output json <args>` in `work`. */
  async function aws(
    args: string[],
    envOverride: Record<string, string | undefined> = {},
  ): Promise<ProcessResult> {
    const env: NodeJS.ProcessEnv = { ...isolatedAwsEnv(work), ...envOverride };
    for (const [name, value] of Object.entries(envOverride))
      if (value === undefined) delete env[name];
    return await runProcess(
      AWS_CLI_PATH,
      ['--endpoint-url', server.url, '--region', 'us-east-1', '--output', 'json', ...args],
      { env, cwd: work },
    );
  }

  /** Runs a command that must succeed and returns its JSON output (`{}` for empty output). */
  async function awsJson(args: string[]): Promise<Record<string, any>> {
    const result = await aws(args);
    if (result.code !== 0) {
      throw new Error(
        `aws ${args.join(' ')} exited ${result.code}${result.timedOut ? ' (timed out)' : ''}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
      );
    }
    return result.stdout.trim() === '' ? {} : (JSON.parse(result.stdout) as Record<string, any>);
  }

  async function advance(seconds: number): Promise<void> {
    const done = await server.advance(seconds);
    transcript.step(`POST /_sim/advance {"seconds":${seconds}}`, `nowMs=${done.nowMs}`);
  }

  async function encryptDecrypt(keyArn: string, label: string): Promise<void> {
    const encrypted = await awsJson([
      'kms',
      'encrypt',
      '--key-id',
      keyArn,
      '--plaintext',
      'fileb://plain.txt',
      '--encryption-context',
      CONTEXT_SHORTHAND,
    ]);
    expect(encrypted['KeyId']).toBe(keyArn);
    expect(encrypted['EncryptionAlgorithm']).toBe('SYMMETRIC_DEFAULT');
    const blob = Buffer.from(String(encrypted['CiphertextBlob']), 'base64');
    expect(blob.length).toBeGreaterThan(PLAINTEXT.length);
    transcript.step(
      `aws kms encrypt --key-id <key arn> --plaintext fileb://plain.txt --encryption-context ${CONTEXT_SHORTHAND}   # ${label}`,
      `KeyId=${short(keyArn)} CiphertextBlob=<${blob.length} bytes, base64>`,
    );
    await writeFile(join(work, 'ciphertext.bin'), blob);
    const decrypted = await awsJson([
      'kms',
      'decrypt',
      '--ciphertext-blob',
      'fileb://ciphertext.bin',
      '--encryption-context',
      CONTEXT_SHORTHAND,
    ]);
    expect(decrypted['KeyId']).toBe(keyArn);
    const plaintext = Buffer.from(String(decrypted['Plaintext']), 'base64').toString('utf8');
    expect(plaintext).toBe(PLAINTEXT);
    transcript.step(
      `aws kms decrypt --ciphertext-blob fileb://ciphertext.bin --encryption-context ${CONTEXT_SHORTHAND}`,
      `Plaintext=base64(${JSON.stringify(plaintext)})`,
    );
  }

  it(
    'cluster → 2 HSMs → initialize → activate → key store → connect → CreateKey → encrypt/decrypt → disconnect → KMSInvalidStateException → reconnect → encrypt/decrypt',
    async () => {
      try {
        await walk();
      } finally {
        transcript.print();
      }
    },
    WALK_TIMEOUT_MS,
  );

  async function walk(): Promise<void> {
    const version = await aws(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^aws-cli\/2\./);
    transcript.step('/usr/bin/aws --version', version.stdout.trim());
    await writeFile(join(work, 'cert.pem'), TEST_CERT);
    await writeFile(join(work, 'plain.txt'), PLAINTEXT);

    const [subnetA, subnetB] = twoAzSubnets(await server.world());
    const created = await awsJson([
      'cloudhsmv2',
      'create-cluster',
      '--hsm-type',
      'hsm1.medium',
      '--subnet-ids',
      subnetA!.subnetId,
      subnetB!.subnetId,
    ]);
    const clusterId = String(created['Cluster']['ClusterId']);
    expect(clusterId).toMatch(/^cluster-[2-7a-z]{11,16}$/);
    expect(created['Cluster']['State']).toBe('CREATE_IN_PROGRESS');
    transcript.step(
      `aws cloudhsmv2 create-cluster --hsm-type hsm1.medium --subnet-ids ${subnetA!.subnetId} ${subnetB!.subnetId}`,
      `ClusterId=${clusterId} State=CREATE_IN_PROGRESS`,
    );
    await advance(120);

    for (const subnet of [subnetA!, subnetB!]) {
      const hsm = await awsJson([
        'cloudhsmv2',
        'create-hsm',
        '--cluster-id',
        clusterId,
        '--availability-zone',
        subnet.availabilityZone,
      ]);
      expect(hsm['Hsm']['AvailabilityZone']).toBe(subnet.availabilityZone);
      transcript.step(
        `aws cloudhsmv2 create-hsm --cluster-id ${clusterId} --availability-zone ${subnet.availabilityZone}`,
        `HsmId=${hsm['Hsm']['HsmId']} State=${hsm['Hsm']['State']}`,
      );
    }
    await advance(180);

    const described = await awsJson([
      'cloudhsmv2',
      'describe-clusters',
      '--filters',
      `clusterIds=${clusterId}`,
    ]);
    const cluster = described['Clusters'][0];
    expect(cluster['Hsms'].map((h: { State: string }) => h.State)).toEqual(['ACTIVE', 'ACTIVE']);
    transcript.step(
      `aws cloudhsmv2 describe-clusters --filters clusterIds=${clusterId}`,
      `State=${cluster['State']} Hsms=${cluster['Hsms'].map((h: { State: string }) => h.State).join(',')}`,
    );

    const initialized = await awsJson([
      'cloudhsmv2',
      'initialize-cluster',
      '--cluster-id',
      clusterId,
      '--signed-cert',
      'file://cert.pem',
      '--trust-anchor',
      'file://cert.pem',
    ]);
    expect(initialized['State']).toBe('INITIALIZE_IN_PROGRESS');
    transcript.step(
      `aws cloudhsmv2 initialize-cluster --cluster-id ${clusterId} --signed-cert file://cert.pem --trust-anchor file://cert.pem`,
      `State=${initialized['State']}`,
    );
    await advance(60);

    const activated = await server.action({
      action: 'activate-cluster',
      clusterId,
      kmsuserPassword: KMSUSER_PASSWORD,
    });
    expect(activated).toEqual({ status: 200, body: { ok: true, clusterId, state: 'ACTIVE' } });
    transcript.step(
      `POST /_sim/actions {"action":"activate-cluster","clusterId":"${clusterId}",...}`,
      JSON.stringify(activated.body),
    );

    const store = await awsJson([
      'kms',
      'create-custom-key-store',
      '--custom-key-store-name',
      'cli-walk-store',
      '--cloud-hsm-cluster-id',
      clusterId,
      '--trust-anchor-certificate',
      'file://cert.pem',
      '--key-store-password',
      KMSUSER_PASSWORD,
    ]);
    const storeId = String(store['CustomKeyStoreId']);
    expect(storeId).toMatch(/^cks-[0-9a-f]{17}$/);
    transcript.step(
      `aws kms create-custom-key-store --custom-key-store-name cli-walk-store --cloud-hsm-cluster-id ${clusterId} --trust-anchor-certificate file://cert.pem --key-store-password ****`,
      `CustomKeyStoreId=${storeId}`,
    );

    const connectionState = async (): Promise<string> => {
      const stores = await awsJson([
        'kms',
        'describe-custom-key-stores',
        '--custom-key-store-id',
        storeId,
      ]);
      const state = String(stores['CustomKeyStores'][0]['ConnectionState']);
      transcript.step(
        `aws kms describe-custom-key-stores --custom-key-store-id ${storeId}`,
        `ConnectionState=${state}`,
      );
      return state;
    };
    const connect = async (): Promise<void> => {
      expect(
        await awsJson(['kms', 'connect-custom-key-store', '--custom-key-store-id', storeId]),
      ).toEqual({});
      transcript.step(
        `aws kms connect-custom-key-store --custom-key-store-id ${storeId}`,
        '(empty output: {})',
      );
      expect(await connectionState()).toBe('CONNECTING');
      await advance(120);
      expect(await connectionState()).toBe('CONNECTED');
    };
    await connect();

    const key = await awsJson([
      'kms',
      'create-key',
      '--origin',
      'AWS_CLOUDHSM',
      '--custom-key-store-id',
      storeId,
      '--description',
      'aws cli v2 walk',
    ]);
    const keyArn = String(key['KeyMetadata']['Arn']);
    expect(keyArn).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36}$/);
    expect(key['KeyMetadata']).toMatchObject({
      Origin: 'AWS_CLOUDHSM',
      CustomKeyStoreId: storeId,
      CloudHsmClusterId: clusterId,
      KeyState: 'Enabled',
    });
    transcript.step(
      `aws kms create-key --origin AWS_CLOUDHSM --custom-key-store-id ${storeId}`,
      `Arn=${keyArn} KeyState=Enabled`,
    );

    await encryptDecrypt(keyArn, 'connected');

    expect(
      await awsJson(['kms', 'disconnect-custom-key-store', '--custom-key-store-id', storeId]),
    ).toEqual({});
    transcript.step(
      `aws kms disconnect-custom-key-store --custom-key-store-id ${storeId}`,
      '(empty output: {})',
    );
    await advance(5);
    expect(await connectionState()).toBe('DISCONNECTED');

    // The CLI's default retry mode: a retryable answer would be sent up to 3 times.
    const callsBefore = (await server.trace())
      .split('\n')
      .filter((line) => line.includes('"operation":"Encrypt"')).length;
    const failed = await aws(
      ['kms', 'encrypt', '--key-id', keyArn, '--plaintext', 'fileb://plain.txt'],
      { AWS_MAX_ATTEMPTS: undefined, AWS_RETRY_MODE: 'standard' },
    );
    expect(failed.code).toBe(254);
    expect(failed.stdout).toBe('');
    const expected = `An error occurred (KMSInvalidStateException) when calling the Encrypt operation: ${keyArn} is unavailable.`;
    expect(failed.stderr.trim()).toBe(expected);
    const callsAfter = (await server.trace())
      .split('\n')
      .filter((line) => line.includes('"operation":"Encrypt"')).length;
    expect(callsAfter - callsBefore).toBe(1);
    transcript.step(
      'aws kms encrypt --key-id <key arn> --plaintext fileb://plain.txt   # store disconnected, default retry mode',
      `exit ${failed.code}, stderr: ${failed.stderr.trim()} (1 wire request: not retried)`,
    );

    // With AWS_MAX_ATTEMPTS=1 botocore marks the single attempt as the last one and says so.
    const failedOnce = await aws([
      'kms',
      'encrypt',
      '--key-id',
      keyArn,
      '--plaintext',
      'fileb://plain.txt',
    ]);
    expect(failedOnce.code).toBe(254);
    expect(failedOnce.stderr.trim()).toBe(
      `An error occurred (KMSInvalidStateException) when calling the Encrypt operation (reached max retries: 0): ${keyArn} is unavailable.`,
    );

    await connect();
    await encryptDecrypt(keyArn, 'reconnected');

    expect(await server.health()).toBe(200);
    expect(await server.trace()).not.toContain('simulator.bug');
  }
});

if (verdict.mustFail) {
  it('AWS CLI v2 is installed at /usr/bin/aws (required when CI=true)', () => {
    throw new Error(verdict.message);
  });
}
