/**
 * What the run chart shows, read from a trace and nothing else (ARCHITECTURE: reports are pure
 * functions of the trace), bucketed over the part of the run where something happened:
 * - per scenario client: calls/s by outcome (counted when a call ends), wire attempts/s and failed
 *   attempts/s by error type (counted when an attempt is sent), so a throttled attempt that a retry
 *   absorbed still shows; and its call latency p50/p99 per bucket;
 * - per background load (`load.seconds`): requests/s served, throttled, refused for want of a
 *   session, or unavailable; the key store's admission limit and the account's symmetric quota;
 * - markers for faults, heals and operator actions, and each key store's ConnectionState.
 *
 * Times here are milliseconds since the chart's zero: the `scenario.start` event when the trace has
 * one (so "5:00" on the chart is `at: 5m` in the scenario file), else the window's start.
 */
import type { TraceEvent } from '../sim/trace.js';
import { bucketSizeMs } from './chart-time.js';

export const SUCCESS_SERIES = 'success';

/** One series of per-bucket values (rates per second, or milliseconds); null: nothing to show. */
export interface Series {
  readonly name: string;
  /** How many things the series counts over the chart (calls, attempts, requests). */
  readonly total: number;
  readonly values: readonly (number | null)[];
}

export interface ClientChart {
  readonly name: string;
  readonly retryMode: string | undefined;
  readonly maxAttempts: number | undefined;
  /** Calls/s by outcome: success first, then exception names. */
  readonly outcomes: readonly Series[];
  /** Wire attempts/s, every outcome. */
  readonly attempts: Series;
  /** Failed wire attempts/s by error type (ThrottlingException, ECONNRESET, ...). */
  readonly failedAttempts: readonly Series[];
  /** Latency in ms of the calls that ended in each bucket, nearest rank; null without calls. */
  readonly p50: readonly (number | null)[];
  readonly p99: readonly (number | null)[];
}

export type LoadOutcome = 'served' | 'throttled' | 'sessions exhausted' | 'unavailable';

export interface LoadChart {
  readonly name: string;
  readonly customKeyStoreId: string | undefined;
  /** Requests/s by outcome, in LoadOutcome order, outcomes that never happened left out. */
  readonly outcomes: readonly (Series & { readonly outcome: LoadOutcome })[];
  /** The store's admission limit per bucket (lowest second in it); null while the load is idle. */
  readonly storeLimitRps: readonly (number | null)[];
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
  /** The time axis: the requested window, its end trimmed to the last thing that happened. */
  readonly fromMs: number;
  readonly toMs: number;
  readonly bucketMs: number;
  readonly buckets: number;
  readonly clients: readonly ClientChart[];
  readonly loads: readonly LoadChart[];
  /** The account's symmetric quota (requests/s), when a load recorded it and it is finite. */
  readonly accountQuotaRps: number | undefined;
  readonly markers: readonly ChartMarker[];
  readonly bands: readonly StoreBand[];
}

type Data = Readonly<Record<string, unknown>>;

const isClientEvent = (event: TraceEvent): boolean =>
  (event.kind === 'client.call' ||
    event.kind === 'api.call' ||
    event.kind === 'fault.connection') &&
  typeof event.data.client === 'string';

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

/** Seconds (absolute trace ms) covered by one `load.seconds` event: [start, end). */
function loadSpan(data: Data): { startMs: number; endMs: number } {
  const startMs = Number(data.startMs);
  const seconds = Array.isArray(data.ok) ? data.ok.length : 0;
  return { startMs, endMs: startMs + seconds * 1000 };
}

