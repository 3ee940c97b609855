/**
 * The trace: every observable thing the simulation does, as JSON lines in virtual-time order.
 * The fingerprint is a SHA-256 over the canonical (sorted-key) lines, so two runs with the same seed
 * and calls have the same fingerprint, and reports can be pure functions of the trace.
 *
 * A scenario run keeps every event (its work is bounded by the loader, and reports need them all).
 * A long-lived server cannot (issue 11 §10: 150,000 requests held 23.9 MB of trace): with `retain`
 * the log keeps only the newest `retain` events, in a ring, while sequence numbers and the
 * fingerprint still cover every event ever recorded.
 */
import { createHash } from 'node:crypto';

export interface TraceEvent {
  readonly seq: number;
  readonly atMs: number;
  readonly kind: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** JSON with object keys sorted at every level, so equal values always serialise to equal bytes. */
export function canonicalJson(value: unknown): string {
  return writeCanonical(value) ?? sortedStringify(value);
}

/**
 * The definition: JSON.stringify with a replacer that rebuilds every object with sorted keys.
 * Exported so that tests hold the fast writer to it.
 */
export function sortedStringify(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (
      inner &&
      typeof inner === 'object' &&
      !Array.isArray(inner) &&
      !(inner instanceof Uint8Array)
    ) {
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(inner as object).sort())
        sorted[key] = (inner as Record<string, unknown>)[key];
      return sorted;
    }
    return inner;
  });
}

/** Printable ASCII without `"` and `\\`: text JSON writes between quotes as it is. */
const PLAIN_TEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  if (!(first >= 0x30 && first <= 0x39)) return false; // most keys do not start with a digit
  return ARRAY_INDEX.test(key) && Number(key) < 2 ** 32 - 1;
}

/**
 * The key order of the definition's rebuilt object: sorted, except that JavaScript lists array-index
 * keys ("0", "10") first, in numeric order, whatever order they were added in.
 */
function canonicalKeyOrder(keys: string[]): string[] {
  keys.sort();
  let indexes = 0;
  for (const key of keys) if (isArrayIndex(key)) indexes++;
  if (indexes === 0) return keys;
  const numeric = keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return [...numeric, ...keys.filter((key) => !isArrayIndex(key))];
}

/**
 * The same bytes as `sortedStringify` for plain data (plain objects and arrays of strings, numbers,
 * booleans, null and undefined), written in one pass without copying each object: trace events are
 * plain data, and the copies made fingerprints and JSON lines slow (issue #12). Anything else (a
 * class instance, a byte array, a toJSON method) gives undefined, and the definition is used.
 */
function writeCanonical(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return PLAIN_TEXT.test(value) ? `"${value}"` : JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const written =
        item === undefined || typeof item === 'function' || typeof item === 'symbol'
          ? 'null'
          : writeCanonical(item);
      if (written === undefined) return undefined;
      out += i === 0 ? written : `,${written}`;
    }
    return `${out}]`;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.toJSON === 'function') return undefined;
  let out = '{';
  let first = true;
  for (const key of canonicalKeyOrder(Object.keys(record))) {
    // The definition copies keys by assignment, so an own `__proto__` key never reaches the text.
    if (key === '__proto__') continue;
    const item = record[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    const written = writeCanonical(item);
    if (written === undefined) return undefined;
    const name = PLAIN_TEXT.test(key) ? `"${key}"` : JSON.stringify(key);
    out += first ? `${name}:${written}` : `,${name}:${written}`;
    first = false;
  }
  return `${out}}`;
}

export interface TraceOptions {
  /** Keep only the newest this many events in memory (default: every event). */
  readonly retain?: number;
}

/** One page of retained events, from `after` on (GET /_sim/trace?after=&limit=). */
export interface TracePage {
  readonly events: readonly TraceEvent[];
  /** Sequence number of the oldest event still retained (= `recorded` when none is). */
  readonly firstSeq: number;
  /** How many events were ever recorded; the next event gets this sequence number. */
  readonly recorded: number;
  /** Pass as `after` for the next page: the last event's sequence number, or `after` if none. */
  readonly lastSeq: number;
}

/**
 * The fields of `api.call`, the event every request records (simulator.ts). It is kept as numbers
 * in the trace (`recordApiCall`), not as objects, because a retained object per request was most of
 * the trace's cost: allocating it, and the garbage collector copying it into the old generation
 * (issue #12). It becomes an ordinary event, `data` in this key order, when read.
 */
export interface ApiCall {
  readonly client: string | null;
  readonly service: string;
  readonly operation: string;
  readonly status: number;
  readonly errorType: string | null;
  readonly hsmLatencyMs: number;
}

