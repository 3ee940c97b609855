/**
 * The simulator as external clients reach it in serve mode (issue #9 §1): a SimEndpoint around the
 * Simulator that
 *
 * - names the client of every request by the access key id in its SigV4 Authorization header
 *   (a declared client's name, else the access key id itself; `unsigned` without one), and stamps
 *   that name where in-process clients put theirs (`x-kmsim-client`), so `api.call` and
 *   `fault.connection` trace events and the client metrics count it; a header of that name sent by
 *   the client itself is dropped;
 * - hands each exchange to the ExternalCallLog, which groups attempts into calls;
 * - adds the scenario's name map to `GET /_sim/world`, and answers `GET /_sim/report`.
 */
import { clientHeaders } from '../../protocol/client-headers.js';
import type { WireRequest, WireResponse } from '../../protocol/wire.js';
import { resolveKey } from '../../kms/key-resolution.js';
import type { Simulator } from '../../simulator.js';
import type {
  ControlResult,
  SimEndpoint,
  SimReport,
  TraceLinesPage,
} from '../../transport/sim-endpoint.js';
import type { ConnectionFault } from '../../world/client-network.js';
import type { ExternalCallLog } from '../check/external-calls.js';
import type { ClientSpec } from '../scenario.js';
import { CLIENT_NAME_HEADER } from './clients.js';
import type { ScenarioNames } from './scenario-names.js';

/** The client name of a request that carries no SigV4 credential. */
export const UNSIGNED_CLIENT = 'unsigned';

export interface ExternalClientsOptions {
  readonly sim: Simulator;
  readonly names: ScenarioNames;
  readonly clients: readonly ClientSpec[];
  readonly log: ExternalCallLog;
  /** The scenario's logical names → ids, for /_sim/world. */
  readonly nameMap: () => unknown;
  readonly report: () => SimReport;
  /** Work started by scenario events that must finish before time moves on (timeline steps). */
  readonly settle: () => Promise<void>;
}

function operationOf(target: string): string {
  const dot = target.indexOf('.');
  return dot < 0 ? target : target.slice(dot + 1);
}

function errorTypeOf(response: WireResponse): string | undefined {
  if (response.status === 200) return undefined;
  const header = response.headers['x-amzn-errortype'];
  if (header) return header.split(':')[0];
  try {
    const type = (JSON.parse(response.body) as { __type?: unknown }).__type;
    return typeof type === 'string' ? type.split('#').pop() : undefined;
  } catch {
    return undefined;
  }
}

export class ExternalClientsEndpoint implements SimEndpoint {
  private readonly byAccessKey: ReadonlyMap<string, string>;

  constructor(private readonly options: ExternalClientsOptions) {
    this.byAccessKey = new Map(
      options.clients.flatMap((client) =>
        client.accessKeyId === undefined ? [] : [[client.accessKeyId, client.name] as const],
      ),
    );
  }

  get region(): string {
    return this.options.sim.region;
  }

  get accountId(): string {
    return this.options.sim.accountId;
  }

  get nowMs(): number {
    return this.options.sim.nowMs;
  }

  /** The request as the simulator sees it: the client named by its access key. */
  private identify(request: WireRequest): { stamped: WireRequest; client: string } {
    const headers = clientHeaders(request.headers);
    const key = headers.accessKeyId;
    const client = key === undefined ? UNSIGNED_CLIENT : (this.byAccessKey.get(key) ?? key);
    return {
      stamped: { ...request, headers: { ...request.headers, [CLIENT_NAME_HEADER]: client } },
      client,
    };
  }

  /** Logical name of the key a request or its answer names. */
  private keyNameOf(requestBody: string, responseBody: string | undefined): string | undefined {
    const candidates: unknown[] = [];
    try {
      const request = JSON.parse(requestBody) as Record<string, unknown>;
      candidates.push(request['KeyId'], request['DestinationKeyId']);
    } catch {
      // not JSON: no key named
    }
    if (responseBody !== undefined)
      try {
        candidates.push((JSON.parse(responseBody) as Record<string, unknown>)['KeyId']);
      } catch {
        // not JSON
      }
    const sim = this.options.sim;
    for (const candidate of candidates) {
      if (typeof candidate !== 'string' || candidate === '') continue;
      try {
        const name = this.options.names.nameOfKey(resolveKey(sim.world, candidate).keyId);
        if (name !== undefined) return name;
      } catch {
        // not a key of this world
      }
    }
    return undefined;
  }

  private virtualEpochMs(): number {
    return this.options.sim.kernel.clock.epochNowMs;
  }

  async handleWire(request: WireRequest): Promise<WireResponse> {
    const { stamped, client } = this.identify(request);
    const response = await this.options.sim.handleWire(stamped);
    this.options.log.add({
      client,
      atMs: this.options.sim.nowMs,
      operation: operationOf(request.target),
      headers: clientHeaders(request.headers),
      virtualEpochMs: this.virtualEpochMs(),
      requestBody: request.body,
      outcome: {
        kind: 'response',
        status: response.status,
        errorType: errorTypeOf(response),
        body: response.body,
      },
      keyName: this.keyNameOf(request.body, response.status === 200 ? response.body : undefined),
    });
    return response;
  }

  connectionFault(request: WireRequest): ConnectionFault | undefined {
    const { stamped, client } = this.identify(request);
    const fault = this.options.sim.connectionFault(stamped);
    if (fault)
      this.options.log.add({
        client,
        atMs: this.options.sim.nowMs,
        operation: operationOf(request.target),
        headers: clientHeaders(request.headers),
        virtualEpochMs: this.virtualEpochMs(),
        requestBody: request.body,
        outcome: {
          kind: 'connection',
          error: fault.kind === 'timeout' ? 'TimeoutError' : 'ECONNRESET',
        },
        keyName: this.keyNameOf(request.body, undefined),
      });
    return fault;
  }

  advanceMs(deltaMs: number): void {
    this.options.sim.advanceMs(deltaMs);
  }

  advanceToMs(targetMs: number): void {
    this.options.sim.advanceToMs(targetMs);
  }

  advanceToMsBounded(targetMs: number, maxEvents: number): boolean {
    return this.options.sim.advanceToMsBounded(targetMs, maxEvents);
  }

  settle(): Promise<void> {
    return this.options.settle();
  }

  worldSnapshot(): unknown {
    return { ...this.options.sim.worldSnapshot(), names: this.options.nameMap() };
  }

  runAction(request: unknown): ControlResult {
    return this.options.sim.runAction(request);
  }

  traceJsonLines(): string {
    return this.options.sim.traceJsonLines();
  }

  tracePage(after: number, limit: number): TraceLinesPage {
    return this.options.sim.tracePage(after, limit);
  }

  report(): SimReport {
    return this.options.report();
  }
}