/** The last trace time at which something the chart draws happened, within [startMs, endMs]. */
function lastActivityMs(
  trace: readonly TraceEvent[],
  markers: readonly RawMarker[],
  startMs: number,
  endMs: number,
): number {
  let last = startMs;
  const see = (atMs: number): void => {
    if (atMs >= startMs && atMs <= endMs && atMs > last) last = atMs;
  };
  for (const event of trace) {
    if (isClientEvent(event) || event.kind === 'kms.key-store.connection') see(event.atMs);
    else if (event.kind === 'load.seconds') {
      const data = event.data;
      const { startMs: loadStart } = loadSpan(data);
      const busy = (name: string): number[] => (Array.isArray(data[name]) ? data[name] : []);
      const counts = busy('ok').map(
        (ok, index) =>
          ok +
          (busy('throttled')[index] ?? 0) +
          (busy('sessionsExhausted')[index] ?? 0) +
          (busy('unavailable')[index] ?? 0),
      );
      let lastBusy = counts.length - 1;
      while (lastBusy >= 0 && !(counts[lastBusy]! > 0)) lastBusy--;
      if (lastBusy >= 0) see(Math.min(endMs, loadStart + (lastBusy + 1) * 1000));
    }
  }
  for (const marker of markers) see(marker.atMs);
  return last;
}

function markersIn(
  markers: readonly RawMarker[],
  zeroAtMs: number,
  startMs: number,
  endMs: number,
): ChartMarker[] {
  return markers
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

/** Buckets of the window [startMs, endMs) in trace time. */
class Buckets {
  readonly count: number;

  constructor(
    readonly startMs: number,
    readonly endMs: number,
    readonly sizeMs: number,
  ) {
    this.count = Math.ceil((endMs - startMs) / sizeMs);
  }

  /** The bucket holding trace time `atMs`, or -1 outside the window. */
  index(atMs: number): number {
    return atMs < this.startMs || atMs >= this.endMs
      ? -1
      : Math.floor((atMs - this.startMs) / this.sizeMs);
  }

  /** Seconds in bucket `index` (the last one may be cut by the window's end). */
  seconds(index: number): number {
    const from = this.startMs + index * this.sizeMs;
    return (Math.min(this.endMs, from + this.sizeMs) - from) / 1000;
  }

  zeros(): number[] {
    return new Array<number>(this.count).fill(0);
  }

  rates(counts: readonly number[]): number[] {
    return counts.map((count, index) => count / this.seconds(index));
  }
}

/** Adds one to `name`'s row in bucket `index`. */
function tally(rows: Map<string, number[]>, name: string, index: number, buckets: Buckets): void {
  let row = rows.get(name);
  if (!row) {
    row = buckets.zeros();
    rows.set(name, row);
  }
  row[index]! += 1;
}

function seriesOf(rows: Map<string, number[]>, buckets: Buckets, first?: string): Series[] {
  const names = [...rows.keys()].sort();
  const ordered =
    first !== undefined && names.includes(first)
      ? [first, ...names.filter((name) => name !== first)]
      : names;
  return ordered.map((name) => {
    const counts = rows.get(name)!;
    return {
      name,
      total: counts.reduce((sum, count) => sum + count, 0),
      values: buckets.rates(counts),
    };
  });
}

/**
 * A call's outcome: success, or the exception name; a connection failure the SDK raised as a bare
 * `Error` is named by its code (ECONNRESET), as its failed attempts are.
 */
function callOutcome(data: Data): string {
  if (data.ok === true) return SUCCESS_SERIES;
  const name = String(data.errorName ?? 'Error');
  return name === 'Error' && typeof data.errorCode === 'string' ? data.errorCode : name;
}

/** The median gap between a client's consecutive call ends, the largest over the clients. */
function typicalCallGapMs(trace: readonly TraceEvent[], startMs: number, endMs: number): number {
  const ends = new Map<string, number[]>();
  for (const event of trace) {
    if (event.kind !== 'client.call' || event.atMs < startMs || event.atMs >= endMs) continue;
    const client = String(event.data.client);
    const list = ends.get(client) ?? [];
    list.push(event.atMs);
    ends.set(client, list);
  }
  let widest = 0;
  for (const list of ends.values()) {
    const gaps = list
      .slice(1)
      .map((atMs, index) => atMs - list[index]!)
      .sort((a, b) => a - b);
    if (gaps.length > 0) widest = Math.max(widest, gaps[Math.floor((gaps.length - 1) / 2)]!);
  }
  return widest;
}

/** Nearest-rank percentile of sorted values (as in the client metrics). */
function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)]!;
}