const API_CALL = 'api.call';
/**
 * Numbers per event of an unbounded trace: atMs, then the kind, then for a compact api.call
 * (kind API_CALL_ID) its client, service, operation, status, errorType and hsmLatencyMs (strings as
 * indexes into `strings`), and for an event kept as an object (kind -1 - its index in `strings`)
 * the index of its data in `others`.
 */
const ROW_WIDTH = 8;
/**
 * Rows per chunk. Fixed chunks of plain numbers, never copied, each 64 KiB so that it stays in V8's
 * ordinary heap: a growing typed array (memory outside the heap) or an array past 128 KiB (the
 * large-object space) made the collector run far more often, and that was most of the trace's cost
 * per request (issue #12; measured: allocating one 256 KiB Float64Array took 0.4 ms at the median).
 */
const CHUNK_ROWS = 1024;
/** The id of `api.call` in `strings`: interned first, so recording one looks nothing up for its kind. */
const API_CALL_ID = 0;
/** A null string field. */
const NO_STRING = -1;

export class TraceLog {
  /**
   * Bounded: the retained events, once full a ring whose oldest event is at `start`. Unbounded: the
   * events already made into objects by a reader (a prefix of every event), so reading twice is cheap.
   */
  private readonly events: TraceEvent[] = [];
  private start = 0;
  private recorded = 0;
  private readonly retain: number;
  private readonly bounded: boolean;
  /** Unbounded: event `seq` is row `seq % CHUNK_ROWS` of chunk `seq / CHUNK_ROWS` (ROW_WIDTH numbers). */
  private readonly chunks: number[][] = [];
  private chunk: number[] = [];
  /** Unbounded: the data of the events other than api.call, in order. */
  private readonly others: Readonly<Record<string, unknown>>[] = [];
  /** This trace's distinct strings: kinds, and api.call's operation names, clients, error types. */
  private readonly strings: string[] = [API_CALL];
  private readonly stringIds = new Map<string, number>([[API_CALL, API_CALL_ID]]);
  private readonly hash = createHash('sha256');
  /** How many events the hash has taken in: an unbounded trace hashes when a fingerprint is asked for. */
  private hashedCount = 0;
  private digest: string | undefined;

  constructor(options: TraceOptions = {}) {
    const retain = options.retain ?? Number.POSITIVE_INFINITY;
    if (!(retain >= 0) || (Number.isFinite(retain) && !Number.isInteger(retain)))
      throw new RangeError(`trace retention must be a whole number >= 0, got ${retain}`);
    this.retain = retain;
    this.bounded = Number.isFinite(retain);
  }

  /** Records one event; returns its sequence number. */
  record(atMs: number, kind: string, data: Record<string, unknown> = {}): number {
    const seq = this.recorded;
    if (this.bounded) this.keep({ seq, atMs, kind, data });
    else {
      const at = this.rowOf(seq);
      const chunk = this.chunk;
      chunk[at] = atMs;
      // Negative: an event kept as an object, even one of kind api.call.
      chunk[at + 1] = -1 - this.stringId(kind);
      chunk[at + 2] = this.others.length;
      this.others.push(data);
    }
    this.recorded++;
    this.digest = undefined;
    return seq;
  }

  /**
   * The same event as `record(atMs, 'api.call', { client, service, ... })`, kept without an object
   * per request: the fields come one by one so that the caller builds none either. Returns its
   * sequence number.
   */
  recordApiCall(
    atMs: number,
    client: string | null,
    service: string,
    operation: string,
    status: number,
    errorType: string | null,
    hsmLatencyMs: number,
  ): number {
    if (this.bounded) {
      const call: ApiCall = { client, service, operation, status, errorType, hsmLatencyMs };
      return this.record(atMs, API_CALL, call as unknown as Record<string, unknown>);
    }
    const at = this.rowOf(this.recorded);
    const chunk = this.chunk;
    chunk[at] = atMs;
    chunk[at + 1] = API_CALL_ID;
    chunk[at + 2] = client === null ? NO_STRING : this.stringId(client);
    chunk[at + 3] = this.stringId(service);
    chunk[at + 4] = this.stringId(operation);
    chunk[at + 5] = status;
    chunk[at + 6] = errorType === null ? NO_STRING : this.stringId(errorType);
    chunk[at + 7] = hsmLatencyMs;
    this.digest = undefined;
    return this.recorded++;
  }

  /** Where event `seq`'s row starts in `this.chunk`, which it makes the chunk holding that row. */
  private rowOf(seq: number): number {
    const row = seq % CHUNK_ROWS;
    if (row === 0) {
      // Filled with a fraction, so V8 keeps the chunk as unboxed doubles from the start.
      this.chunk = new Array<number>(CHUNK_ROWS * ROW_WIDTH).fill(0.5);
      this.chunks.push(this.chunk);
    }
    return row * ROW_WIDTH;
  }

