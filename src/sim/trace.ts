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

export class TraceLog {
  /** Retained events; once full, a ring whose oldest event is at `start`. */
  private readonly events: TraceEvent[] = [];
  private start = 0;
  private recorded = 0;
  private readonly retain: number;
  private readonly hash = createHash('sha256');
  /** How many events the hash has taken in: hashing waits until a fingerprint is asked for (issue #12). */
  private hashedCount = 0;
  private digest: string | undefined;

  constructor(options: TraceOptions = {}) {
    const retain = options.retain ?? Number.POSITIVE_INFINITY;
    if (!(retain >= 0) || (Number.isFinite(retain) && !Number.isInteger(retain)))
      throw new RangeError(`trace retention must be a whole number >= 0, got ${retain}`);
    this.retain = retain;
  }

  record(atMs: number, kind: string, data: Record<string, unknown> = {}): TraceEvent {
    const event: TraceEvent = { seq: this.recorded++, atMs, kind, data };
    // A bounded trace forgets old events, so it must hash each as it comes; an unbounded one keeps
    // them all and hashes lazily in fingerprint().
    if (Number.isFinite(this.retain)) {
      this.hash.update(`${canonicalJson(event)}\n`);
      this.hashedCount = this.recorded;
    }
    if (this.events.length < this.retain) this.events.push(event);
    else if (this.retain > 0) {
      this.events[this.start] = event;
      this.start = (this.start + 1) % this.retain;
    }
    this.digest = undefined;
    return event;
  }

  /** Events ever recorded (retained or not). */
  get length(): number {
    return this.recorded;
  }

  /** Recorded events no longer in memory. */
  get dropped(): number {
    return this.recorded - this.events.length;
  }

  /** The retained events, oldest first. */
  all(): readonly TraceEvent[] {
    return this.start === 0
      ? this.events
      : [...this.events.slice(this.start), ...this.events.slice(0, this.start)];
  }

  ofKind(kind: string): TraceEvent[] {
    return this.all().filter((event) => event.kind === kind);
  }

  /** Up to `limit` retained events with a sequence number above `after` (-1: from the oldest). */
  page(after: number, limit: number): TracePage {
    const firstSeq = this.recorded - this.events.length;
    const from = Math.max(0, Math.min(this.events.length, Math.floor(after) + 1 - firstSeq));
    const count = Math.max(0, Math.min(limit, this.events.length - from));
    const events: TraceEvent[] = [];
    for (let i = from; i < from + count; i++)
      events.push(this.events[(this.start + i) % this.events.length]!);
    return {
      events,
      firstSeq,
      recorded: this.recorded,
      lastSeq: events.at(-1)?.seq ?? Math.max(after, firstSeq - 1),
    };
  }

  toJsonLines(): string {
    const events = this.all();
    return events.map((event) => canonicalJson(event)).join('\n') + (events.length ? '\n' : '');
  }

  /**
   * SHA-256 hex of the canonical lines so far. Events are hashed here, not in `record`: most runs
   * never ask for a fingerprint between requests, and hashing each event as it came cost 13% of a
   * request (issue #12); a bounded trace still hashes in `record`. Events are immutable once recorded, so hashing later gives the same bytes.
   */
  fingerprint(): string {
    if (this.digest === undefined) {
      // Unbounded: events[i] has seq i, so the ones not yet hashed are the tail.
      const events = this.events;
      for (let i = this.hashedCount; i < this.recorded; i++)
        this.hash.update(`${canonicalJson(events[i])}\n`);
      this.hashedCount = this.recorded;
      this.digest = this.hash.copy().digest('hex');
    }
    return this.digest;
  }
}
