/**
 * `npm run bench` (after `npm run build`): kmsim's benchmark (issue #4 §6). Every comparison is
 * measured side by side in this one run, its sides interleaved rep by rep, and printed as medians
 * and ratios of medians, per wall second and per CPU second of this process (docs/benchmarks.md).
 * Nothing here asserts on a time: the figures are for reading.
 *
 * Environment (optional): BENCH_REPS (default 15) timed reps per side, BENCH_BUDGET_S (default 0.25)
 * wall seconds per rep, BENCH_SWEEP_SEEDS (default 200) seeds per sweep in section 6,
 * BENCH_SECTIONS (default all) a comma-separated list of the sections to run, e.g. `1,2,4`, for
 * measuring one change quickly; docs/benchmarks.md is only ever regenerated from a run of all six.
 */
import './lib/quiet-sdk-warning.mjs';
import os from 'node:os';
import { captureEncryptResponse } from './lib/canned.mjs';
import { secondsSince, wallNs } from './lib/measure.mjs';
import { buildBenchWorld } from './lib/world.mjs';
import { runInSimulator } from './sections/in-simulator.mjs';
import { loadScenarioSection, runScenarioWallTime } from './sections/scenario-wall-time.mjs';
import { runProcesses } from './sections/processes.mjs';
import { runHttp, runInProcess, runMsw } from './sections/sdk-transports.mjs';

function positiveNumber(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

const ALL_SECTIONS = ['1', '2', '3', '4', '5', '6'];
const sections = (process.env.BENCH_SECTIONS ?? ALL_SECTIONS.join(','))
  .split(',')
  .map((section) => section.trim())
  .filter((section) => section !== '');
for (const section of sections) {
  if (!ALL_SECTIONS.includes(section)) {
    console.error(`bench: BENCH_SECTIONS names section ${section}; the sections are 1 to 6`);
    process.exit(2);
  }
}
const runs = (section) => sections.includes(section);

const reps = Math.round(positiveNumber('BENCH_REPS', 15));
const budgetS = positiveNumber('BENCH_BUDGET_S', 0.25);

const cpus = os.cpus();
const models = [...new Set(cpus.map((cpu) => cpu.model.trim()))].join(' | ');
console.log('kmsim benchmark');
console.log(`date:    ${new Date().toISOString()}`);
console.log(`node:    ${process.version} (${process.platform}/${process.arch})`);
console.log(
  `cpu:     ${models} × ${cpus.length} (os.cpus()); load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(`memory:  ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`);
console.log(
  `method:  each side ${reps} timed reps of ${budgetS} s wall time (plus one short warm-up rep); one round = one rep of every side,`,
);
console.log(
  '         in an order that rotates each round; figure = median of the reps; ratio = ratio of medians, plus the median and range',
);
console.log(
  '         of the per-round ratios. The machine is shared: read the ratios rather than the absolute rates. No figure is asserted.',
);
console.log('');

const started = wallNs();
const scenarioSection = runs('5') ? await loadScenarioSection() : undefined;
const { sim, hsmKeyId } = await buildBenchWorld();
const canned = captureEncryptResponse(sim, hsmKeyId);
const context = { reps, budgetS, canned };
if (sections.length < ALL_SECTIONS.length)
  console.log(`sections: ${sections.join(', ')} only (BENCH_SECTIONS)\n`);

const steps = [
  ['1', () => runInSimulator(context)],
  ['2', () => runInProcess(context)],
  ['3', () => runMsw(context)],
  ['4', () => runHttp(context)],
  ['5', () => runScenarioWallTime(scenarioSection)],
  ['6', () => runProcesses()],
];
for (const [section, step] of steps) {
  if (!runs(section)) continue;
  await step();
  console.log('');
}
console.log(`bench finished in ${secondsSince(started).toFixed(1)} s wall time`);
