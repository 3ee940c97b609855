/**
 * `kmsim serve --scenario` (issue #9 §1) as users run it: the world built and named (stderr and
 * `GET /_sim/world` → names), requests assigned to declared clients by the access key of their SigV4
 * Authorization header (an unknown key is a client of its own), attempts grouped into calls by
 * amz-sdk-invocation-id, X-Amz-Date checked against virtual time, the timeline played as virtual
 * time passes, `GET /_sim/report` judging what the server saw so far, and `--report DIR` writing
 * the runbook report at shutdown.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Finished, startKmsim, waitFor } from '../support/kmsim-process.js';

const LOSS = 'test/cli/fixtures/exec/loss-at-10s.yaml';
const EPOCH_MS = Date.UTC(2026, 0, 1);

function amzDate(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

interface Sender {
  accessKeyId: string;
  invocationId?: string;
  attempt?: string;
  signedAtMs?: number;
}

async function call(
  url: string,
  target: string,
  body: unknown,
  sender: Sender,
): Promise<{ status: number; type: string | undefined; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': target,
    authorization: `AWS4-HMAC-SHA256 Credential=${sender.accessKeyId}/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=00`,
  };
  if (sender.invocationId) headers['amz-sdk-invocation-id'] = sender.invocationId;
  if (sender.attempt) headers['amz-sdk-request'] = sender.attempt;
  if (sender.signedAtMs !== undefined) headers['x-amz-date'] = amzDate(sender.signedAtMs);
  const res = await fetch(`${url}/`, { method: 'POST', headers, body: JSON.stringify(body) });
  const parsed = (await res.json()) as Record<string, unknown>;
  return { status: res.status, type: parsed['__type'] as string | undefined, body: parsed };
}

/** `kmsim serve --scenario FILE` for a file it refuses: the finished process. */
function serveToExit(file: string): Promise<Finished> {
  return startKmsim(['serve', '--scenario', file]).finished;
}

