/**
 * What the outcome chart shows, read from a trace and nothing else (ARCHITECTURE: reports are pure
 * functions of the trace): client calls per second by outcome in fixed buckets, stacked; markers
 * for faults, heals and operator actions; and each key store's ConnectionState over time.
 *
 * Times here are milliseconds since the chart's zero: the `scenario.start` event when the trace has
 * one (so "5:00" on the chart is `at: 5m` in the scenario file), else the window's start.
 */
import type { TraceEvent } from '../sim/trace.js';
import { bucketSizeMs } from './chart-time.js';

export const SUCCESS_SERIES = 'success';

export interface OutcomeSeries {
  /** `success`, or the exception name the client saw. */
  readonly name: string;
  /** Calls in the window with this outcome. */
  readonly calls: number;
}

/** One stacked point of one series: the bucket starting at `atMs` spans y0..y1 calls/s. */
export interface StackPoint {
  readonly series: string;
  readonly atMs: number;
  readonly y0: number;
  readonly y1: number;
}

export type MarkerKind = 'fault' | 'heal' | 'action';

export interface ChartMarker {
  /** 1-based, in time order: the number drawn on the chart and in its key. */
  readonly number: number;
  readonly atMs: number;
  readonly kind: MarkerKind;
  readonly label: string;
}

export interface BandSegment {
  readonly fromMs: number;
  readonly toMs: number;
  readonly state: string;
  /** The ConnectionErrorCode of a FAILED segment. */
  readonly errorCode: string | undefined;
}

export interface StoreBand {
  readonly customKeyStoreId: string;
  readonly segments: readonly BandSegment[];
}

export interface ChartData {
  /** Trace time (atMs) of the chart's zero. */
  readonly zeroAtMs: number;
  readonly fromMs: number;
  readonly toMs: number;
  readonly bucketMs: number;
  readonly series: readonly OutcomeSeries[];
  readonly points: readonly StackPoint[];
  /** Highest stacked rate of any bucket, calls/s. */
  readonly maxRate: number;
  readonly markers: readonly ChartMarker[];
  readonly bands: readonly StoreBand[];
}

/** Calls by outcome per bucket, keyed by series name; outcomes known when the call ends. */
function countCalls(
  trace: readonly TraceEvent[],
  startMs: number,
  endMs: number,
  bucketMs: number,
  buckets: number,
): Map<string, number[]> {
  const counts = new Map<string, number[]>();
  for (const event of trace) {
    if (event.kind !== 'client.call' || event.atMs < startMs || event.atMs >= endMs) continue;
    const name = event.data.ok === true ? SUCCESS_SERIES : String(event.data.errorName ?? 'Error');
    let row = counts.get(name);
    if (!row) {
      row = new Array<number>(buckets).fill(0);
      counts.set(name, row);
    }
    row[Math.floor((event.atMs - startMs) / bucketMs)]! += 1;
  }
  return counts;
}

/** Success first (the bottom of the stack), then the errors by name. */
function seriesOrder(names: Iterable<string>): string[] {
  const sorted = [...names].sort();
  return sorted.includes(SUCCESS_SERIES)
    ? [SUCCESS_SERIES, ...sorted.filter((name) => name !== SUCCESS_SERIES)]
    : sorted;
}

interface Stacked {
  readonly series: OutcomeSeries[];
  readonly points: StackPoint[];
  readonly maxRate: number;
}

/** Stacks the per-bucket rates; each series also gets a closing point at the window's end (step-after). */
function stack(
  counts: Map<string, number[]>,
  fromMs: number,
  toMs: number,
  bucketMs: number,
  buckets: number,
): Stacked {
  const names = seriesOrder(counts.keys());
  const base = new Array<number>(buckets).fill(0);
  const points: StackPoint[] = [];
  const series: OutcomeSeries[] = [];
  for (const name of names) {
    const row = counts.get(name)!;
    series.push({ name, calls: row.reduce((sum, count) => sum + count, 0) });
    for (let index = 0; index < buckets; index++) {
      const bucketStart = fromMs + index * bucketMs;
      const seconds = (Math.min(toMs, bucketStart + bucketMs) - bucketStart) / 1000;
      const y0 = base[index]!;
      const y1 = y0 + row[index]! / seconds;
      base[index] = y1;
      points.push({ series: name, atMs: bucketStart, y0, y1 });
    }
    const last = points[points.length - 1]!;
    points.push({ series: name, atMs: toMs, y0: last.y0, y1: last.y1 });
  }
  return { series, points, maxRate: Math.max(0, ...base) };
}

interface RawMarker {
  readonly atMs: number;
  readonly kind: MarkerKind;
  readonly label: string;
}

/**
 * Faults and heals from `fault.injected` / `fault.healed` (they carry the fault's name whether a
 * timeline, the HTTP control API or TypeScript injected it); a fault with a `durationMs` parameter
 * also ends by itself, with no event, so its end is marked here. Timeline steps add the operator
 * actions, and the fault and heal steps the world refused (no fault event for those).
 */
