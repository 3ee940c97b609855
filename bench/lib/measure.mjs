/**
 * Side-by-side measurement: every side of a comparison is measured in the same run, interleaved rep
 * by rep (the order rotates each rep), so a noisy neighbour on this shared machine slows both sides
 * alike. Each rep runs one side's operation in a loop for a fixed wall-clock budget; the figure for a
 * side is the median of its reps, and a comparison is the ratio of medians.
 *
 * Wall time comes from process.hrtime.bigint(): kmsim's VirtualTimeDriver replaces Date and
 * performance.now while a scenario runs, and never touches hrtime.
 */

/** Wall-clock nanoseconds, immune to the simulator's virtual clock. */
export function wallNs() {
  return process.hrtime.bigint();
}

export function secondsSince(startNs) {
  return Number(wallNs() - startNs) / 1e9;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs one rep of one side: `prepare()` (not timed) returns `{ op, sync, teardown }`; `op` is called
 * in batches of `batch` until `budgetS` of wall time has passed; `teardown()` is not timed either.
 * A sync side's op is called without await, so the loop adds no promise overhead to cheap ops.
 * Returns operations per wall second and per CPU second of this process (user + system, all its
 * threads: on a machine shared with other busy processes, CPU time is what the work itself cost,
 * while wall time also counts the time other processes held the CPU).
 */
async function runRep(side, budgetS) {
  const { op, sync = false, teardown } = await side.prepare();
  const batch = side.batch ?? (sync ? 64 : 8);
  let count = 0;
  let elapsed = 0;
  let cpu;
  try {
    const cpuStart = process.cpuUsage();
    const start = wallNs();
    if (sync) {
      do {
        for (let i = 0; i < batch; i++) op();
        count += batch;
        elapsed = secondsSince(start);
      } while (elapsed < budgetS);
    } else {
      do {
        for (let i = 0; i < batch; i++) await op();
        count += batch;
        elapsed = secondsSince(start);
      } while (elapsed < budgetS);
    }
    cpu = process.cpuUsage(cpuStart);
  } finally {
    if (teardown) await teardown();
  }
  return { wall: count / elapsed, cpu: count / ((cpu.user + cpu.system) / 1e6) };
}

/**
 * Measures every side `reps` times, interleaved. One warm-up rep per side (a quarter of the budget,
 * not in the figures) comes first so the JIT and lazy SDK initialisation do not land in round 1.
 * Returns one entry per side with its per-rep rates and their medians, per wall and per CPU second.
 */
export async function measureInterleaved(sides, { reps, budgetS }) {
  for (const side of sides) await runRep(side, budgetS / 4);
  const samples = sides.map(() => []);
  for (let rep = 0; rep < reps; rep++) {
    for (let k = 0; k < sides.length; k++) {
      const index = (k + rep) % sides.length;
      samples[index].push(await runRep(sides[index], budgetS));
    }
  }
  const metric = (list, key) => {
    const values = list.map((sample) => sample[key]);
    return { samples: values, median: median(values) };
  };
  return sides.map((side, index) => ({
    name: side.name,
    wall: metric(samples[index], 'wall'),
    cpu: metric(samples[index], 'cpu'),
  }));
}

export function formatRate(opsPerSecond) {
  return Math.round(opsPerSecond).toLocaleString('en-US');
}

export function formatRatio(ratio) {
  return ratio >= 10 ? ratio.toFixed(1) : ratio >= 0.1 ? ratio.toFixed(3) : ratio.toPrecision(3);
}

function spread(metric) {
  return `${formatRate(Math.min(...metric.samples))}..${formatRate(Math.max(...metric.samples))}`;
}

function ratioText(a, b) {
  const ratio = a.median / b.median;
  const paired = a.samples.map((value, i) => value / b.samples[i]);
  return `${formatRatio(ratio)} (per-round: median ${formatRatio(median(paired))}, range ${formatRatio(Math.min(...paired))}..${formatRatio(Math.max(...paired))})`;
}

/**
 * Prints one comparison: for every side, the median rate per wall second and per CPU second with the
 * spread of its reps; then each requested ratio of medians (`[numeratorIndex, denominatorIndex]`),
 * with the median and range of the per-round ratios (the reps of one round ran next to each other in
 * time, so their ratio is the least disturbed by the machine's load drifting during the run).
 */
export function printComparison(results, { unit, ratios, extra }) {
  const width = Math.max(...results.map((r) => r.name.length));
  console.log(
    `   ${''.padEnd(width)}  ${`${unit}, wall`.padStart(16)}  ${'(reps)'.padEnd(17)}  ${`${unit} per CPU-s`.padStart(18)}  (reps)`,
  );
  for (const r of results) {
    const more = extra ? `  ${extra(r)}` : '';
    console.log(
      `   ${r.name.padEnd(width)}  ${formatRate(r.wall.median).padStart(16)}  ${`(${spread(r.wall)})`.padEnd(17)}  ${formatRate(r.cpu.median).padStart(18)}  (${spread(r.cpu)})${more}`,
    );
  }
  for (const [a, b] of ratios) {
    const x = results[a];
    const y = results[b];
    console.log(`   ratio [${x.name}] / [${y.name}]:`);
    console.log(`     wall ${ratioText(x.wall, y.wall)}; CPU ${ratioText(x.cpu, y.cpu)}`);
  }
}
