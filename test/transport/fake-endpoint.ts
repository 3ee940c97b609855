/**
 * A SimEndpoint double for transport tests: it records what reached it and answers with whatever
 * the test scripts, so the tests assert the wiring and not the simulator.
 */
import type {
  ControlResult,
  SimEndpoint,
  TraceLinesPage,
} from '../../src/transport/sim-endpoint.js';
import type { WireRequest, WireResponse } from '../../src/protocol/wire.js';

export type Responder = (request: WireRequest) => WireResponse | Promise<WireResponse>;

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): WireResponse {
  return {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': 'fake-request-id',
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

/** 200 `{"Echo": target}`: proves which operation arrived. */
export const echo: Responder = (request) => json(200, { Echo: request.target });

/** The error body shape of docs/behaviour.md §1.3 with the given status. */
export function awsError(
  status: number,
  type: string,
  message: string,
  messageKey = 'message',
): Responder {
  return () => json(status, { __type: type, [messageKey]: message });
}

export class FakeEndpoint implements SimEndpoint {
  readonly region: string;
  readonly accountId = '111122223333';
  nowMs = 0;
  readonly requests: WireRequest[] = [];
  readonly advanceToCalls: number[] = [];
  readonly actions: unknown[] = [];
  respond: Responder;
  worldSnapshotImpl: () => unknown = () => ({ clusters: [{ ClusterId: 'cluster-fake' }] });

  constructor(respond: Responder = echo, region = 'us-east-1') {
    this.respond = respond;
    this.region = region;
  }

  async handleWire(request: WireRequest): Promise<WireResponse> {
    this.requests.push(request);
    return this.respond(request);
  }

  advanceMs(deltaMs: number): void {
    this.nowMs += deltaMs;
  }

  advanceToMs(targetMs: number): void {
    this.advanceToCalls.push(targetMs);
    if (targetMs > this.nowMs) this.nowMs = targetMs;
  }

  advanceToMsBounded(targetMs: number, _maxEvents: number): boolean {
    this.advanceToMs(targetMs);
    return true;
  }

  worldSnapshot(): unknown {
    return this.worldSnapshotImpl();
  }

  /** `{"action":"ok"}` succeeds; anything else fails naming the `action` field. */
  runAction(request: unknown): ControlResult {
    this.actions.push(request);
    const action = (request as { action?: unknown } | null)?.action;
    if (action === 'ok') return { ok: true, did: 'ok' };
    return { ok: false, message: `field "action": unknown action ${JSON.stringify(action)}` };
  }

  traceJsonLines(): string {
    return '{"seq":0,"kind":"a"}\n{"seq":1,"kind":"b"}\n';
  }

  tracePage(after: number, limit: number): TraceLinesPage {
    const lines = ['{"seq":0,"kind":"a"}', '{"seq":1,"kind":"b"}'].slice(
      after + 1,
      after + 1 + limit,
    );
    return {
      lines,
      firstSeq: 0,
      recorded: 2,
      lastSeq: lines.length > 0 ? after + lines.length : after,
    };
  }
}
