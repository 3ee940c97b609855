/**
 * The reply every transport gives when the simulator itself fails (handleWire throws, or produces
 * something that cannot go on the wire). A 400 with a distinctive `__type`, never a 5xx: the SDKs
 * retry 5xx as transient (docs/behaviour.md §1.6), which would hide the bug behind retries
 * (ARCHITECTURE convention 5).
 */
import { JSON_11_CONTENT_TYPE, type WireRequest, type WireResponse } from '../protocol/wire.js';
import type { SimEndpoint } from './sim-endpoint.js';

export const SIMULATOR_BUG_ERROR = 'KmsimSimulatorBugException';

export function simulatorBugResponse(error: unknown): WireResponse {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    status: 400,
    // X-Amzn-ErrorType equals __type (docs/behaviour.md §1.3), so the JS SDK names the error the same either way.
    headers: { 'content-type': JSON_11_CONTENT_TYPE, 'x-amzn-errortype': SIMULATOR_BUG_ERROR },
    body: JSON.stringify({ __type: SIMULATOR_BUG_ERROR, message }),
  };
}

/**
 * A final HTTP status every transport can send (fetch `Response` accepts only 200-599, and no
 * AWS JSON 1.1 reply is informational).
 */
export function isSendableStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 200 && status <= 599;
}

/** Passes a well-formed response through; anything a transport could not send becomes a bug reply. */
export function sendableOrBug(response: WireResponse): WireResponse {
  if (!isSendableStatus(response.status)) {
    return simulatorBugResponse(
      new Error(`simulator answered with HTTP status ${String(response.status)}`),
    );
  }
  if (typeof response.body !== 'string') {
    return simulatorBugResponse(
      new Error(`simulator answered with a ${typeof response.body} body instead of a string`),
    );
  }
  return response;
}

/**
 * The endpoint's answer to `request`, ready to send: at once when it can answer without a promise
 * (SimEndpoint.handleWireNow, outside a driver run; issue #12), else handleWire's, awaited. A
 * simulator failure, thrown or unsendable, becomes the bug reply, after `onBug` has seen the error.
 * Every transport answers through this.
 */
export function answerOrBug(
  endpoint: SimEndpoint,
  request: WireRequest,
  onBug?: (error: unknown) => void,
): WireResponse | Promise<WireResponse> {
  const bug = (error: unknown): WireResponse => {
    onBug?.(error);
    return simulatorBugResponse(error);
  };
  try {
    const answered = endpoint.handleWireNow?.(request);
    if (answered !== undefined) return sendableOrBug(answered);
    return endpoint.handleWire(request).then(sendableOrBug, bug);
  } catch (error) {
    return bug(error);
  }
}
