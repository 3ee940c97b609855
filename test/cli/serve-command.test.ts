/**
 * `kmsim serve` as users run it: the built bin/kmsim.js in a child process (npm `pretest` builds
 * dist/ first).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exposureWarning } from '../../src/cli/serve-command.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/kmsim.js', import.meta.url));

interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

const children: ChildProcessWithoutNullStreams[] = [];

function run(args: string[]): {
  child: ChildProcessWithoutNullStreams;
  finished: Promise<Finished>;
  stdout: () => string;
} {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: { ...process.env } });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const finished = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, finished, stdout: () => stdout };
}

async function waitForListening(
  stdout: () => string,
  finished: Promise<Finished>,
): Promise<string> {
  const listening = /^kmsim listening on (http:\/\/[^\s]+:(\d+))$/m;
  const early = finished.then((f) => {
    throw new Error(`serve exited early (code ${f.code}): ${f.stderr}`);
  });
  for (let i = 0; i < 200; i++) {
    const match = listening.exec(stdout());
    if (match?.[1]) return match[1];
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 50)), early]);
  }
  throw new Error(`no listening line; stdout so far: ${stdout()}`);
}

beforeAll(() => {
  if (!existsSync(new URL('../../dist/cli/main.js', import.meta.url))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does it via pretest)');
  }
});

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('kmsim serve', () => {
  it('prints exactly the listening line with the real port for --port 0, serves, and exits 0 on SIGTERM', async () => {
    const { child, finished, stdout } = run(['serve', '--port', '0', '--seed', '3']);
    const url = await waitForListening(stdout, finished);
    expect(url).not.toMatch(/:0$/);
    const health = await fetch(`${url}/_sim/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    expect(health.headers.get('date')).toBeNull();
    child.kill('SIGTERM');
    const done = await finished;
    expect(done.code).toBe(0);
    expect(done.stdout).toBe(`kmsim listening on ${url}\n`);
    expect(done.stderr).toContain('SEED=3');
  });

  it('closes cleanly on SIGINT too', async () => {
    const { child, finished, stdout } = run(['serve', '--port', '0', '--time-scale', '0']);
    const url = await waitForListening(stdout, finished);
    const advanced = await fetch(`${url}/_sim/advance`, { method: 'POST', body: '{"seconds": 2}' });
    expect(await advanced.json()).toEqual({ ok: true, nowMs: 2000 });
    child.kill('SIGINT');
    expect((await finished).code).toBe(0);
  });

  it('--no-quotas: ten CreateKey calls in one frozen second all succeed; with quotas the sixth is throttled (issue #9 §3)', async () => {
    const createTen = async (url: string): Promise<number[]> => {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const res = await fetch(`${url}/`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': 'TrentService.CreateKey',
          },
          body: '{}',
        });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      return statuses;
    };
    const free = run(['serve', '--port', '0', '--time-scale', '0', '--no-quotas']);
    const freeUrl = await waitForListening(free.stdout, free.finished);
    expect(await createTen(freeUrl)).toEqual(Array(10).fill(200));
    free.child.kill('SIGTERM');
    expect((await free.finished).stderr).toContain('--no-quotas');
    const limited = run(['serve', '--port', '0', '--time-scale', '0']);
    const limitedUrl = await waitForListening(limited.stdout, limited.finished);
    expect(await createTen(limitedUrl)).toEqual([...Array(5).fill(200), ...Array(5).fill(400)]);
    limited.child.kill('SIGTERM');
    await limited.finished;
  });

  it.each([
    [['serve', '--port', 'abc'], '--port'],
    [['serve', '--port', '70000'], '--port'],
    [['serve', '--time-scale', '-1'], '--time-scale'],
    [['serve', '--time-scale', 'fast'], '--time-scale'],
    [['serve', '--seed', '1.5'], '--seed'],
    [['serve', '--trace-events', '-5'], '--trace-events'],
    [['serve', '--trace-events', 'many'], '--trace-events'],
    [['serve', '--colour'], '--colour'],
  ])('%j exits 2 naming %s, without a stack trace', async (args, flag) => {
    const done = await run(args).finished;
    expect(done.code).toBe(2);
    expect(done.stderr).toContain(flag);
    expect(done.stderr).not.toMatch(/\n\s+at /);
    expect(done.stdout).toBe('');
  });

  it('an unknown command exits 2', async () => {
    const done = await run(['frobnicate']).finished;
    expect(done.code).toBe(2);
    expect(done.stderr).toContain('frobnicate');
  });

  it('a busy port is a one-line failure (exit 1), not a stack trace', async () => {
    const first = run(['serve', '--port', '0']);
    const url = await waitForListening(first.stdout, first.finished);
    const port = new URL(url).port;
    const done = await run(['serve', '--port', port]).finished;
    expect(done.code).toBe(1);
    expect(done.stderr).toMatch(/EADDRINUSE/);
    expect(done.stderr).not.toMatch(/\n\s+at /);
    first.child.kill('SIGTERM');
    await first.finished;
  });

  it('--host 0.0.0.0 prints a one-line warning that anyone can reach it; loopback does not (issue 11 §12)', async () => {
    const open = run(['serve', '--port', '0', '--host', '0.0.0.0']);
    const url = await waitForListening(open.stdout, open.finished);
    const port = new URL(url).port;
    const health = await fetch(`http://127.0.0.1:${port}/_sim/health`);
    expect(health.status).toBe(200);
    open.child.kill('SIGTERM');
    const openDone = await open.finished;
    expect(openDone.stderr.split('\n').filter((line) => line.includes('warning'))).toEqual([
      'kmsim: warning: --host 0.0.0.0 serves on every network interface with no authentication: anyone who can reach this port can call the simulated KMS and CloudHSM and change the world through /_sim/',
    ]);
    const loopback = run(['serve', '--port', '0']);
    await waitForListening(loopback.stdout, loopback.finished);
    loopback.child.kill('SIGTERM');
    expect((await loopback.finished).stderr).not.toContain('warning');
  });

  it('keeps only the newest --trace-events trace events; /_sim/trace says how many were recorded (issue 11 §10)', async () => {
    const { child, finished, stdout } = run([
      'serve',
      '--port',
      '0',
      '--time-scale',
      '0',
      '--trace-events',
      '40',
    ]);
    const url = await waitForListening(stdout, finished);
    for (let i = 0; i < 60; i++) {
      const res = await fetch(`${url}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'TrentService.CreateKey',
        },
        body: '{}',
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      // Five CreateKey a second is the quota (docs/behaviour.md §5.1): let a virtual second pass.
      if (i % 5 === 4)
        await (
          await fetch(`${url}/_sim/advance`, { method: 'POST', body: '{"seconds":1}' })
        ).arrayBuffer();
    }
    const trace = await fetch(`${url}/_sim/trace`);
    const lines = (await trace.text()).trimEnd().split('\n');
    const recorded = Number(trace.headers.get('x-kmsim-trace-recorded'));
    const firstSeq = Number(trace.headers.get('x-kmsim-trace-first-seq'));
    expect(lines).toHaveLength(40);
    expect(recorded).toBeGreaterThan(60);
    expect(firstSeq).toBe(recorded - 40);
    expect(lines.map((line) => (JSON.parse(line) as { seq: number }).seq)).toEqual(
      Array.from({ length: 40 }, (_, i) => firstSeq + i),
    );
    child.kill('SIGTERM');
    await finished;
  });
});

describe('kmsim serve: exposureWarning', () => {
  it('warns for every address but loopback', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST'])
      expect(exposureWarning(host), host).toBeUndefined();
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'myhost.example'])
      expect(exposureWarning(host), host).toMatch(/^kmsim: warning: --host /);
  });
});
