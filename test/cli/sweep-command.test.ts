/**
 * `kmsim sweep` as users run it (issue #6 §4): the built bin/kmsim.js in a child process (npm
 * `pretest` builds dist/, where the worker threads run from), in a scratch working directory.
 * The failing fixture fails on some seeds only (its Encrypt latency is drawn per seed), so the
 * tests can see that a sweep finds exactly those, that each reproduce line reproduces, and that the
 * shards of one sweep split it without gaps or overlaps.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SweepIo, shardSeeds, sweepCommand } from '../../src/cli/sweep-command.js';
import { parseSeeds, parseShard } from '../../src/cli/sweep-flags.js';

const bin = fileURLToPath(new URL('../../bin/kmsim.js', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const passing = 'scenarios/session-exhaustion-absorbed-by-retries.yaml';
const failing = 'test/cli/fixtures/sweep-fails-on-some-seeds.yaml';
const scratch = mkdtempSync(join(tmpdir(), 'kmsim-sweep-'));

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI from the repository root, so paths stay relative as users type them. `kmsim run`
 * writes reports/ into its working directory, so the replays run in the scratch directory instead.
 */
function kmsim(...args: string[]): Finished {
  const replay = args[0] === 'run';
  const child = spawnSync(
    process.execPath,
    [bin, ...(replay ? [args[0]!, resolve(root, args[1]!), ...args.slice(2)] : args)],
    {
      cwd: replay ? scratch : root,
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  );
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

function failedSeeds(stdout: string): number[] {
  return [...stdout.matchAll(/^FAIL seed (\d+) — /gm)].map((match) => Number(match[1]));
}

function expectNoStackTrace(finished: Finished): void {
  expect(finished.stderr).not.toMatch(/^\s+at /m);
  expect(finished.stdout).not.toMatch(/^\s+at /m);
}

beforeAll(() => {
  if (!existsSync(new URL('../../dist/cli/sweep-worker.js', import.meta.url))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does it via pretest)');
  }
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('kmsim sweep: seeds, shards and workers (issue #6 §4)', () => {
  it('a shipped scenario passes on seeds 1..6 with 2 workers: exit 0, 6 seeds done', () => {
    const finished = kmsim('sweep', passing, '--seeds', '1..6', '--workers', '2');
    expect(finished.code).toBe(0);
    expect(finished.stdout.split('\n')).toEqual([
      `SWEEP ${passing}: key store: sessions: PKCS#11 session exhaustion absorbed by SDK retries`,
      'SEEDS 1..6 (6 seeds)',
      'PASSED: all 6 seeds',
      '',
    ]);
    // Not a TTY here: plain progress lines on stderr, ending with all seeds done.
    expect(finished.stderr).toContain('kmsim sweep: 6 seeds on 2 worker thread(s)');
    expect(finished.stderr.trimEnd().split('\n').at(-1)).toBe(
      'kmsim sweep: 6/6 seeds done, 0 failed',
    );
    expectNoStackTrace(finished);
  });

  let full: Finished;
  let fullFailures: number[];
  const counterexample = join(scratch, 'first-failing-seed.yaml');

  it('a scenario that fails on some seeds: each failing seed with its reproduce line, exit 1', () => {
    full = kmsim(
      'sweep',
      failing,
      '--seeds',
      '1..12',
      '--workers',
      '2',
      '--save-counterexample',
      counterexample,
    );
    fullFailures = failedSeeds(full.stdout);
    expect(full.code).toBe(1);
    expect(fullFailures.length).toBeGreaterThan(0);
    expect(fullFailures.length).toBeLessThan(12);
    expect(fullFailures).toEqual([...fullFailures].sort((a, b) => a - b));
    for (const seed of fullFailures) {
      expect(full.stdout).toMatch(
        new RegExp(
          `^FAIL seed ${seed} — recovery client app: first success within 10ms after 0s — first success at \\d+ms`,
          'm',
        ),
      );
      expect(full.stdout).toContain(`REPRODUCE: npx kmsim run ${failing} --seed ${seed}\n`);
    }
    expect(full.stdout.trimEnd().split('\n').at(-1)).toBe(
      `FAILED: ${fullFailures.length} of 12 seeds (${fullFailures.join(', ')})`,
    );
    expect(full.stderr).toContain('kmsim sweep: 12/12 seeds done');
    expectNoStackTrace(full);
  });

  it('the reproduce command reproduces: kmsim run --seed fails for a failing seed and passes for a passing one', () => {
    const passingSeed = [...Array(12).keys()]
      .map((index) => index + 1)
      .find((seed) => !fullFailures.includes(seed))!;
    const bad = kmsim('run', failing, '--seed', String(fullFailures[0]));
    const good = kmsim('run', failing, '--seed', String(passingSeed));
    expect(bad.code).toBe(1);
    expect(bad.stdout.split('\n')[0]).toBe(`SEED=${fullFailures[0]}`);
    expect(good.code).toBe(0);
  });

  it('--save-counterexample writes the scenario with the first failing seed, which kmsim run replays as a failure', () => {
    const text = readFileSync(counterexample, 'utf8');
    expect(text).toMatch(
      new RegExp(`^# Seed ${fullFailures[0]} of a kmsim sweep of ${failing} failed: recovery`),
    );
    expect(text).toMatch(new RegExp(`^seed: ${fullFailures[0]}$`, 'm'));
    const replay = kmsim('run', counterexample);
    expect(replay.code).toBe(1);
    expect(replay.stdout.split('\n')[0]).toBe(`SEED=${fullFailures[0]}`);
  });

  it('shards i/3 each take every 3rd seed from the i-th, and together cover the sweep exactly once', () => {
    const covered: number[] = [];
    for (const index of [1, 2, 3]) {
      const shard = kmsim(
        'sweep',
        failing,
        '--seeds',
        '1..12',
        '--shard',
        `${index}/3`,
        '--workers',
        '2',
      );
      const mine = [1, 2, 3, 4].map((k) => index + (k - 1) * 3);
      expect(shard.stdout).toContain(`SEEDS 1..12 (4 seeds, shard ${index}/3 of 12)\n`);
      expect(shard.stderr).toContain('kmsim sweep: 4/4 seeds done');
      // Exactly this shard's seeds ran: its failures are the full sweep's failures among them.
      expect(failedSeeds(shard.stdout)).toEqual(fullFailures.filter((seed) => mine.includes(seed)));
      expect(shard.code).toBe(failedSeeds(shard.stdout).length > 0 ? 1 : 0);
      covered.push(...mine);
    }
    expect(covered.sort((a, b) => a - b)).toEqual([...Array(12).keys()].map((index) => index + 1));
  });
});

describe('kmsim sweep: bad input exits 2 with one message and no stack trace', () => {
  const cases: { args: string[]; message: RegExp }[] = [
    { args: ['--seeds', 'lots'], message: /option '--seeds <range>' argument 'lots' is invalid/ },
    {
      args: ['--seeds', '10..1'],
      message:
        /option '--seeds <range>' argument '10\.\.1' is invalid\. the range 10\.\.1 runs backwards/,
    },
    {
      args: ['--seeds', '1..3', '--workers', '0'],
      message: /option '--workers <n>' argument '0' is invalid/,
    },
    {
      args: ['--seeds', '1..3', '--workers', 'two'],
      message: /option '--workers <n>' argument 'two' is invalid/,
    },
    {
      args: ['--seeds', '1..3', '--shard', '4/3'],
      message:
        /option '--shard <i\/n>' argument '4\/3' is invalid\. expected i\/n with 1 <= i <= n/,
    },
    {
      args: ['--seeds', '1..3', '--shard', '0/3'],
      message: /option '--shard <i\/n>' argument '0\/3' is invalid/,
    },
    {
      args: ['--seeds', '1..3', '--shard', '2'],
      message: /option '--shard <i\/n>' argument '2' is invalid/,
    },
    { args: ['--seeds', '1..3', '--bogus'], message: /unknown option '--bogus'/ },
    { args: [], message: /required option '--seeds <range>' not specified/ },
  ];
  for (const { args, message } of cases) {
    it(`${args.join(' ') || '(no --seeds)'}`, () => {
      const finished = kmsim('sweep', passing, ...args);
      expect(finished.code).toBe(2);
      expect(finished.stderr).toMatch(message);
      expect(finished.stdout).toBe('');
      expectNoStackTrace(finished);
    });
  }

  it('a missing file, a directory, or a scenario that does not load', () => {
    const missing = kmsim('sweep', 'scenarios/no-such.yaml', '--seeds', '1');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('kmsim sweep: scenarios/no-such.yaml: no such file or directory\n');
    const directory = kmsim('sweep', 'scenarios', '--seeds', '1');
    expect(directory.code).toBe(2);
    expect(directory.stderr).toBe(
      'kmsim sweep: scenarios: expected one scenario file, not a directory\n',
    );
    const bad = kmsim('sweep', 'test/scenarios/fixtures/bad/unknown-fault.yaml', '--seeds', '1..3');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^test\/scenarios\/fixtures\/bad\/unknown-fault\.yaml:\d+: timeline\[\d+\]\.fault: unknown fault/,
    );
    for (const finished of [missing, directory, bad]) expectNoStackTrace(finished);
  });
});

describe('kmsim sweep: seed lists and shards (in-process)', () => {
  it('parses ranges, single seeds and comma lists into ascending unique seeds', () => {
    expect(parseSeeds('1..5').seeds).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('7').seeds).toEqual([7]);
    expect(parseSeeds('10..12, 3,11,0').seeds).toEqual([0, 3, 10, 11, 12]);
  });

  it('shard i/n takes positions i, i+n, ... (1-based) and the shards partition the seeds', () => {
    const { seeds } = parseSeeds('101..110');
    expect(shardSeeds(seeds, parseShard('2/3'))).toEqual([102, 105, 108]);
    const shards = [1, 2, 3, 4].map((index) => shardSeeds(seeds, { index, count: 4 }));
    expect(shards.flat().sort((a, b) => a - b)).toEqual(seeds);
    expect(shardSeeds([1, 2], { index: 3, count: 3 })).toEqual([]);
  });
});

describe('kmsim sweep: the worker pool (in-process, with a stand-in worker that crashes)', () => {
  async function sweepWithCrashes(workers: number, withQueued: boolean) {
    const out: string[] = [];
    const err: string[] = [];
    const io: SweepIo = {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      progress: () => {},
      isTty: false,
      workerUrl: new URL('./fixtures/sweep-worker-that-crashes.mjs', import.meta.url),
    };
    const saved = process.env.KMSIM_TEST_CRASH_WITH_QUEUED;
    process.env.KMSIM_TEST_CRASH_WITH_QUEUED = withQueued ? '1' : '0';
    try {
      const code = await sweepCommand(passing, { seeds: parseSeeds('1..23'), workers }, io);
      return { code, out, err };
    } finally {
      if (saved === undefined) delete process.env.KMSIM_TEST_CRASH_WITH_QUEUED;
      else process.env.KMSIM_TEST_CRASH_WITH_QUEUED = saved;
    }
  }

  const name = 'key store: sessions: PKCS#11 session exhaustion absorbed by SDK retries';
  const expectedFailures = [
    'FAIL seed 4 — the run aborted: worker crashed: exited with code 7',
    'REPRODUCE: npx kmsim run scenarios/session-exhaustion-absorbed-by-retries.yaml --seed 4',
    ...[5, 10, 15, 20].flatMap((seed) => [
      `FAIL seed ${seed} — ${name}: seed ${seed} is divisible by 5`,
      `REPRODUCE: npx kmsim run scenarios/session-exhaustion-absorbed-by-retries.yaml --seed ${seed}`,
    ]),
  ];

  it('a worker that dies with a seed queued behind the one it runs: that one fails, the queued one runs once on a fresh worker', async () => {
    // One worker, so seed 5 is always queued behind seed 4 when it dies; a pool that lost it would
    // never finish, and one that ran it twice would report it twice.
    const { code, out, err } = await sweepWithCrashes(1, true);
    expect(code).toBe(1);
    expect(out.slice(2)).toEqual([...expectedFailures, 'FAILED: 5 of 23 seeds (4, 5, 10, 15, 20)']);
    expect(err.at(-1)).toBe('kmsim sweep: 23/23 seeds done, 5 failed');
  });

  it('with two workers, whichever takes seed 4 dies; every seed is still answered exactly once', async () => {
    const { code, out, err } = await sweepWithCrashes(2, false);
    expect(code).toBe(1);
    expect(out.slice(2)).toEqual([...expectedFailures, 'FAILED: 5 of 23 seeds (4, 5, 10, 15, 20)']);
    expect(err.at(-1)).toBe('kmsim sweep: 23/23 seeds done, 5 failed');
  });
});
