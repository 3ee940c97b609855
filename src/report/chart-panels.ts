/**
 * The panels of the run chart, each drawn on the shared time axis from chart-data's series:
 * - one per scenario client: calls/s by outcome (stacked step areas), its wire attempts/s (a
 *   line) and its failed attempts/s by error type (dashed lines), so throttled or failed attempts
 *   that a retry absorbed are visible although the call succeeded;
 * - one for background load, when the scenario has any: requests/s served, throttled, … (stacked)
 *   against the key store's admission limit and, when it is near, the account's symmetric quota;
 * - one for latency: each client's p50 (solid) and p99 (dashed) on a log scale.
 */
import type { ChartData, ClientChart, LoadChart, Series } from './chart-data.js';
import {
  ACCOUNT_QUOTA_COLOR,
  ATTEMPTS_COLOR,
  clientColor,
  loadColor,
  MARKER_COLORS,
  STORE_LIMIT_COLOR,
} from './chart-colors.js';
import { type LegendEntry, type PanelFrame, PLOT_W, PLOT_X, xPixel } from './chart-layout.js';
import { formatNumber, linearScale, logScale, type ValueScale } from './chart-scale.js';
import { line, path, px, text } from './chart-svg.js';
import { timeTicksMs } from './chart-time.js';

const RATE_PLOT_H = 110;
const LATENCY_PLOT_H = 120;
const GRID_COLOR = '#e6e6e6';
const AXIS_COLOR = '#9e9e9e';
const MUTED_COLOR = '#616161';
const DASH = '5 3';

export interface Panel extends PanelFrame {
  /** The plot's elements, for a plot whose top edge is at `plotY`. */
  draw(plotY: number): string[];
}

/** Bucket edges in chart pixels (absolute x), `buckets + 1` of them. */
function edges(data: ChartData): number[] {
  return Array.from(
    { length: data.buckets + 1 },
    (_, index) => PLOT_X + xPixel(data, Math.min(data.toMs, data.fromMs + index * data.bucketMs)),
  );
}

/** A step line through per-bucket values; null buckets leave a gap. */
function stepLine(
  xs: readonly number[],
  values: readonly (number | null)[],
  y: (v: number) => number,
): string {
  let d = '';
  let drawing = false;
  values.forEach((value, index) => {
    if (value === null) {
      drawing = false;
      return;
    }
    const top = px(y(value));
    d += drawing
      ? ` V${top} H${px(xs[index + 1]!)}`
      : `M${px(xs[index]!)} ${top} H${px(xs[index + 1]!)}`;
    drawing = true;
  });
  return d;
}

/** The closed step area between per-bucket `lows` and `highs`. */
function stepArea(
  xs: readonly number[],
  lows: readonly number[],
  highs: readonly number[],
  y: (v: number) => number,
): string {
  if (highs.every((high, index) => high <= lows[index]!)) return '';
  const parts = [`M${px(xs[0]!)} ${px(y(highs[0]!))}`];
  highs.forEach((high, index) => {
    if (index > 0) parts.push(`V${px(y(high))}`);
    parts.push(`H${px(xs[index + 1]!)}`);
  });
  for (let index = lows.length - 1; index >= 0; index--) {
    parts.push(`V${px(y(lows[index]!))}`);
    parts.push(`H${px(xs[index]!)}`);
  }
  return `${parts.join(' ')} Z`;
}

