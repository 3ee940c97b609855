/**
 * Finite HSM capacity (issue #4 §2): each ACTIVE HSM completes `hsmOpsPerSecond` operations per
 * second, requests go to the HSM that frees up first (the client SDK load-balances; docs/behaviour.md §6.5), so
 * queueing raises latency under load; KMS holds at most `sessionsPerCluster` PKCS#11 sessions on a
 * cluster, and a request that finds them all busy fails with KMSInternalException (docs/behaviour.md §4.6).
 * A session is held only while its request is in service (issue #9 §3): a request whose response
 * waits out its latency in virtual time (a driver run, background load) holds it until the HSM
 * finishes; a request answered at once (serve mode, a direct call) holds it only while it is being
 * answered. So concurrency is what really overlaps, and a strictly sequential client under frozen
 * time never runs out of sessions.
 * Unrelated work on the cluster (`unrelatedLoadRps`) takes HSM time too and lowers the rate the
 * store can sustain, so ThrottlingException comes well below 1,800 rps (docs/behaviour.md §5.2).
 */
import { MinHeap } from '../sim/min-heap.js';

export interface CapacitySettings {
  /** Symmetric operations one HSM completes per second. */
  readonly hsmOpsPerSecond: number;
  /** PKCS#11 sessions KMS can hold on one cluster at once (docs/behaviour.md §6.6: 1,024 per application). */
  readonly sessionsPerCluster: number;
}

export const DEFAULT_CAPACITY: CapacitySettings = {
  hsmOpsPerSecond: 2_000,
  sessionsPerCluster: 1_024,
};

/**
 * How long an admitted request keeps its PKCS#11 session: `until-done` while its virtual service
 * time runs (the caller waits that long before answering), `while-answering` only during the call
 * that admits it (the caller answers in the same instant and keeps no session afterwards).
 */
export type SessionHold = 'until-done' | 'while-answering';

export type CapacityVerdict =
  | { readonly ok: true; readonly latencyMs: number }
  | { readonly ok: false; readonly reason: 'sessions-exhausted' };

export class ClusterCapacity {
  /** When each HSM finishes the work already queued on it (virtual ms, fractional). */
  private readonly freeAtMs = new Map<string, number>();
  private readonly inFlight = new MinHeap();
  /** Requests per second of work unrelated to KMS on this cluster. */
  unrelatedLoadRps = 0;

  constructor(private readonly settings: CapacitySettings) {}

  /** Requests per second the cluster can give KMS now (docs/behaviour.md §5.2: busy clusters throttle sooner). */
  availableRps(activeHsmCount: number): number {
    return Math.max(0, activeHsmCount * this.settings.hsmOpsPerSecond - this.unrelatedLoadRps);
  }

  /** Admits one operation at `nowMs` on one of `hsmIds`, returning its queueing + service latency. */
  admit(
    nowMs: number,
    hsmIds: readonly string[],
    hold: SessionHold = 'until-done',
  ): CapacityVerdict {
    if (!this.sessionFree(nowMs)) return { ok: false, reason: 'sessions-exhausted' };
    let chosen = hsmIds[0]!;
    let chosenFreeAt = Infinity;
    for (const hsmId of hsmIds) {
      const freeAt = Math.max(nowMs, this.freeAtMs.get(hsmId) ?? nowMs);
      if (freeAt < chosenFreeAt) {
        chosen = hsmId;
        chosenFreeAt = freeAt;
      }
    }
    return { ok: true, latencyMs: this.book(nowMs, chosen, chosenFreeAt, hsmIds.length, hold) };
  }

  /**
   * `admit` on the ACTIVE ones of a cluster's HSMs (`activeCount` of them, at least one), in their
   * order, without listing them first (issue #12): the latency, or undefined when every session
   * is taken.
   */
  admitOnActive(
    nowMs: number,
    hsms: Iterable<{ readonly hsmId: string; readonly state: string }>,
    activeCount: number,
    hold: SessionHold,
  ): number | undefined {
    if (!this.sessionFree(nowMs)) return undefined;
    let chosen: string | undefined;
    let chosenFreeAt = Infinity;
    for (const hsm of hsms) {
      if (hsm.state !== 'ACTIVE') continue;
      const freeAt = Math.max(nowMs, this.freeAtMs.get(hsm.hsmId) ?? nowMs);
      if (freeAt < chosenFreeAt) {
        chosen = hsm.hsmId;
        chosenFreeAt = freeAt;
      }
    }
    if (chosen === undefined) throw new Error('admitOnActive: no ACTIVE HSM to admit on');
    return this.book(nowMs, chosen, chosenFreeAt, activeCount, hold);
  }

  /** Drops the sessions whose work is done by `nowMs`; whether one is left for a new request. */
  private sessionFree(nowMs: number): boolean {
    while (this.inFlight.size > 0 && this.inFlight.peek()! <= nowMs) this.inFlight.pop();
    return this.inFlight.size < this.settings.sessionsPerCluster;
  }

  /** Queues one operation on `chosen` (free at `chosenFreeAt`); returns its latency from `nowMs`. */
  private book(
    nowMs: number,
    chosen: string,
    chosenFreeAt: number,
    activeCount: number,
    hold: SessionHold,
  ): number {
    const perHsmRps = this.availableRps(activeCount) / Math.max(1, activeCount);
    // An HSM fully taken by unrelated work still serves, slowly: 1 op/s is the floor.
    const serviceMs = 1000 / Math.max(1, perHsmRps);
    const doneAt = chosenFreeAt + serviceMs;
    this.freeAtMs.set(chosen, doneAt);
    if (hold === 'until-done') this.inFlight.push(doneAt);
    return doneAt - nowMs;
  }

  /** Requests holding a session at `nowMs`. */
  sessionsInUse(nowMs: number): number {
    while (this.inFlight.size > 0 && this.inFlight.peek()! <= nowMs) this.inFlight.pop();
    return this.inFlight.size;
  }
}
