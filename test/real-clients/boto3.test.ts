/**
 * Real client: boto3 from the Debian package (`/usr/bin/python3`, never the pyenv python first on
 * PATH) against `kmsim serve` in a child process (issue #2 §8). The walk itself is
 * boto3_walk.py; this test answers its control requests over node fetch to `/_sim/` and asserts
 * the JSON lines it prints. boto3_rules.py, on the same protocol, proves issue #16's four rules
 * over the wire: hot-key throttling, ListAliases Limit, kmsuser's password while CONNECTED, and
 * the two-HSM check on a password-only UpdateCustomKeyStore.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KMSUSER_PASSWORD, TEST_CERT } from '../support/connected-store.js';
import {
  DEBIAN_PYTHON_PATH,
  detectDebianBoto3,
  gate,
  isolatedAwsEnv,
} from '../support/real-client-detection.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';
import { short, Transcript } from './transcript.js';

const SCRIPT = fileURLToPath(new URL('./boto3_walk.py', import.meta.url));
const RULES_SCRIPT = fileURLToPath(new URL('./boto3_rules.py', import.meta.url));
const THROTTLED =
  'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.';
const LOGGED_IN_DENIED = 'HSM Error: Deletion or Changing password of a logged in User is denied';
const WALK_TIMEOUT_MS = 120_000;
const PLAINTEXT = 'kmsim walk: hello from boto3';

const detection = detectDebianBoto3();
const verdict = gate(detection);

type WalkEvent = Record<string, any> & { event: string };

interface WalkRun {
  readonly events: WalkEvent[];
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs a script, answering `control` lines; kills it if it outlives the time limit. */
function runWalk(
  server: ServeProcess,
  home: string,
  pemFile: string,
  script = SCRIPT,
): Promise<WalkRun> {
  return new Promise((resolve, reject) => {
    // The script configures retries per client itself; the CLI-oriented env knobs would override it.
    const { AWS_MAX_ATTEMPTS: _attempts, AWS_RETRY_MODE: _mode, ...env } = isolatedAwsEnv(home);
    const child = spawn(DEBIAN_PYTHON_PATH, [script, server.url, KMSUSER_PASSWORD, pemFile], {
      env,
      cwd: home,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const events: WalkEvent[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `boto3 walk did not finish within ${WALK_TIMEOUT_MS} ms; events so far: ${JSON.stringify(events)}; stderr: ${stderr}`,
        ),
      );
    }, WALK_TIMEOUT_MS);
    let pending = Promise.resolve();
    createInterface({ input: child.stdout }).on('line', (line) => {
      const event = JSON.parse(line) as WalkEvent;
      events.push(event);
      if (event.event !== 'control') return;
      // Answer in order, one line per request.
      pending = pending.then(async () => {
        const reply = await answer(server, event['request'] as Record<string, any>);
        if (child.stdin.writable) child.stdin.write(`${JSON.stringify(reply)}\n`);
      });
      pending.catch((error: unknown) => {
        child.kill('SIGKILL');
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ events, code, stderr });
    });
  });
}

async function answer(server: ServeProcess, request: Record<string, any>): Promise<unknown> {
  switch (request['op']) {
    case 'world':
      return await server.world();
    case 'advance':
      return await server.advance(Number(request['seconds']));
    case 'action': {
      const result = await server.action(request['body']);
      if (result.status !== 200)
        throw new Error(`control action failed: ${JSON.stringify(result)}`);
      return result.body;
    }
    case 'try-action':
      // An action the script expects may be refused: it gets the HTTP status and body either way.
      return await server.action(request['body']);
    default:
      throw new Error(`unknown control request from boto3_walk.py: ${JSON.stringify(request)}`);
  }
}