/** Grid, value ticks, the vertical time grid, the axis title and the markers of one plot. */
function frame(
  data: ChartData,
  plotY: number,
  plotH: number,
  scale: ValueScale,
  unit: string,
): string[] {
  const out: string[] = [];
  for (const tick of timeTicksMs(data.fromMs, data.toMs)) {
    const x = PLOT_X + xPixel(data, tick);
    out.push(line(x, plotY, x, plotY + plotH, { stroke: GRID_COLOR, 'stroke-width': 1 }));
  }
  for (const tick of scale.ticks) {
    const y = plotY + scale.y(tick.value);
    out.push(line(PLOT_X, y, PLOT_X + PLOT_W, y, { stroke: GRID_COLOR, 'stroke-width': 1 }));
    out.push(
      text(PLOT_X - 5, y, tick.label, {
        size: 10,
        anchor: 'end',
        baseline: 'middle',
        fill: MUTED_COLOR,
      }),
    );
  }
  out.push(
    line(PLOT_X, plotY, PLOT_X, plotY + plotH, { stroke: AXIS_COLOR, 'stroke-width': 1 }),
    line(PLOT_X, plotY + plotH, PLOT_X + PLOT_W, plotY + plotH, {
      stroke: AXIS_COLOR,
      'stroke-width': 1,
    }),
    text(16, plotY + plotH / 2, unit, {
      size: 10,
      anchor: 'middle',
      fill: MUTED_COLOR,
      transform: `rotate(-90 16 ${px(plotY + plotH / 2)})`,
    }),
  );
  return out;
}