  private stringId(value: string): number {
    let id = this.stringIds.get(value);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(value);
      this.stringIds.set(value, id);
    }
    return id;
  }

  private stringAt(id: number): string | null {
    return id === NO_STRING ? null : (this.strings[id] as string);
  }

  /** A bounded trace hashes each event as it comes, since it forgets old ones. */
  private keep(event: TraceEvent): void {
    this.hash.update(`${canonicalJson(event)}\n`);
    this.hashedCount = this.recorded + 1;
    if (this.events.length < this.retain) this.events.push(event);
    else if (this.retain > 0) {
      this.events[this.start] = event;
      this.start = (this.start + 1) % this.retain;
    }
  }

  /** Unbounded: event `seq` as an object, built from its compact form. */
  private eventAt(seq: number): TraceEvent {
    const chunk = this.chunks[Math.floor(seq / CHUNK_ROWS)] as number[];
    const at = (seq % CHUNK_ROWS) * ROW_WIDTH;
    const atMs = chunk[at] as number;
    const kindCode = chunk[at + 1] as number;
    if (kindCode < 0)
      return {
        seq,
        atMs,
        kind: this.strings[-1 - kindCode] as string,
        data: this.others[chunk[at + 2] as number] as Record<string, unknown>,
      };
    const call: ApiCall = {
      client: this.stringAt(chunk[at + 2] as number),
      service: this.stringAt(chunk[at + 3] as number) as string,
      operation: this.stringAt(chunk[at + 4] as number) as string,
      status: chunk[at + 5] as number,
      errorType: this.stringAt(chunk[at + 6] as number),
      hsmLatencyMs: chunk[at + 7] as number,
    };
    return {
      seq,
      atMs,
      kind: API_CALL,
      data: call as unknown as Readonly<Record<string, unknown>>,
    };
  }

  /** Unbounded: every event as an object, made once and kept for the next reader. */
  private materialized(): TraceEvent[] {
    for (let seq = this.events.length; seq < this.recorded; seq++)
      this.events.push(this.eventAt(seq));
    return this.events;
  }

  /** Events ever recorded (retained or not). */
  get length(): number {
    return this.recorded;
  }

  /** Recorded events no longer in memory. */
  get dropped(): number {
    return this.bounded ? this.recorded - this.events.length : 0;
  }

  /** The retained events, oldest first. */
  all(): readonly TraceEvent[] {
    if (!this.bounded) return this.materialized();
    return this.start === 0
      ? this.events
      : [...this.events.slice(this.start), ...this.events.slice(0, this.start)];
  }

  ofKind(kind: string): TraceEvent[] {
    return this.all().filter((event) => event.kind === kind);
  }

  /** Up to `limit` retained events with a sequence number above `after` (-1: from the oldest). */
  page(after: number, limit: number): TracePage {
    const retained = this.bounded ? this.events.length : this.recorded;
    const firstSeq = this.recorded - retained;
    const from = Math.max(0, Math.min(retained, Math.floor(after) + 1 - firstSeq));
    const count = Math.max(0, Math.min(limit, retained - from));
    const events: TraceEvent[] = [];
    for (let i = from; i < from + count; i++)
      events.push(
        this.bounded
          ? this.events[(this.start + i) % this.events.length]!
          : (this.events[i] ?? this.eventAt(i)),
      );
    return {
      events,
      firstSeq,
      recorded: this.recorded,
      lastSeq: events.at(-1)?.seq ?? Math.max(after, firstSeq - 1),
    };
  }

  toJsonLines(): string {
    const events = this.all();
    const lines = events.map((event) => canonicalJson(event));
    // An unbounded trace hashes the same lines now, so a fingerprint asked for later is not
    // another pass of canonical JSON over every event (issue #12).
    if (!this.bounded && this.hashedCount < this.recorded) {
      for (let seq = this.hashedCount; seq < this.recorded; seq++)
        this.hash.update(`${lines[seq] as string}\n`);
      this.hashedCount = this.recorded;
    }
    return lines.join('\n') + (events.length ? '\n' : '');
  }

  /**
   * SHA-256 hex of the canonical lines so far. An unbounded trace hashes here, not in `record`:
   * most runs never ask for a fingerprint between requests, and hashing each event as it came cost
   * 13% of a request (issue #12). Events never change once recorded, so hashing later gives the
   * same bytes.
   */
  fingerprint(): string {
    if (this.digest === undefined) {
      for (let seq = this.hashedCount; seq < this.recorded; seq++)
        this.hash.update(`${canonicalJson(this.events[seq] ?? this.eventAt(seq))}\n`);
      this.hashedCount = this.recorded;
      this.digest = this.hash.copy().digest('hex');
    }
    return this.digest;
  }
}