describe.skipIf(verdict.skip)('real client: boto3 (/usr/bin/python3) against kmsim serve', () => {
  let server: ServeProcess;
  let home: string;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'kmsim-boto3-'));
    server = await startServe({ seed: 3003 });
  });

  afterAll(async () => {
    await server?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it(
    'cluster → 2 HSMs → initialize → activate → key store → connect → CreateKey → encrypt/decrypt → disconnect → KMSInvalidStateException → reconnect → encrypt/decrypt',
    async () => {
      const pemFile = join(home, 'cert.pem');
      await writeFile(pemFile, TEST_CERT);
      const run = await runWalk(server, home, pemFile);
      const transcript = new Transcript('boto3 walk against kmsim serve');
      for (const event of run.events) transcript.step(describeEvent(event), resultOf(event));
      transcript.print();
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const events = run.events;
      const calls = (operation: string): WalkEvent[] =>
        events.filter((e) => e.event === 'call' && e['operation'] === operation);

      expect(events[0]).toMatchObject({ event: 'start', python: DEBIAN_PYTHON_PATH });
      expect(String(events[0]!['file'])).toMatch(/^\/usr\/lib\//);
      expect(events.at(-1)).toEqual({ event: 'done' });
      expect(events.filter((e) => e.event === 'fatal' || e.event === 'unexpected-success')).toEqual(
        [],
      );

      const cluster = calls('CreateCluster')[0]!;
      expect(cluster['State']).toBe('CREATE_IN_PROGRESS');
      const hsms = calls('CreateHsm');
      expect(hsms).toHaveLength(2);
      expect(new Set(hsms.map((h) => h['AvailabilityZone'])).size).toBe(2);
      expect(calls('DescribeClusters')[0]).toMatchObject({
        State: 'UNINITIALIZED',
        HsmStates: ['ACTIVE', 'ACTIVE'],
      });
      expect(calls('InitializeCluster')[0]).toMatchObject({ State: 'INITIALIZE_IN_PROGRESS' });
      expect(events.find((e) => e.event === 'control-result')).toMatchObject({
        result: { ok: true, clusterId: cluster['ClusterId'], state: 'ACTIVE' },
      });

      const storeId = calls('CreateCustomKeyStore')[0]!['CustomKeyStoreId'];
      expect(storeId).toMatch(/^cks-[0-9a-f]{17}$/);
      expect(calls('DescribeCustomKeyStores').map((e) => e['ConnectionState'])).toEqual([
        'CONNECTING',
        'CONNECTED',
        'DISCONNECTED',
        'CONNECTING',
        'CONNECTED',
      ]);
      expect(calls('ConnectCustomKeyStore').map((e) => e['response'])).toEqual([{}, {}]);
      expect(calls('DisconnectCustomKeyStore').map((e) => e['response'])).toEqual([{}]);

      const key = calls('CreateKey')[0]!;
      const keyArn = String(key['Arn']);
      expect(keyArn).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36}$/);
      // botocore parsed the epoch-seconds CreationDate into a datetime (docs/behaviour.md §1.2).
      expect(key).toMatchObject({
        Origin: 'AWS_CLOUDHSM',
        KeyState: 'Enabled',
        CustomKeyStoreId: storeId,
        CloudHsmClusterId: cluster['ClusterId'],
        CreationDateType: 'datetime',
      });

      for (const label of ['connected', 'reconnected']) {
        expect(calls('Encrypt').find((e) => e['label'] === label)).toMatchObject({
          KeyId: keyArn,
          EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        });
        expect(calls('Decrypt').find((e) => e['label'] === label)).toMatchObject({
          KeyId: keyArn,
          plaintext: PLAINTEXT,
        });
      }

      const failure = events.find((e) => e.event === 'error')!;
      expect(failure).toEqual({
        event: 'error',
        operation: 'Encrypt',
        code: 'KMSInvalidStateException',
        message: `${keyArn} is unavailable.`,
        text: `An error occurred (KMSInvalidStateException) when calling the Encrypt operation: ${keyArn} is unavailable.`,
        httpStatus: 400,
        retryAttempts: 0,
      });
      // Standard retry mode would have retried a retryable answer; this one went over the wire once.
      const trace = await server.trace();
      const unavailable = trace
        .split('\n')
        .filter(
          (line) =>
            line.includes('"operation":"Encrypt"') && line.includes('KMSInvalidStateException'),
        );
      expect(unavailable).toHaveLength(1);
      expect(trace).not.toContain('simulator.bug');
      expect(await server.health()).toBe(200);
    },
    WALK_TIMEOUT_MS + 10_000,
  );
});