describe('kmsim serve --scenario', () => {
  it('names the world, tells clients apart by access key, plays the timeline, reports so far and at shutdown', async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'kmsim-serve-report-'));
    const serve = startKmsim([
      'serve',
      '--scenario',
      LOSS,
      '--port',
      '0',
      '--time-scale',
      '0',
      '--report',
      reportDir,
    ]);
    const url = (
      await waitFor(serve.stdout, /^kmsim listening on (http:\/\/\S+)$/m, serve.finished)
    )[1]!;
    // The name map goes to stderr before the listening line goes to stdout, but the two pipes are
    // read apart: wait for its last line rather than expect it to have arrived already.
    await waitFor(
      serve.stderr,
      /^kmsim: name client batch = access key AKIAFIXTUREBATCH$/m,
      serve.finished,
    );
    expect(serve.stderr()).toMatch(
      /^kmsim: name key app-key = arn:aws:kms:us-east-1:111122223333:key\//m,
    );

    const world = (await (await fetch(`${url}/_sim/world`)).json()) as {
      nowMs: number;
      names: {
        keys: Record<string, { keyId: string; arn: string }>;
        clients: Record<string, { accessKeyId: string }>;
      };
    };
    const key = world.names.keys['app-key']!;
    expect(key.arn).toBe(`arn:aws:kms:us-east-1:111122223333:key/${key.keyId}`);
    expect(world.names.clients['app']).toEqual({ accessKeyId: 'AKIAFIXTUREAPP' });
    const now = EPOCH_MS + world.nowMs;

    // app: an SDK-like client in step with virtual time; two calls.
    for (const invocationId of ['inv-1', 'inv-2']) {
      const sealed = await call(
        url,
        'TrentService.Encrypt',
        { KeyId: key.arn, Plaintext: 'aGk=' },
        {
          accessKeyId: 'AKIAFIXTUREAPP',
          invocationId,
          attempt: 'attempt=1; max=3',
          signedAtMs: now,
        },
      );
      expect(sealed.status).toBe(200);
    }
    // batch: no invocation id, and a clock an hour ahead of virtual time.
    const batchEncrypt = (signedAtMs: number) =>
      call(
        url,
        'TrentService.Encrypt',
        { KeyId: key.keyId, Plaintext: 'aGk=' },
        { accessKeyId: 'AKIAFIXTUREBATCH', signedAtMs },
      );
    const early = await batchEncrypt(now + 3_600_000);
    expect(early.status).toBe(200);
    // A key nobody declared is a client of its own.
    const stranger = await call(
      url,
      'TrentService.DescribeKey',
      { KeyId: key.keyId },
      {
        accessKeyId: 'AKIASTRANGER',
      },
    );
    expect(stranger.status).toBe(200);

    // Past the loss at 10s (frozen time: only /_sim/advance moves it).
    await fetch(`${url}/_sim/advance`, { method: 'POST', body: '{"seconds": 15}' });
    const lost = await batchEncrypt(now + 15_000);
    expect([lost.status, lost.type]).toEqual([400, 'KMSInvalidStateException']);

    const report = await (await fetch(`${url}/_sim/report`)).text();
    const lines = report.trim().split('\n');
    expect(lines).toContain('PASS no error client app between 0s and 9s');
    expect(lines).toContain(
      'PASS error KMSInvalidStateException client batch Encrypt between 10s and 1m',
    );
    expect(lines.some((line) => line.startsWith('PENDING nothing lost'))).toBe(true);
    expect(lines.find((line) => line.startsWith('METRICS client app total'))).toContain(
      'calls 2 attempts 2 ok 2',
    );
    expect(lines.find((line) => line.startsWith('METRICS client batch total'))).toContain(
      'calls 2 attempts 2 ok 1 errors KMSInvalidStateException=1',
    );
    expect(lines.some((line) => line.startsWith('METRICS client AKIASTRANGER total'))).toBe(true);
    expect(lines).toContain(
      'EXTERNAL client app (access key AKIAFIXTUREAPP): attempts grouped into calls by amz-sdk-invocation-id; clock drift up to 0s over 2 request(s), tolerance 5s',
    );
    expect(
      lines.some((line) => line.startsWith('NOTE client batch: it sent no amz-sdk-invocation-id')),
    ).toBe(true);
    expect(
      lines.some((line) =>
        line.startsWith(
          'WARNING client batch: its clock is out of step with virtual time on 1 of 2 request(s)',
        ),
      ),
    ).toBe(true);

    serve.child.kill('SIGTERM');
    const done = await serve.finished;
    expect(done.code).toBe(0);
    expect(done.stderr).toContain('PASS nothing lost: every returned ciphertext decrypts');
    const markdown = readFileSync(join(reportDir, 'loss-at-10s.md'), 'utf8');
    expect(markdown).toContain('## Clients over the wire');
    expect(markdown).toContain('**out of step**');
    expect(markdown).toContain(
      'Reproduce: `npx kmsim serve --scenario test/cli/fixtures/exec/loss-at-10s.yaml',
    );
    const summary = JSON.parse(readFileSync(join(reportDir, 'loss-at-10s.json'), 'utf8'));
    expect(summary.passed).toBe(true);
    expect(summary.reproduce).toMatch(/^npx kmsim serve --scenario /);
  }, 120_000);

  it('a long /_sim/advance is worked through in slices: health answers meanwhile, and SIGTERM stops the server before the jump is done (issue #11 §2)', async () => {
    const serve = startKmsim([
      'serve',
      '--scenario',
      'test/cli/fixtures/exec/heavy-load.yaml',
      '--port',
      '0',
      '--time-scale',
      '0',
    ]);
    const url = (
      await waitFor(serve.stdout, /^kmsim listening on (http:\/\/\S+)$/m, serve.finished)
    )[1]!;
    let jumpEnded = false;
    // 1,980,000 load ticks (kernel events) and 9,900,000 background requests in one jump.
    const jump = fetch(`${url}/_sim/advance`, { method: 'POST', body: '{"seconds": 198000}' }).then(
      (res) => res.status,
      () => 'connection closed',
    );
    void jump.then(() => (jumpEnded = true));
    // The server says at once that the jump is being worked through; health answers meanwhile.
    let moving = false;
    while (!moving && !jumpEnded)
      moving = ((await (await fetch(`${url}/_sim/clock`)).json()) as { moving: boolean }).moving;
    expect(moving).toBe(true);
    const health = await fetch(`${url}/_sim/health`);
    expect(health.status).toBe(200);
    serve.child.kill('SIGTERM');
    const done = await serve.finished;
    expect(done.code).toBe(0);
    expect(done.stderr).toContain('kmsim: SIGTERM, closing');
    expect(await jump).toBe('connection closed');
  }, 120_000);

  it('--report without --scenario, and a scenario with workloads, are usage errors (exit 2)', async () => {
    const noScenario = await startKmsim(['serve', '--report', '/tmp/x']).finished;
    expect(noScenario.code).toBe(2);
    expect(noScenario.stderr).toContain('--report needs --scenario');
    const workload = await serveToExit('test/cli/fixtures/exec/with-workload.yaml');
    expect(workload.code).toBe(2);
    expect(workload.stderr).toContain('cannot serve this scenario: it has workloads');
    // The message names file, line and field: `workloads:` is line 9 of the fixture.
    expect(workload.stderr).toContain('test/cli/fixtures/exec/with-workload.yaml:9: workloads: ');
  }, 120_000);

  it('a scenario with a module client is a usage error naming the client line (exit 2)', async () => {
    const served = await serveToExit('test/cli/fixtures/exec/with-module-client.yaml');
    expect(served.code).toBe(2);
    expect(served.stderr).toContain(
      'test/cli/fixtures/exec/with-module-client.yaml:10: clients[1].module: cannot serve this scenario: client own-code is your own code (',
    );
    expect(served.stderr).toContain('app-retry-wrapper.mjs), which only kmsim run loads');
    expect(served.stderr).not.toContain('    at ');
  }, 120_000);
});
