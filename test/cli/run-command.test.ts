/**
 * `kmsim run` as users run it (issue #3 §4 and "Bad input"): the built bin/kmsim.js in a child
 * process (npm `pretest` builds dist/ first), in a scratch working directory (`--report out` writes
 * there; without it nothing is written). Plus the command in-process with a stand-in runner for the paths a real run rarely takes.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reproduceCommand, runCommand, type RunCommandIo } from '../../src/cli/run-command.js';
import { loadScenarioFile } from '../../src/scenarios/file/loader.js';

const bin = fileURLToPath(new URL('../../bin/kmsim.js', import.meta.url));
const fixture = (name: string): string =>
  fileURLToPath(new URL(`../scenarios/fixtures/${name}`, import.meta.url));
const scratch: string[] = [];

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly cwd: string;
}

function kmsim(...args: string[]): Finished {
  const cwd = mkdtempSync(join(tmpdir(), 'kmsim-run-'));
  scratch.push(cwd);
  const child = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr, cwd };
}

function omit(data: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !keys.includes(key)));
}

function expectNoStackTrace(finished: Finished): void {
  expect(finished.stderr).not.toMatch(/^\s+at /m);
  expect(finished.stdout).not.toMatch(/^\s+at /m);
}

beforeAll(() => {
  if (!existsSync(new URL('../../dist/cli/main.js', import.meta.url))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does it via pretest)');
  }
});

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('kmsim run: bad input exits 2 with the loader message and no stack trace (issue #3 "Bad input")', () => {
  const badFiles = readdirSync(fixture('bad'))
    .filter((name) => name.endsWith('.yaml'))
    .sort();

  it('has a bad fixture for every class', () => {
    expect(badFiles).toEqual([
      'duplicate-name.yaml',
      'malformed-time.yaml',
      'undeclared-reference.yaml',
      'unknown-action.yaml',
      'unknown-fault.yaml',
      'unknown-key.yaml',
      'wrong-type.yaml',
      'yaml-syntax.yaml',
    ]);
  });

  for (const name of badFiles) {
    it(`${name}: exit 2, the message on stderr, nothing on stdout`, () => {
      const path = fixture(`bad/${name}`);
      const loaded = loadScenarioFile(path);
      if (loaded.ok) throw new Error(`${name} loads`);
      const finished = kmsim('run', path);
      expect(finished.code).toBe(2);
      expect(finished.stdout).toBe('');
      expect(finished.stderr.trimEnd().split('\n')).toEqual([...loaded.messages]);
      expect(finished.stderr).toMatch(
        new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: `),
      );
      expectNoStackTrace(finished);
      expect(existsSync(join(finished.cwd, 'reports'))).toBe(false);
    });
  }

  it('a directory with any bad file runs nothing and lists every file’s problem', () => {
    const finished = kmsim('run', fixture('bad'));
    expect(finished.code).toBe(2);
    expect(finished.stdout).toBe('');
    expect(finished.stderr.trimEnd().split('\n')).toHaveLength(badFiles.length);
    expectNoStackTrace(finished);
  });

  it('a missing path is one message', () => {
    const finished = kmsim('run', 'no-such-scenario.yaml');
    expect(finished.code).toBe(2);
    expect(finished.stderr).toBe('kmsim run: no-such-scenario.yaml: no such file or directory\n');
    expect(finished.stdout).toBe('');
  });

  it('names every object inherits, as a command or an option, are usage errors (issue 11 §4)', () => {
    for (const args of [
      ['constructor'],
      ['__proto__'],
      ['toString'],
      ['run', '--constructor', 'x.yaml'],
      ['run', '--__proto__', 'x.yaml'],
      ['serve', '--toString'],
    ]) {
      const finished = kmsim(...args);
      expect(finished.code, args.join(' ')).toBe(2);
      expect(finished.stderr, args.join(' ')).toMatch(/^error: unknown (command|option) '/);
      expectNoStackTrace(finished);
    }
  });

  it('an alias bomb, deep nesting and a 50 MB file: exit 2 with the file and line, no stack trace (issue 11 §5, §6, §11)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmsim-hostile-'));
    scratch.push(dir);
    const bomb = join(dir, 'bomb.yaml');
    writeFileSync(
      bomb,
      [
        'name: bomb',
        'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]',
        ...['b', 'c', 'd', 'e', 'f', 'g'].map(
          (name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdef'[i]}`).join(', ')}]`,
        ),
      ].join('\n'),
    );
    const deep = join(dir, 'deep.yaml');
    writeFileSync(deep, `name: deep\nworld: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
    const huge = join(dir, 'huge.yaml');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    for (const [path, message] of [
      [bomb, `${bomb}:3: scenario: aliases expand too far`],
      [deep, `${deep}:2: scenario: nesting is too deep: more than 64 levels`],
      [huge, `${huge}: scenario: the file is 52,428,800 bytes; a scenario file may be at most`],
    ] as const) {
      const finished = kmsim('run', path);
      expect([finished.code, finished.stdout], path).toEqual([2, '']);
      expect(finished.stderr.startsWith(message), finished.stderr).toBe(true);
      expect(finished.stderr.trimEnd().split('\n'), path).toHaveLength(1);
      expectNoStackTrace(finished);
    }
  });

  it('a workload until 1000000h, 30 HSMs in a cluster, and a key store on one HSM: exit 2 naming the file, line and field, never a crash (issue 11 §1, §3)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmsim-bounds-'));
    scratch.push(dir);
    const good = readFileSync(fixture('good/operator-disconnect.yaml'), 'utf8');
    const write = (name: string, text: string): string => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const forever = write('forever.yaml', good.replace('until: 6m', 'until: 1000000h'));
    const crowded = write(
      'crowded.yaml',
      good.replace('hsms: [a, b]', `hsms: [${Array(5).fill('a, b, c, d, e, f').join(', ')}]`),
    );
    const lonely = write('lonely.yaml', good.replace('hsms: [a, b]', 'hsms: [a]'));
    const loadErrors = [
      [
        forever,
        `${forever}:33: workloads[0].until: '1000000h' is longer than 100d, the longest time a scenario may use\n`,
      ],
      [
        crowded,
        `${crowded}:9: world.clusters[0].hsms: a CloudHSM cluster holds at most 28 HSMs (a fixed quota, docs/behaviour.md §6.6); this one lists 30\n`,
      ],
    ] as const;
    for (const [path, stderr] of loadErrors) {
      const finished = kmsim('run', path);
      expect([finished.code, finished.stdout, finished.stderr], path).toEqual([2, '', stderr]);
    }
    const finished = kmsim('run', lonely);
    expect(finished.code).toBe(2);
    expect(finished.stdout).toContain(
      'FAIL world — the declared world cannot be built: CreateCustomKeyStore failed with CloudHsmClusterInvalidConfigurationException',
    );
    expect(finished.stderr).toMatch(
      new RegExp(
        `^${lonely.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:11: world\\.keyStores\\[0\\]: the declared world cannot be built: `,
      ),
    );
    expect(finished.stderr).not.toContain('simulator bug');
    expectNoStackTrace(finished);
  });

  it('a bad --seed is a usage error', () => {
    const finished = kmsim('run', fixture('good/operator-disconnect.yaml'), '--seed', 'abc');
    expect(finished.code).toBe(2);
    expect(finished.stderr).toContain("option '--seed <n>' argument 'abc' is invalid");
    expectNoStackTrace(finished);
  });
});

describe('kmsim run: running scenarios (issue #3 §4)', () => {
  it('a passing file: SEED= first, PASS per expectation, reports written with --report, exit 0', () => {
    const path = fixture('good/operator-disconnect.yaml');
    const finished = kmsim('run', path, '--report', 'out');
    expect(finished.stderr).not.toContain('FAIL');
    expect(finished.code).toBe(0);
    const lines = finished.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('SEED=42');
    expect(lines[1]).toBe(
      `SCENARIO ${path}: fixture: key store: operator disconnect, then reconnect`,
    );
    expect(lines.slice(2, 6)).toEqual([
      'PASS key store store is DISCONNECTED at 2m',
      'PASS error KMSInvalidStateException client app between 1m30s and 2m30s',
      'PASS recovery client app: first success within 5m after 3m',
      'PASS nothing lost: every returned ciphertext decrypts to its plaintext at the end',
    ]);
    // Client metrics (issue #4 §4): the client's total, then each window that had an error (1m-3m at least).
    expect(lines[6]).toMatch(
      /^METRICS client app total \(standard, maxAttempts 3\): calls 36 attempts 36 ok \d+ errors KMSInvalidStateException=\d+ attempt-errors KMSInvalidStateException=\d+ throttles 0 p50 \d+ms p95 \d+ms p99 \d+ms retry-quota-exhausted 0$/,
    );
    const windows = lines.slice(7, -1);
    expect(windows.slice(0, 2).map((line) => line.split(':')[0])).toEqual([
      'METRICS client app window 1m-2m',
      'METRICS client app window 2m-3m',
    ]);
    for (const line of windows)
      expect(line).toMatch(
        /^METRICS client app window \d+m-\d+m: calls 6 attempts 6 ok \d+ errors KMSInvalidStateException=\d+ /,
      );
    expect(lines.at(-1)).toMatch(/^PASSED fingerprint=[0-9a-f]+$/);
    const trace = readFileSync(join(finished.cwd, 'out', 'operator-disconnect.trace.jsonl'), 'utf8')
      .trimEnd()
      .split('\n');
    expect(trace.length).toBeGreaterThan(10);
    for (const line of trace) expect(() => JSON.parse(line)).not.toThrow();
    const summary = JSON.parse(
      readFileSync(join(finished.cwd, 'out', 'operator-disconnect.json'), 'utf8'),
    );
    expect(summary).toMatchObject({ file: path, seed: 42, passed: true, symptomsUsed: false });
    expect(summary.expectations).toHaveLength(4);
    expect(`PASSED fingerprint=${summary.fingerprint}`).toBe(lines.at(-1));
    // The report's metrics are the ones in the trace.
    const totals = trace
      .map((line) => JSON.parse(line))
      .filter((event) => event.kind === 'metrics.total');
    expect(totals.map((event) => event.data.client)).toEqual(['app']);
    expect(summary.metrics.clients[0].total).toEqual(
      omit(totals[0].data, ['client', 'retryMode', 'maxAttempts', 'windowMs']),
    );
  });

  it('the same seed prints the same bytes; --seed overrides the file’s seed', () => {
    const path = fixture('good/operator-disconnect.yaml');
    const first = kmsim('run', path);
    expect(kmsim('run', path).stdout).toBe(first.stdout);
    const reseeded = kmsim('run', path, '--seed', '9', '--report', 'out');
    expect(reseeded.stdout.split('\n')[0]).toBe('SEED=9');
    expect(reseeded.stdout).not.toBe(first.stdout);
    expect(
      JSON.parse(readFileSync(join(reseeded.cwd, 'out', 'operator-disconnect.json'), 'utf8')).seed,
    ).toBe(9);
  });

  it('a failing file: FAIL with the detail, a one-line reproduce command, exit 1', () => {
    const path = fixture('failing/expectation-fails.yaml');
    const finished = kmsim('run', path);
    expect(finished.code).toBe(1);
    const lines = finished.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('SEED=5');
    expect(lines).toContain('PASS key store store is CONNECTED at 30s');
    expect(lines).toContain('FAIL key store store is CONNECTED at 2m — observed DISCONNECTED');
    expect(lines.at(-1)).toBe(`REPRODUCE: npx kmsim run ${path} --seed 5`);
    expectNoStackTrace(finished);
  });

  it('a directory runs every *.yaml in name order and marks flagged symptom injection', () => {
    const finished = kmsim('run', fixture('good'));
    expect(finished.code).toBe(0);
    const lines = finished.stdout.trimEnd().split('\n');
    expect(lines.filter((line) => line.startsWith('SEED='))).toEqual(['SEED=7', 'SEED=42']);
    expect(lines).toContain('NOTE: flagged symptom injection (force-error) used');
    expect(lines.at(-1)).toBe('ALL PASSED: 2 scenarios');
  });

  it('without --report nothing is written, in the working directory or anywhere, and stderr says so (issue 11 §9)', () => {
    const finished = kmsim('run', fixture('good'));
    expect(finished.code).toBe(0);
    expect(readdirSync(finished.cwd)).toEqual([]);
    const said = finished.stderr.split('\n').filter((line) => line.startsWith('kmsim: wrote'));
    expect(said).toEqual([
      'kmsim: wrote nothing (with --report <dir>: the trace, a JSON summary and a runbook report)',
      'kmsim: wrote nothing (with --report <dir>: the trace, a JSON summary and a runbook report)',
    ]);
    const reported = kmsim('run', fixture('good'), '--report', 'out');
    expect(readdirSync(join(reported.cwd, 'out')).sort()).toEqual([
      'README.md',
      'force-error-flagged.json',
      'force-error-flagged.md',
      'force-error-flagged.svg',
      'force-error-flagged.trace.jsonl',
      'operator-disconnect.json',
      'operator-disconnect.md',
      'operator-disconnect.svg',
      'operator-disconnect.trace.jsonl',
    ]);
  });
});

describe('kmsim run: in-process paths', () => {
  function io(run: RunCommandIo['run']): RunCommandIo & { lines: string[]; errors: string[] } {
    const lines: string[] = [];
    const errors: string[] = [];
    return {
      lines,
      errors,
      out: (line) => lines.push(line),
      err: (line) => errors.push(line),
      run,
    };
  }

  it('a run that aborts (a simulator bug) is a FAIL with the reproduce line and exit 1', async () => {
    const path = fixture('good/operator-disconnect.yaml');
    const captured = io(async () => {
      throw new Error('kernel invariant broken');
    });
    expect(await runCommand(path, { seed: 3 }, captured)).toBe(1);
    expect(captured.lines).toEqual([
      'SEED=3',
      `SCENARIO ${path}: fixture: key store: operator disconnect, then reconnect`,
      'FAIL run — the run aborted: kernel invariant broken',
      `REPRODUCE: npx kmsim run ${path} --seed 3`,
    ]);
    expect(captured.errors.join('\n')).toContain('kernel invariant broken');
  });

  it('the reproduce command quotes paths a shell would split', () => {
    expect(reproduceCommand('scenarios/a b.yaml', 4)).toBe(
      "npx kmsim run 'scenarios/a b.yaml' --seed 4",
    );
    expect(reproduceCommand("it's.yaml", 4)).toBe("npx kmsim run 'it'\\''s.yaml' --seed 4");
  });
});
