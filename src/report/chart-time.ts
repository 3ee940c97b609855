/**
 * Time arithmetic for charts: the bucket size for a run of a given length, the time-axis ticks and
 * their labels. All integer milliseconds and fixed formats, so the same run always gives the same
 * text (ARCHITECTURE convention 8).
 */

/** Bucket sizes a reader can reason about ("calls per 10 s bucket"), smallest first. */
const NICE_BUCKETS_MS = [
  100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
  900_000, 1_800_000, 3_600_000,
];

/** Buckets the chart allows: enough to show a minute-long blip, few enough to stay readable. */
export const MIN_BUCKETS = 20;
export const MAX_BUCKETS = 100;

/**
 * The smallest nice bucket that keeps within MAX_BUCKETS over the run and is no shorter than the
 * clients' typical gap between calls (a workload calling every 10 s drawn in 5 s buckets is a comb
 * of full and empty buckets, and its latency line a row of dashes), but never so long that fewer
 * than MIN_BUCKETS remain; a run shorter than that gets the smallest bucket.
 */
export function bucketSizeMs(runMs: number, typicalGapMs = 0): number {
  const fits = NICE_BUCKETS_MS.filter((size) => runMs / size <= MAX_BUCKETS);
  const enough = fits.filter((size) => runMs / size >= MIN_BUCKETS);
  // A gap that is itself a nice size (calls every 10 s) wants a multiple of it: 15 s buckets
  // would alternate one and two calls.
  const niceGap = NICE_BUCKETS_MS.find((size) => Math.abs(size - typicalGapMs) <= 0.05 * size);
  const wanted =
    enough.find((size) => niceGap !== undefined && size % niceGap === 0) ??
    enough.find((size) => size >= typicalGapMs) ??
    enough.at(-1);
  return wanted ?? fits[0] ?? NICE_BUCKETS_MS[NICE_BUCKETS_MS.length - 1]!;
}

/** Tick spacings for the time axis, smallest first. */
const NICE_TICKS_MS = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
  1_800_000, 3_600_000, 7_200_000, 21_600_000,
];

/** Tick positions (ms since the chart's zero) for a window: about `target` ticks on whole units. */
export function timeTicksMs(fromMs: number, toMs: number, target = 10): number[] {
  const span = Math.max(1, toMs - fromMs);
  const step =
    NICE_TICKS_MS.find((size) => span / size <= target) ?? NICE_TICKS_MS[NICE_TICKS_MS.length - 1]!;
  const ticks: number[] = [];
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs; t += step) ticks.push(t);
  return ticks;
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * A time since scenario start as `m:ss`, `h:mm:ss` past an hour, with `.s` tenths when the value is
 * not a whole second; negative values (setup, before the scenario started) get a minus sign.
 */
export function formatClock(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(Math.round(ms));
  const tenths = Math.floor((abs % 1000) / 100);
  const totalSeconds = Math.floor(abs / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const fraction = tenths > 0 ? `.${tenths}` : '';
  return hours > 0
    ? `${sign}${hours}:${twoDigits(minutes)}:${twoDigits(seconds)}${fraction}`
    : `${sign}${minutes}:${twoDigits(seconds)}${fraction}`;
}

/** A bucket size for people: "500 ms", "10 s", "2 min", "1 h". */
export function formatSpan(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000 || ms % 60_000 !== 0) return `${ms / 1000} s`;
  if (ms < 3_600_000 || ms % 3_600_000 !== 0) return `${ms / 60_000} min`;
  return `${ms / 3_600_000} h`;
}
