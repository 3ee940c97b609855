/**
 * The tools' own KMS call sequences, replayed with a real client (Debian's boto3 over HTTP against
 * `kmsim serve`; issue #10). Each replay script under replays/ names, in its header, the tool, the
 * source file and the commit the sequence was read from; it prints one JSON line per call and ends
 * with {"event":"done"} only when every step of the flow held. These tests check that each flow
 * completes, that it made the calls the tool makes, and that the server saw no simulator bug.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { runProcess } from './run-process.js';

const REPLAYS = fileURLToPath(new URL('./replays/', import.meta.url));
const REPLAY_TIMEOUT_MS = 180_000;

/**
 * The replays also need Debian's python3-cryptography for the tools' local AES-GCM (a dependency
 * of the awscli package that CI installs).
 */
function detectReplayClient() {
  const boto3 = detectDebianBoto3();
  if (!boto3.available) return boto3;
  const probe = spawnSync(DEBIAN_PYTHON_PATH, ['-c', 'import cryptography'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return probe.status === 0
    ? boto3
    : {
        ...boto3,
        available: false,
        reason: `${DEBIAN_PYTHON_PATH} cannot import cryptography (apt-get install python3-cryptography): ${probe.stderr}`,
      };
}

const verdict = gate(detectReplayClient());

interface ReplayEvent {
  readonly event: string;
  readonly [field: string]: unknown;
}

interface ReplayRun {
  readonly code: number | null;
  readonly events: ReplayEvent[];
  readonly stderr: string;
  readonly operations: string[];
  readonly done: ReplayEvent | undefined;
}

describe.skipIf(verdict.skip)(
  'real client: tool flows replayed with boto3 against kmsim serve',
  () => {
    let server: ServeProcess;
    let home: string;
    let pemFile: string;

    beforeAll(async () => {
      home = await mkdtemp(join(tmpdir(), 'kmsim-replays-'));
      pemFile = join(home, 'trust-anchor.pem');
      await writeFile(pemFile, TEST_CERT);
      server = await startServe({ seed: 1010 });
    });

    afterAll(async () => {
      await server?.close();
      if (home) await rm(home, { recursive: true, force: true });
    });

    async function replay(script: string): Promise<ReplayRun> {
      const { AWS_MAX_ATTEMPTS: _attempts, AWS_RETRY_MODE: _mode, ...env } = isolatedAwsEnv(home);
      const result = await runProcess(
        DEBIAN_PYTHON_PATH,
        [join(REPLAYS, script), server.url, KMSUSER_PASSWORD, pemFile],
        { env, cwd: REPLAYS, timeoutMs: REPLAY_TIMEOUT_MS },
      );
      const events = result.stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as ReplayEvent);
      const run: ReplayRun = {
        code: result.code,
        events,
        stderr: result.stderr,
        operations: events.filter((e) => e.event === 'call').map((e) => String(e['operation'])),
        done: events.find((e) => e.event === 'done'),
      };
      const failed = events.find((e) => e.event === 'failed');
      // A failing replay shows its own account of what did not hold, then the process's stderr.
      expect(
        { code: run.code, failed: failed?.['error'] ?? null },
        `${script} stderr: ${result.stderr}`,
      ).toEqual({ code: 0, failed: null });
      expect(run.done).toBeDefined();
      return run;
    }

    afterAll(async () => {
      if (!server) return;
      const trace = await server.trace();
      expect(trace).not.toContain('simulator.bug');
    });

    it(
      'Terraform aws_kms_key (provider commit 00a35305, v6 after v6.10.0): create, read, update, delete — an AWS_KMS key and a key in a CloudHSM key store',
      async () => {
        const run = await replay('terraform_kms_key.py');
        const first = run.operations.slice(0, 8);
        expect(first).toEqual([
          'CreateKey',
          'EnableKeyRotation',
          'GetKeyRotationStatus',
          'GetKeyRotationStatus',
          'GetKeyRotationStatus',
          'GetKeyRotationStatus',
          'GetKeyRotationStatus',
          'GetKeyPolicy',
        ]);
        for (const operation of [
          'DescribeKey',
          'GetKeyPolicy',
          'GetKeyRotationStatus',
          'ListResourceTags',
          'DisableKeyRotation',
          'UpdateKeyDescription',
          'PutKeyPolicy',
          'UntagResource',
          'TagResource',
          'ScheduleKeyDeletion',
        ])
          expect(run.operations).toContain(operation);
      },
      REPLAY_TIMEOUT_MS,
    );
    it(
      'Terraform aws_kms_alias (provider commit 01c08000, v4): create, read (unfiltered ListAliases pages), update, delete',
      async () => {
        const run = await replay('terraform_kms_alias.py');
        const flow = run.operations.filter((op) => op !== 'ListAliases' && op !== 'CreateKey');
        expect(flow.slice(-4)).toEqual([
          'CreateAlias',
          'UpdateAlias',
          'DeleteAlias',
          'DeleteAlias',
        ]);
        expect(run.operations.filter((op) => op === 'ListAliases').length).toBeGreaterThanOrEqual(
          3,
        );
      },
      REPLAY_TIMEOUT_MS,
    );

    it(
      'Terraform aws_kms_custom_key_store (provider commit 03412d53, v4): create, read, update, delete on a real CloudHSM cluster',
      async () => {
        const run = await replay('terraform_kms_custom_key_store.py');
        const flow = run.operations.filter((op) =>
          [
            'CreateCustomKeyStore',
            'DescribeCustomKeyStores',
            'UpdateCustomKeyStore',
            'DeleteCustomKeyStore',
          ].includes(op),
        );
        expect(flow).toEqual([
          'CreateCustomKeyStore',
          'DescribeCustomKeyStores',
          'UpdateCustomKeyStore',
          'DescribeCustomKeyStores',
          'DeleteCustomKeyStore',
          'DescribeCustomKeyStores',
        ]);
      },
      REPLAY_TIMEOUT_MS,
    );

    it(
      'Terraform aws_kms_grant (provider commit 01f43111, v5): create, read (ListGrants pages), an idempotent retry, revoke and retire',
      async () => {
        const run = await replay('terraform_kms_grant.py');
        for (const operation of ['CreateGrant', 'ListGrants', 'RevokeGrant', 'RetireGrant'])
          expect(run.operations).toContain(operation);
      },
      REPLAY_TIMEOUT_MS,
    );

    it(
      'Vault awskms seal (go-kms-wrapping v2, commit 06b96869): DescribeKey, Encrypt, Decrypt — AWS_KMS (unsealing after a rotation) and CloudHSM keys',
      async () => {
        const run = await replay('vault_awskms_seal.py');
        const seal = run.operations.filter((op) =>
          ['DescribeKey', 'Encrypt', 'Decrypt'].includes(op),
        );
        expect(seal.slice(0, 3)).toEqual(['DescribeKey', 'Encrypt', 'Decrypt']);
        expect(Object.keys(run.done!).sort()).toEqual(['aws-kms', 'cloudhsm', 'event']);
      },
      REPLAY_TIMEOUT_MS,
    );

    it(
      'SOPS (v3.13.2): the data key wrapped by two master keys (CloudHSM key, alias ARN) with an encryption context, and unwrapped by each',
      async () => {
        const run = await replay('sops_kms.py');
        const crypto = run.operations.filter((op) => op === 'Encrypt' || op === 'Decrypt');
        expect(crypto).toEqual(['Encrypt', 'Encrypt', 'Decrypt', 'Decrypt', 'Decrypt']);
      },
      REPLAY_TIMEOUT_MS,
    );

    it(
      'S3 Encryption Client v2 kms+context envelope (aws-sdk-go s3crypto, commit 837f6b23): GenerateDataKey, local AES-GCM, Decrypt with the material description',
      async () => {
        const run = await replay('s3_encryption_client_envelope.py');
        const crypto = run.operations.filter((op) => op === 'GenerateDataKey' || op === 'Decrypt');
        expect(crypto).toEqual([
          'GenerateDataKey',
          'Decrypt',
          'Decrypt',
          'GenerateDataKey',
          'Decrypt',
          'Decrypt',
        ]);
      },
      REPLAY_TIMEOUT_MS,
    );
  },
);
