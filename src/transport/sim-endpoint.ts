/**
 * What a transport needs from the simulator. The transports (in-process SDK handler, msw, HTTP
 * server) depend only on this interface, so they never reach into the world directly.
 */
import type { WireRequest, WireResponse } from '../protocol/wire.js';
import type { ControlResult } from '../protocol/control-result.js';
import type { ConnectionFault } from '../world/client-network.js';

export type { ControlResult } from '../protocol/control-result.js';

/** A scenario's verdict so far, for `GET /_sim/report` (serve --scenario). */
export interface SimReport {
  /** PASS/FAIL/PENDING lines, then notes, metrics and warnings, as `kmsim run` prints them. */
  readonly lines: readonly string[];
}

/** A page of the trace as JSON lines, with where the retained trace starts and ends. */
export interface TraceLinesPage {
  readonly lines: readonly string[];
  /** Sequence number of the oldest event still in memory (older ones were dropped). */
  readonly firstSeq: number;
  /** Events ever recorded. */
  readonly recorded: number;
  /** Sequence number of the last line (pass it as `after` for the next page). */
  readonly lastSeq: number;
}

export interface ClientTimeoutEvent {
  readonly setting: 'requestTimeout' | 'socketTimeout';
  /** The scenario client's name (x-kmsim-client), null for any other client. */
  readonly client: string | null;
  /** The operation of the request (from its X-Amz-Target). */
  readonly operation: string;
  readonly timeoutMs: number;
  readonly thrown: boolean;
}

export interface SimEndpoint {
  readonly region: string;
  readonly accountId: string;
  /** Virtual milliseconds since the simulation started. */
  readonly nowMs: number;
  /**
   * Dispatches one AWS JSON 1.1 request to KMS (`TrentService.*`) or CloudHSM v2
   * (`BaldrApiService.*`) by its target. Never rejects: every failure, including a simulator bug,
   * comes back as a WireResponse.
   */
  handleWire(request: WireRequest): Promise<WireResponse>;
  /**
   * handleWire's answer with no promise around it, for a transport that is not under a
   * VirtualTimeDriver run (where handleWire never waits, so the two answer alike); undefined when a
   * driver run is active, and then the caller uses handleWire. Optional: an endpoint without it is
   * always reached through handleWire (issue #12: the promise hops cost a request between SDK calls).
   */
  handleWireNow?(request: WireRequest): WireResponse | undefined;
  /**
   * A connection-level fault between client and endpoint for this request, if one is injected:
   * the transport turns it into a socket error (reset) or a timeout instead of calling handleWire.
   */
  connectionFault?(request: WireRequest): ConnectionFault | undefined;
  /**
   * A client's requestTimeout or socketTimeout passed before the answer came (the in-process
   * handler tells this, with the request if it got that far): `thrown` when the attempt failed
   * with TimeoutError, else (requestTimeout without throwOnRequestTimeout) the handler only warned
   * and the request went on. Traced as `client.request-timeout` / `client.socket-timeout`, with the
   * sequence number of the request's `api.call` event (`apiCallSeq`) when it reached the service,
   * so metrics and reports count that attempt as failed.
   */
  recordClientTimeout?(event: ClientTimeoutEvent, request?: WireRequest): void;
  /** Moves virtual time forward, running every event that falls due. */
  advanceMs(deltaMs: number): void;
  /** Moves virtual time forward to an absolute virtual time if it is ahead (serve mode's wall-clock follower). */
  advanceToMs(targetMs: number): void;
  /**
   * Like advanceToMs, but runs at most `maxEvents` events; true once the target is reached. Serve
   * mode moves time in such slices and yields between them, so health checks and signals are
   * answered while a long jump is worked through (issue #11 §2).
   */
  advanceToMsBounded(targetMs: number, maxEvents: number): boolean;
  /**
   * Asynchronous work that events started and that must finish before virtual time moves on or a
   * request is answered (a scenario's timeline step calling the operator's SDK client). Absent or
   * resolved when there is none.
   */
  settle?(): Promise<void>;
  /** JSON-ready snapshot of the world: subnets with AZs, clusters, HSMs, backups, key stores, keys. */
  worldSnapshot(): unknown;
  /** Out-of-band control action (`{"action": "activate-cluster", ...}`); a bad field gives ok:false naming it. */
  runAction(request: unknown): ControlResult;
  /** The trace as JSON lines (the events still in memory). */
  traceJsonLines(): string;
  /** Up to `limit` trace events with a sequence number above `after` (-1: from the oldest kept). */
  tracePage(after: number, limit: number): TraceLinesPage;
  /** The scenario's verdict so far; absent when no scenario is being served. */
  report?(): SimReport;
}