function rawMarkers(trace: readonly TraceEvent[]): RawMarker[] {
  const markers: RawMarker[] = [];
  const healedAt = new Map<string, number>();
  for (const event of trace)
    if (event.kind === 'fault.healed') healedAt.set(String(event.data.faultId), event.atMs);
  for (const event of trace) {
    const data = event.data;
    if (event.kind === 'fault.injected') {
      markers.push({ atMs: event.atMs, kind: 'fault', label: `fault ${String(data.fault)}` });
      const params = data.params as Record<string, unknown> | undefined;
      const durationMs = params?.durationMs;
      const endsMs = typeof durationMs === 'number' ? event.atMs + durationMs : undefined;
      const healed = healedAt.get(String(data.faultId));
      if (endsMs !== undefined && (healed === undefined || healed > endsMs))
        markers.push({
          atMs: endsMs,
          kind: 'heal',
          label: `${String(data.fault)} ends (its duration)`,
        });
    } else if (event.kind === 'fault.healed') {
      markers.push({ atMs: event.atMs, kind: 'heal', label: `heal ${String(data.fault)}` });
    } else if (event.kind === 'scenario.step') {
      const what = String(data.what);
      const failed = data.ok === true ? '' : ` (failed: ${String(data.errorName)})`;
      if (what.startsWith('action '))
        markers.push({
          atMs: event.atMs,
          kind: 'action',
          label: `${what.slice('action '.length)}${failed}`,
        });
      else if (failed)
        markers.push({
          atMs: event.atMs,
          kind: what.startsWith('heal ') ? 'heal' : 'fault',
          label: `${what}${failed}`,
        });
    }
  }
  return markers;
}

function markersIn(
  trace: readonly TraceEvent[],
  zeroAtMs: number,
  startMs: number,
  endMs: number,
): ChartMarker[] {
  return rawMarkers(trace)
    .filter((marker) => marker.atMs >= startMs && marker.atMs <= endMs)
    .map((marker, order) => ({ marker, order }))
    .sort((a, b) => a.marker.atMs - b.marker.atMs || a.order - b.order)
    .map(({ marker }, index) => ({
      number: index + 1,
      atMs: marker.atMs - zeroAtMs,
      kind: marker.kind,
      label: marker.label,
    }));
}

interface StoreState {
  readonly state: string | undefined;
  readonly errorCode: string | undefined;
  readonly sinceMs: number;
}

/** ConnectionState per store from `kms.key-store.connection`; a deleted store's band stops. */
function bandsIn(
  trace: readonly TraceEvent[],
  zeroAtMs: number,
  startMs: number,
  endMs: number,
): StoreBand[] {
  const current = new Map<string, StoreState>();
  const segments = new Map<string, BandSegment[]>();
  const close = (storeId: string, atMs: number): void => {
    const open = current.get(storeId);
    const from = Math.max(open?.sinceMs ?? startMs, startMs);
    const to = Math.min(atMs, endMs);
    if (open?.state !== undefined && to > from)
      segments.get(storeId)!.push({
        fromMs: from - zeroAtMs,
        toMs: to - zeroAtMs,
        state: open.state,
        errorCode: open.errorCode,
      });
  };
  for (const event of trace) {
    if (event.kind !== 'kms.key-store.connection' && event.kind !== 'kms.key-store.deleted')
      continue;
    if (event.atMs > endMs) continue;
    const storeId = String(event.data.customKeyStoreId);
    if (!segments.has(storeId)) segments.set(storeId, []);
    close(storeId, event.atMs);
    const state = event.kind === 'kms.key-store.deleted' ? undefined : String(event.data.state);
    const code = event.data.connectionErrorCode;
    current.set(storeId, {
      state,
      errorCode: typeof code === 'string' ? code : undefined,
      sinceMs: event.atMs,
    });
  }
  for (const storeId of current.keys()) close(storeId, endMs);
  return [...segments]
    .filter(([, list]) => list.length > 0)
    .map(([customKeyStoreId, list]) => ({ customKeyStoreId, segments: list }));
}

/** Everything the chart draws for the trace-time window [startMs, endMs). */
export function chartData(trace: readonly TraceEvent[], startMs: number, endMs: number): ChartData {
  if (!(endMs > startMs))
    throw new RangeError(`chart window must end after it starts, got ${startMs}..${endMs}`);
  const zeroAtMs = trace.find((event) => event.kind === 'scenario.start')?.atMs ?? startMs;
  const bucketMs = bucketSizeMs(endMs - startMs);
  const buckets = Math.ceil((endMs - startMs) / bucketMs);
  const fromMs = startMs - zeroAtMs;
  const toMs = endMs - zeroAtMs;
  const stacked = stack(
    countCalls(trace, startMs, endMs, bucketMs, buckets),
    fromMs,
    toMs,
    bucketMs,
    buckets,
  );
  return {
    zeroAtMs,
    fromMs,
    toMs,
    bucketMs,
    ...stacked,
    markers: markersIn(trace, zeroAtMs, startMs, endMs),
    bands: bandsIn(trace, zeroAtMs, startMs, endMs),
  };
}
