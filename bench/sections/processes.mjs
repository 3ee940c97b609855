/**
 * 6. Processes (issue #12): what a user waits for from the command line, each a fresh `node`
 * process of bin/kmsim.js, timed from spawn to exit (wall time):
 * - `kmsim --help` (start-up and import cost alone);
 * - `kmsim run scenarios/30-minute-outage.yaml` (target: under 1 s);
 * - `kmsim sweep scenarios/one-hsm-of-two-lost.yaml --workers 2` over BENCH_SWEEP_SEEDS seeds
 *   (default 200), as seeds per minute of wall time, start-up included (target: 2,000 on 2 cores),
 *   and over three times as many, whose extra seeds give the rate once the workers are warm.
 * Every run must exit 0; otherwise its figure is printed as not valid.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median, secondsSince, wallNs } from '../lib/measure.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/kmsim.js', import.meta.url));

function timed(args) {
  const started = wallNs();
  const child = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  const wallS = secondsSince(started);
  return {
    wallS,
    ok: child.status === 0,
    status: child.status,
    tail: (child.stderr ?? '').slice(-300),
  };
}

function line(label, runs, unit = 's') {
  const valid = runs.filter((run) => run.ok);
  if (valid.length < runs.length)
    console.log(
      `   WARNING: ${runs.length - valid.length} run(s) of ${label} exited non-zero: ${runs.find((r) => !r.ok).tail}`,
    );
  const walls = valid.map((run) => run.wallS);
  console.log(
    `   ${label}: median ${median(walls).toFixed(2)} ${unit} wall (runs: ${walls.map((w) => w.toFixed(2)).join(', ')})`,
  );
  return median(walls);
}

function positiveInt(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export async function runProcesses() {
  console.log(
    '6. Processes from the command line (fresh node per run, wall time from spawn to exit)',
  );
  const help = [];
  const outage = [];
  for (let i = 0; i < 3; i++) {
    help.push(timed(['--help']));
    outage.push(timed(['run', 'scenarios/30-minute-outage.yaml']));
  }
  const helpS = line('kmsim --help', help);
  const outageS = line('kmsim run scenarios/30-minute-outage.yaml (target < 1 s)', outage);
  const seeds = positiveInt('BENCH_SWEEP_SEEDS', 200);
  const longSeeds = 3 * seeds;
  const sweep = (count) =>
    timed([
      'sweep',
      'scenarios/one-hsm-of-two-lost.yaml',
      '--seeds',
      `1..${count}`,
      '--workers',
      '2',
    ]);
  // Short and long sweeps alternate, so drifting machine load falls on both alike.
  const short = [];
  const long = [];
  for (let i = 0; i < 2; i++) {
    short.push(sweep(seeds));
    long.push(sweep(longSeeds));
  }
  const failed = [...short, ...long].find((run) => !run.ok);
  if (failed) console.log(`   WARNING: a sweep exited non-zero: ${failed.tail}`);
  const shortWalls = short.filter((run) => run.ok).map((run) => run.wallS);
  const longWalls = long.filter((run) => run.ok).map((run) => run.wallS);
  const rates = shortWalls.map((wallS) => (seeds / wallS) * 60);
  console.log(
    `   kmsim sweep one-hsm-of-two-lost, ${seeds} seeds, --workers 2: median ${Math.round(median(rates)).toLocaleString('en-US')} seeds/min (runs: ${rates.map((r) => Math.round(r)).join(', ')}; start-up included; target 2,000)`,
  );
  // Both sweeps pay the same start-up and per-thread JIT warm-up, so the difference of their
  // medians is what the extra seeds cost once the workers are warm (docs/benchmarks.md).
  const extraS = median(longWalls) - median(shortWalls);
  const steadyPerMin = extraS > 0 ? ((longSeeds - seeds) / extraS) * 60 : Number.NaN;
  console.log(
    `   same, ${longSeeds} seeds: median ${median(longWalls).toFixed(2)} s wall (runs: ${longWalls.map((w) => w.toFixed(2)).join(', ')}); the extra ${longSeeds - seeds} seeds once warm: ${Number.isFinite(steadyPerMin) ? `${Math.round(steadyPerMin).toLocaleString('en-US')} seeds/min` : 'not measurable (the long sweep was not slower)'}`,
  );
  return { helpS, outageS, seedsPerMin: median(rates), steadySeedsPerMin: steadyPerMin };
}