if (verdict.mustFail) {
  it('boto3 is importable by /usr/bin/python3 from /usr/lib (required when CI=true)', () => {
    throw new Error(verdict.message);
  });
}

describe.skipIf(verdict.skip)(
  'real client: boto3 (/usr/bin/python3): issue #16 rules over the wire',
  () => {
    let server: ServeProcess;
    let home: string;

    beforeAll(async () => {
      home = await mkdtemp(join(tmpdir(), 'kmsim-boto3-rules-'));
      server = await startServe({ seed: 1616 });
    });

    afterAll(async () => {
      await server?.close();
      if (home) await rm(home, { recursive: true, force: true });
    });

    it(
      'hot key → ThrottlingException; ListAliases Limit 101 → ValidationException; set-kmsuser-password refused while CONNECTED; password-only UpdateCustomKeyStore on a one-HSM cluster → CloudHsmClusterInvalidConfigurationException',
      async () => {
        const pemFile = join(home, 'cert.pem');
        await writeFile(pemFile, TEST_CERT);
        const run = await runWalk(server, home, pemFile, RULES_SCRIPT);
        const transcript = new Transcript('boto3 issue #16 rules against kmsim serve');
        for (const event of run.events) transcript.step(describeEvent(event), resultOf(event));
        transcript.print();
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const events = run.events;
        expect(events[0]).toMatchObject({ event: 'start', python: DEBIAN_PYTHON_PATH });
        expect(events.at(-1)).toEqual({ event: 'done' });
        expect(
          events.filter((e) => e.event === 'fatal' || e.event === 'unexpected-success'),
        ).toEqual([]);
        const labelled = (label: string): WalkEvent[] => events.filter((e) => e['label'] === label);
        // The script's clients allow one attempt (total_max_attempts 1), and botocore then marks every
        // ClientError '(reached max retries: 0)'; the default-retry client shows the real retries.
        const storeId = events.find((e) => e['operation'] === 'CreateCustomKeyStore')![
          'CustomKeyStoreId'
        ];
        const clusterId = events.find((e) => e['operation'] === 'CreateCluster')!['ClusterId'];

        // docs/behaviour.md §5.1 hot key: the third state change of one key in a second, below DisableKey's 5/s.
        expect(labelled('hot-key').map((e) => [e.event, e['operation']])).toEqual([
          ['call', 'DisableKey'],
          ['call', 'EnableKey'],
          ['error', 'DisableKey'],
        ]);
        expect(labelled('hot-key').at(-1)).toEqual({
          event: 'error',
          label: 'hot-key',
          operation: 'DisableKey',
          code: 'ThrottlingException',
          message: THROTTLED,
          text: `An error occurred (ThrottlingException) when calling the DisableKey operation (reached max retries: 0): ${THROTTLED}`,
          httpStatus: 400,
          retryAttempts: 0,
        });
        // botocore's standard mode retries ThrottlingException (docs/behaviour.md §1.6); every attempt is throttled.
        expect(labelled('hot-key-retried')).toEqual([
          {
            event: 'error',
            label: 'hot-key-retried',
            operation: 'DisableKey',
            code: 'ThrottlingException',
            message: THROTTLED,
            text: `An error occurred (ThrottlingException) when calling the DisableKey operation (reached max retries: 2): ${THROTTLED}`,
            httpStatus: 400,
            retryAttempts: 2,
          },
        ]);
        expect(labelled('hot-key-next-second').map((e) => e.event)).toEqual(['call', 'call']);
        const trace = await server.trace();
        const hotKey = trace.split('\n').filter((line) => line.includes('"quota":"hot-key"'));
        expect(hotKey).toHaveLength(4);

        // docs/behaviour.md §2.1: ListAliases Limit 1..100, in docs/behaviour.md §8.7's range format.
        expect(labelled('list-aliases-100')[0]).toMatchObject({
          AliasNames: ['alias/boto3-rules'],
          Truncated: false,
        });
        expect(labelled('list-aliases-101')).toEqual([
          {
            event: 'error',
            label: 'list-aliases-101',
            operation: 'ListAliases',
            code: 'ValidationException',
            message:
              "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
            text: "An error occurred (ValidationException) when calling the ListAliases operation (reached max retries: 0): 1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
            httpStatus: 400,
            retryAttempts: 0,
          },
        ]);

        // docs/behaviour.md §4.7, §10: KMS holds the kmsuser login while CONNECTED; after a disconnect the reset works.
        expect(labelled('set-kmsuser-password-connected')[0]!['result']).toEqual({
          status: 400,
          body: {
            ok: false,
            message: `field 'clusterId': ${LOGGED_IN_DENIED} (KMS is logged in as kmsuser while custom key store ${storeId} is CONNECTED; disconnect it first, docs/behaviour.md §4.7 RB-7)`,
          },
        });
        expect(labelled('set-kmsuser-password-disconnected')[0]!['result']).toEqual({
          status: 200,
          body: { ok: true },
        });

        // docs/behaviour.md §4.4: a password-only (or same-cluster) update on a cluster left with one ACTIVE HSM.
        expect(events.find((e) => e['operation'] === 'DescribeClusters' && !e['State'])).toEqual({
          event: 'call',
          operation: 'DescribeClusters',
          HsmStates: ['ACTIVE'],
        });
        const oneHsm = `The cluster ${clusterId} must contain at least two active HSMs in different Availability Zones; it has 1 active HSM(s).`;
        for (const label of ['update-password-one-hsm', 'update-same-cluster-one-hsm'])
          expect(labelled(label)).toEqual([
            {
              event: 'error',
              label,
              operation: 'UpdateCustomKeyStore',
              code: 'CloudHsmClusterInvalidConfigurationException',
              message: oneHsm,
              text: `An error occurred (CloudHsmClusterInvalidConfigurationException) when calling the UpdateCustomKeyStore operation (reached max retries: 0): ${oneHsm}`,
              httpStatus: 400,
              retryAttempts: 0,
            },
          ]);
        // With a second HSM in another AZ the RB-7 update is accepted, and the connect logs in with it.
        expect(labelled('update-password-two-hsms')).toEqual([
          {
            event: 'call',
            label: 'update-password-two-hsms',
            operation: 'UpdateCustomKeyStore',
            response: {},
          },
        ]);
        expect(
          events
            .filter((e) => e['operation'] === 'DescribeCustomKeyStores')
            .map((e) => e['ConnectionState']),
        ).toEqual(['CONNECTING', 'CONNECTED', 'CONNECTING', 'CONNECTED']);
        expect(
          events.filter((e) => e['operation'] === 'DescribeKey').map((e) => e['KeyState']),
        ).toEqual(['Enabled', 'Enabled']);
        expect(trace).not.toContain('simulator.bug');
        expect(await server.health()).toBe(200);
      },
      WALK_TIMEOUT_MS + 10_000,
    );
  },
);

function describeEvent(event: WalkEvent): string {
  if (event.event === 'control')
    return `(driver) ${JSON.stringify(event['request']).replace(/("kmsuserPassword":)"[^"]*"/, '$1"****"')}`;
  if (event.event === 'call' || event.event === 'error')
    return `${event.event === 'error' ? 'ClientError from ' : ''}boto3 ${event['operation']}${event['label'] ? ` (${event['label']})` : ''}`;
  return event.event;
}

function resultOf(event: WalkEvent): string {
  const { event: _kind, operation: _op, label: _label, request: _request, ...rest } = event;
  if (event.event === 'control') return 'answered by the test over /_sim/';
  if (event.event === 'error') return String(event['text']);
  return short(JSON.stringify(rest), 160);
}