function clientsIn(
  trace: readonly TraceEvent[],
  buckets: Buckets,
  zeroAtMs: number,
): ClientChart[] {
  const settings = new Map<string, { retryMode?: string; maxAttempts?: number }>();
  for (const event of trace)
    if (event.kind === 'metrics.total' && typeof event.data.client === 'string')
      settings.set(event.data.client, {
        ...(typeof event.data.retryMode === 'string' ? { retryMode: event.data.retryMode } : {}),
        ...(typeof event.data.maxAttempts === 'number'
          ? { maxAttempts: event.data.maxAttempts }
          : {}),
      });
  interface Rows {
    outcomes: Map<string, number[]>;
    attempts: number[];
    failed: Map<string, number[]>;
    latencies: number[][];
  }
  const clients = new Map<string, Rows>();
  const rowsOf = (name: string): Rows => {
    let rows = clients.get(name);
    if (!rows) {
      rows = {
        outcomes: new Map(),
        attempts: buckets.zeros(),
        failed: new Map(),
        latencies: Array.from({ length: buckets.count }, () => []),
      };
      clients.set(name, rows);
    }
    return rows;
  };
  for (const event of trace) {
    if (!isClientEvent(event)) continue;
    const index = buckets.index(event.atMs);
    if (index < 0) continue;
    const rows = rowsOf(String(event.data.client));
    if (event.kind === 'client.call') {
      const outcome = callOutcome(event.data);
      tally(rows.outcomes, outcome, index, buckets);
      const startMs = Number(event.data.startMs);
      if (Number.isFinite(startMs)) rows.latencies[index]!.push(event.atMs - zeroAtMs - startMs);
    } else {
      rows.attempts[index]! += 1;
      const failure =
        event.kind === 'fault.connection'
          ? event.data.kind === 'timeout'
            ? 'TimeoutError'
            : 'ECONNRESET'
          : event.data.status === 200
            ? undefined
            : String(event.data.errorType ?? `HTTP ${String(event.data.status)}`);
      if (failure !== undefined) tally(rows.failed, failure, index, buckets);
    }
  }
  return [...clients.keys()].sort().map((name) => {
    const rows = clients.get(name)!;
    const sorted = rows.latencies.map((list) => [...list].sort((a, b) => a - b));
    return {
      name,
      retryMode: settings.get(name)?.retryMode,
      maxAttempts: settings.get(name)?.maxAttempts,
      outcomes: seriesOf(rows.outcomes, buckets, SUCCESS_SERIES),
      attempts: {
        name: 'attempts',
        total: rows.attempts.reduce((sum, count) => sum + count, 0),
        values: buckets.rates(rows.attempts),
      },
      failedAttempts: seriesOf(rows.failed, buckets),
      p50: sorted.map((list) => (list.length > 0 ? percentile(list, 0.5) : null)),
      p99: sorted.map((list) => (list.length > 0 ? percentile(list, 0.99) : null)),
    };
  });
}

const LOAD_MEMBERS: readonly [LoadOutcome, string][] = [
  ['served', 'ok'],
  ['throttled', 'throttled'],
  ['sessions exhausted', 'sessionsExhausted'],
  ['unavailable', 'unavailable'],
];

