/**
 * The trace: every observable thing the simulation does, as JSON lines in virtual-time order.
 * The fingerprint is a SHA-256 over the canonical (sorted-key) lines, so two runs with the same seed
 * and calls have the same fingerprint, and reports can be pure functions of the trace.
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

export class TraceLog {
  private readonly events: TraceEvent[] = [];
  private readonly hash = createHash('sha256');
  /** How many events the hash has taken in: hashing waits until a fingerprint is asked for (issue #12). */
  private hashedCount = 0;
  private digest: string | undefined;

  record(atMs: number, kind: string, data: Record<string, unknown> = {}): TraceEvent {
    const event: TraceEvent = { seq: this.events.length, atMs, kind, data };
    this.events.push(event);
    this.digest = undefined;
    return event;
  }

  get length(): number {
    return this.events.length;
  }

  all(): readonly TraceEvent[] {
    return this.events;
  }

  ofKind(kind: string): TraceEvent[] {
    return this.events.filter((event) => event.kind === kind);
  }

  toJsonLines(): string {
    return (
      this.events.map((event) => canonicalJson(event)).join('\n') + (this.events.length ? '\n' : '')
    );
  }

  /**
   * SHA-256 hex of the canonical lines so far. Events are hashed here, not in `record`: most runs
   * never ask for a fingerprint between requests, and hashing each event as it came cost 13% of a
   * request (issue #12). Events are immutable once recorded, so hashing later gives the same bytes.
   */
  fingerprint(): string {
    if (this.digest === undefined) {
      const events = this.events;
      for (let i = this.hashedCount; i < events.length; i++)
        this.hash.update(`${canonicalJson(events[i])}\n`);
      this.hashedCount = events.length;
      this.digest = this.hash.copy().digest('hex');
    }
    return this.digest;
  }
}
