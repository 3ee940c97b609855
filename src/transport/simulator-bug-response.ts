/**
 * The reply every transport gives when the simulator itself fails (handleWire throws, or produces
 * something that cannot go on the wire). A 400 with a distinctive `__type`, never a 5xx: the SDKs
 * retry 5xx as transient (docs/behaviour.md §1.6), which would hide the bug behind retries
 * (ARCHITECTURE convention 5).
 */
import { JSON_11_CONTENT_TYPE, type WireResponse } from '../protocol/wire.js';

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