/** Spreads per-second counts over the buckets: a bucket's rate is the count/s of what it overlaps. */
function loadRates(
  perSecond: readonly number[],
  loadStartMs: number,
  buckets: Buckets,
): { total: number; values: number[] } {
  const sums = buckets.zeros();
  let total = 0;
  perSecond.forEach((count, second) => {
    const from = loadStartMs + second * 1000;
    for (let index = Math.max(0, buckets.index(from)); index < buckets.count; index++) {
      const bucketFrom = buckets.startMs + index * buckets.sizeMs;
      if (bucketFrom >= from + 1000) break;
      const overlap =
        Math.min(from + 1000, bucketFrom + buckets.sizeMs, buckets.endMs) -
        Math.max(from, bucketFrom);
      if (overlap <= 0) continue;
      sums[index]! += (count * overlap) / 1000;
      total += (count * overlap) / 1000;
    }
  });
  return { total: Math.round(total), values: buckets.rates(sums) };
}

function loadsIn(trace: readonly TraceEvent[], buckets: Buckets): LoadChart[] {
  const loads: LoadChart[] = [];
  for (const event of trace) {
    if (event.kind !== 'load.seconds') continue;
    const data = event.data;
    const { startMs } = loadSpan(data);
    const outcomes = LOAD_MEMBERS.map(([outcome, member]) => ({
      outcome,
      name: outcome,
      ...loadRates(Array.isArray(data[member]) ? (data[member] as number[]) : [], startMs, buckets),
    })).filter((series) => series.total > 0);
    const limits = Array.isArray(data.storeLimitRps)
      ? (data.storeLimitRps as (number | null)[])
      : [];
    const storeLimitRps = Array.from({ length: buckets.count }, (_, index) => {
      const bucketFrom = buckets.startMs + index * buckets.sizeMs;
      let lowest: number | null = null;
      limits.forEach((limit, second) => {
        const from = startMs + second * 1000;
        if (limit === null || from >= bucketFrom + buckets.sizeMs || from + 1000 <= bucketFrom)
          return;
        lowest = lowest === null ? limit : Math.min(lowest, limit);
      });
      return lowest;
    });
    loads.push({
      name: String(data.load),
      customKeyStoreId:
        typeof data.customKeyStoreId === 'string' ? data.customKeyStoreId : undefined,
      outcomes,
      storeLimitRps,
    });
  }
  return loads.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function accountQuotaIn(trace: readonly TraceEvent[]): number | undefined {
  const event = trace.find(
    (candidate) =>
      candidate.kind === 'load.seconds' && typeof candidate.data.accountSymmetricRps === 'number',
  );
  return event ? Number(event.data.accountSymmetricRps) : undefined;
}

/**
 * Everything the chart draws for the trace-time window [startMs, endMs), its end trimmed to the
 * bucket after the last call, attempt, background request, marker or state change.
 */
export function chartData(trace: readonly TraceEvent[], startMs: number, endMs: number): ChartData {
  if (!(endMs > startMs))
    throw new RangeError(`chart window must end after it starts, got ${startMs}..${endMs}`);
  const zeroAtMs = trace.find((event) => event.kind === 'scenario.start')?.atMs ?? startMs;
  const raw = rawMarkers(trace);
  const activeMs = Math.max(1, lastActivityMs(trace, raw, startMs, endMs) - startMs);
  const bucketMs = bucketSizeMs(activeMs, typicalCallGapMs(trace, startMs, endMs));
  const trimmedEnd = Math.min(endMs, startMs + (Math.floor(activeMs / bucketMs) + 1) * bucketMs);
  const buckets = new Buckets(startMs, trimmedEnd, bucketMs);
  return {
    zeroAtMs,
    fromMs: startMs - zeroAtMs,
    toMs: trimmedEnd - zeroAtMs,
    bucketMs,
    buckets: buckets.count,
    clients: clientsIn(trace, buckets, zeroAtMs),
    loads: loadsIn(trace, buckets),
    accountQuotaRps: accountQuotaIn(trace),
    markers: markersIn(raw, zeroAtMs, startMs, trimmedEnd),
    bands: bandsIn(trace, zeroAtMs, startMs, trimmedEnd),
  };
}