/** Marker rules through a plot (faults dashed), drawn over the data. */
export function markerRules(data: ChartData, top: number, bottom: number): string[] {
  return data.markers.map((marker) => {
    const x = PLOT_X + xPixel(data, marker.atMs);
    return line(x, top, x, bottom, {
      stroke: MARKER_COLORS[marker.kind],
      'stroke-width': 1.5,
      'stroke-dasharray': marker.kind === 'fault' ? DASH : undefined,
    });
  });
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

/** Running sums of stacked series, bucket by bucket. */
function stacked(
  series: readonly Series[],
  buckets: number,
): { lows: number[]; highs: number[] }[] {
  const base = new Array<number>(buckets).fill(0);
  return series.map((entry) => {
    const lows = [...base];
    entry.values.forEach((value, index) => {
      base[index]! += value ?? 0;
    });
    return { lows, highs: [...base] };
  });
}

function clientTitle(client: ClientChart): string {
  const settings = [
    client.retryMode ? `${client.retryMode} retry mode` : undefined,
    client.maxAttempts !== undefined ? `maxAttempts ${client.maxAttempts}` : undefined,
  ].filter((part) => part !== undefined);
  return `Client ${client.name}${settings.length ? ` (${settings.join(', ')})` : ''}: calls/s by outcome, and its wire attempts/s`;
}

function clientPanel(
  data: ChartData,
  client: ClientChart,
  colors: ReadonlyMap<string, string>,
): Panel {
  const stack = stacked(client.outcomes, data.buckets);
  const top = Math.max(
    0,
    ...(stack.at(-1)?.highs ?? []),
    ...client.attempts.values.map((value) => value ?? 0),
  );
  const legend: LegendEntry[] = [
    ...client.outcomes.map((series) => ({
      symbol: 'area' as const,
      color: colors.get(series.name)!,
      label: `${series.name}: ${plural(series.total, 'call')}`,
    })),
    {
      symbol: 'line',
      color: ATTEMPTS_COLOR,
      label: `attempts: ${formatNumber(client.attempts.total)}`,
    },
    ...client.failedAttempts.map((series) => ({
      symbol: 'dashed' as const,
      color: colors.get(series.name)!,
      label: `${series.name} attempts: ${formatNumber(series.total)}`,
    })),
  ];
  return {
    title: clientTitle(client),
    legend,
    plotH: RATE_PLOT_H,
    draw(plotY) {
      const scale = linearScale(top, RATE_PLOT_H);
      const y = (value: number): number => plotY + scale.y(value);
      const xs = edges(data);
      return [
        ...frame(data, plotY, RATE_PLOT_H, scale, 'per second'),
        ...client.outcomes.map((series, index) =>
          path(stepArea(xs, stack[index]!.lows, stack[index]!.highs, y), {
            fill: colors.get(series.name),
            'fill-opacity': 0.85,
          }),
        ),
        path(stepLine(xs, client.attempts.values, y), {
          fill: 'none',
          stroke: ATTEMPTS_COLOR,
          'stroke-width': 1.2,
        }),
        ...client.failedAttempts.map((series) =>
          path(stepLine(xs, series.values, y), {
            fill: 'none',
            stroke: colors.get(series.name),
            'stroke-width': 1.8,
            'stroke-dasharray': DASH,
          }),
        ),
        ...markerRules(data, plotY, plotY + RATE_PLOT_H),
      ];
    },
  };
}

/** A panel that says there were no client calls, so the chart still has its time axis. */
function noCallsPanel(data: ChartData): Panel {
  return {
    title: 'Client calls: none in this run',
    legend: [],
    plotH: RATE_PLOT_H,
    draw(plotY) {
      const scale = linearScale(0, RATE_PLOT_H);
      return [
        ...frame(data, plotY, RATE_PLOT_H, scale, 'per second'),
        text(PLOT_X + PLOT_W / 2, plotY + RATE_PLOT_H / 2, 'no client calls', {
          anchor: 'middle',
          fill: MUTED_COLOR,
        }),
        ...markerRules(data, plotY, plotY + RATE_PLOT_H),
      ];
    },
  };
}

interface LimitLine {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly color: string;
  readonly dashed: boolean;
}

/**
 * One limit line per key store the loads target (the lowest of its loads' limits per bucket);
 * stores whose lines coincide share one line.
 */
function storeLimits(loads: readonly LoadChart[], buckets: number): LimitLine[] {
  const byStore = new Map<string, (number | null)[]>();
  for (const load of loads) {
    if (load.customKeyStoreId === undefined) continue;
    const row = byStore.get(load.customKeyStoreId) ?? new Array<number | null>(buckets).fill(null);
    load.storeLimitRps.forEach((limit, index) => {
      if (limit !== null) row[index] = row[index] === null ? limit : Math.min(row[index]!, limit);
    });
    byStore.set(load.customKeyStoreId, row);
  }
  const shared = new Map<string, { stores: string[]; values: (number | null)[] }>();
  for (const [storeId, values] of byStore) {
    const key = JSON.stringify(values);
    const entry = shared.get(key) ?? { stores: [], values };
    entry.stores.push(storeId);
    shared.set(key, entry);
  }
  return [...shared.values()].map(({ stores, values }) => {
    const present = values.filter((value): value is number => value !== null);
    const quota = Math.max(0, ...present);
    const lowered = present.some((value) => value < quota);
    const whose =
      stores.length === 1
        ? `limit of key store ${stores[0]}: its`
        : `limit of key stores ${stores.join(' and ')}: each its own`;
    return {
      label: `${whose} ${formatNumber(quota)}/s quota${lowered ? ', lower while its cluster is busy' : ''}`,
      values,
      color: STORE_LIMIT_COLOR,
      dashed: false,
    };
  });
}

function loadPanel(data: ChartData): Panel | undefined {
  if (data.loads.length === 0) return undefined;
  const several = data.loads.length > 1;
  const series = (['served', 'throttled', 'sessions exhausted', 'unavailable'] as const).flatMap(
    (outcome) =>
      data.loads.flatMap((load, loadIndex) =>
        load.outcomes
          .filter((entry) => entry.outcome === outcome)
          .map((entry) => ({
            ...entry,
            name: several ? `${load.name} ${outcome}` : `${outcome}`,
            color: loadColor(outcome, loadIndex),
          })),
      ),
  );
  const stack = stacked(series, data.buckets);
  const dataTop = Math.max(0, ...(stack.at(-1)?.highs ?? []));
  const limits = storeLimits(data.loads, data.buckets);
  const limitTop = Math.max(
    0,
    ...limits.flatMap((limit) => limit.values.map((value) => value ?? 0)),
  );
  const account = data.accountQuotaRps;
  // The account quota matters when it is near what the chart shows; a Region default of 100,000/s
  // against a 3,000/s burst would only squash the picture.
  if (account !== undefined && account <= 2 * Math.max(dataTop, limitTop))
    limits.push({
      label: `account symmetric quota: ${formatNumber(account)}/s`,
      values: new Array<number | null>(data.buckets).fill(account),
      color: ACCOUNT_QUOTA_COLOR,
      dashed: true,
    });
  const top = Math.max(
    dataTop,
    ...limits.flatMap((limit) => limit.values.map((value) => value ?? 0)),
  );
  const names = data.loads.map((load) => load.name).join(', ');
  return {
    title: `Background load (${names}): requests/s by outcome, against the limits that throttle it`,
    legend: [
      ...series.map((entry) => ({
        symbol: 'area' as const,
        color: entry.color,
        label: `${entry.name}: ${formatNumber(entry.total)}`,
      })),
      ...limits.map((limit) => ({
        symbol: limit.dashed ? ('dashed' as const) : ('line' as const),
        color: limit.color,
        label: limit.label,
      })),
    ],
    plotH: RATE_PLOT_H,
    draw(plotY) {
      const scale = linearScale(top, RATE_PLOT_H);
      const y = (value: number): number => plotY + scale.y(value);
      const xs = edges(data);
      return [
        ...frame(data, plotY, RATE_PLOT_H, scale, 'requests/s'),
        ...series.map((entry, index) =>
          path(stepArea(xs, stack[index]!.lows, stack[index]!.highs, y), {
            fill: entry.color,
            'fill-opacity': 0.9,
          }),
        ),
        ...limits.map((limit) =>
          path(stepLine(xs, limit.values, y), {
            fill: 'none',
            stroke: limit.color,
            'stroke-width': 1.8,
            'stroke-dasharray': limit.dashed ? DASH : undefined,
          }),
        ),
        ...markerRules(data, plotY, plotY + RATE_PLOT_H),
      ];
    },
  };
}

function latencyPanel(data: ChartData): Panel | undefined {
  const clients = data.clients.filter((client) => client.p50.some((value) => value !== null));
  if (clients.length === 0) return undefined;
  const all = clients.flatMap((client) =>
    [...client.p50, ...client.p99].filter((value): value is number => value !== null),
  );
  return {
    title:
      'Call latency per client (virtual time from call to answer, retries included): p50 solid, p99 dashed',
    legend: clients.flatMap((client, index) => [
      { symbol: 'line' as const, color: clientColor(index), label: `${client.name} p50` },
      { symbol: 'dashed' as const, color: clientColor(index), label: `${client.name} p99` },
    ]),
    plotH: LATENCY_PLOT_H,
    draw(plotY) {
      const scale = logScale(all, LATENCY_PLOT_H);
      const y = (value: number): number => plotY + scale.y(value);
      const xs = edges(data);
      return [
        ...frame(data, plotY, LATENCY_PLOT_H, scale, 'latency (log)'),
        ...clients.flatMap((client, index) => [
          path(stepLine(xs, client.p99, y), {
            fill: 'none',
            stroke: clientColor(index),
            'stroke-width': 1.5,
            'stroke-dasharray': DASH,
          }),
          path(stepLine(xs, client.p50, y), {
            fill: 'none',
            stroke: clientColor(index),
            'stroke-width': 1.8,
          }),
        ]),
        ...markerRules(data, plotY, plotY + LATENCY_PLOT_H),
      ];
    },
  };
}

/** The panels in drawing order: clients, background load, latency. */
export function chartPanels(data: ChartData, colors: ReadonlyMap<string, string>): Panel[] {
  const clients =
    data.clients.length > 0
      ? data.clients.map((client) => clientPanel(data, client, colors))
      : [noCallsPanel(data)];
  return [...clients, loadPanel(data), latencyPanel(data)].filter(
    (panel): panel is Panel => panel !== undefined,
  );
}
