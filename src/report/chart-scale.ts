/**
 * Value axes of the run chart: a linear axis from zero with about four "nice" ticks (1, 2, 2.5 or
 * 5 times a power of ten) for rates, and a log axis in powers of ten for latency. Labels use fixed
 * formats (thousands separators, at most two decimals, ms/s units), never the machine's locale.
 */

export interface ValueScale {
  /** Pixel offset from the plot's top for a value (plot height `height`). */
  y(value: number): number;
  readonly ticks: readonly { readonly value: number; readonly label: string }[];
}

const NICE_STEPS = [1, 2, 2.5, 5, 10];

/** A number as people write it: "1,800", "0.025", "12.5" (at most three decimals). */
export function formatNumber(value: number): string {
  const rounded = Math.round(value * 1000) / 1000;
  const [whole, fraction] = Math.abs(rounded).toFixed(3).split('.') as [string, string];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const decimals = fraction.replace(/0+$/, '');
  return `${rounded < 0 ? '-' : ''}${grouped}${decimals ? `.${decimals}` : ''}`;
}

/** The tick step that covers `max` in about `target` steps. */
export function niceStep(max: number, target = 4): number {
  const raw = max / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  return NICE_STEPS.map((step) => step * power).find((step) => step >= raw) ?? 10 * power;
}

/** 0 … a nice ceiling of `max` (of 1 when everything is 0), mapped onto [height, 0]. */
export function linearScale(max: number, height: number): ValueScale {
  const ceiling = max > 0 ? max : 1;
  const step = niceStep(ceiling);
  const top = Math.max(step, Math.ceil(ceiling / step - 1e-9) * step);
  const ticks = [];
  for (let value = 0; value <= top + step / 1000; value += step)
    ticks.push({ value, label: formatNumber(value) });
  return { y: (value) => height - (Math.max(0, value) / top) * height, ticks };
}

/** A latency for an axis label: "1 ms", "100 ms", "1 s", "10 s", "2 min". */
export function formatLatency(ms: number): string {
  if (ms < 1000) return `${formatNumber(ms)} ms`;
  if (ms < 120_000) return `${formatNumber(ms / 1000)} s`;
  return `${formatNumber(ms / 60_000)} min`;
}

/**
 * Powers of ten from below the smallest value to above the largest, mapped onto [height, 0];
 * values under 1 ms are drawn at 1 ms (the simulator's clock ticks in whole milliseconds).
 */
export function logScale(values: readonly number[], height: number): ValueScale {
  const positive = values.map((value) => Math.max(1, value));
  const low = Math.floor(Math.log10(Math.min(...positive, 1)));
  let high = Math.ceil(Math.log10(Math.max(...positive, 10)));
  if (high <= low) high = low + 1;
  const ticks = [];
  for (let power = low; power <= high; power++)
    ticks.push({ value: 10 ** power, label: formatLatency(10 ** power) });
  return {
    y: (value) => height - ((Math.log10(Math.max(1, value)) - low) / (high - low)) * height,
    ticks,
  };
}
