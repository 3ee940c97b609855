/**
 * STUB (being replaced by the real composition): the Simulator facade that composes the kernel,
 * the world and both services and implements SimEndpoint for the transports.
 */
import { SimKernel } from './sim/kernel.js';
import type { WireRequest, WireResponse } from './protocol/wire.js';
import { errorResponse } from './protocol/json-response.js';
import { KmsError } from './kms/errors.js';
import type { ControlResult, SimEndpoint } from './transport/sim-endpoint.js';

export interface SimulatorOptions {
  readonly seed?: number | string;
  readonly region?: string;
  readonly accountId?: string;
}

export class Simulator implements SimEndpoint {
  readonly kernel: SimKernel;
  readonly region: string;
  readonly accountId: string;

  constructor(options: SimulatorOptions = {}) {
    this.kernel = new SimKernel({ seed: options.seed ?? 1 });
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '111122223333';
  }

  get nowMs(): number {
    return this.kernel.nowMs;
  }

  async handleWire(request: WireRequest): Promise<WireResponse> {
    return errorResponse(this.kernel.ids.requestId(), new KmsError('UnknownOperationException', `stub: ${request.target}`));
  }

  advanceMs(deltaMs: number): void {
    this.kernel.advanceBy(deltaMs);
  }

  advanceToMs(targetMs: number): void {
    if (targetMs > this.kernel.nowMs) this.kernel.runUntil(targetMs);
  }

  worldSnapshot(): unknown {
    return {};
  }

  runAction(_request: unknown): ControlResult {
    return { ok: false, message: 'stub' };
  }

  traceJsonLines(): string {
    return this.kernel.trace.toJsonLines();
  }
}
