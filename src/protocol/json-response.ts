/**
 * Renders AWS JSON 1.1 responses (docs/behaviour.md §1.2, §1.3): 200 with the output members, or the error
 * status with `{"__type": ..., "message"|"Message": ...}`. Members without a value are omitted,
 * never sent as null. No `Date` header is ever sent: the SDK would correct its signing clock from a
 * virtual date (ARCHITECTURE "Time and randomness").
 */
import type { AwsServiceError } from './aws-error.js';
import { JSON_11_CONTENT_TYPE, type WireResponse } from './wire.js';

/**
 * Drops `undefined` members recursively so they are omitted from the JSON, and writes blobs as
 * standard padded base64 (docs/behaviour.md §1.2).
 */
function withoutUndefined(value: unknown): unknown {
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (inner !== undefined && inner !== null) out[key] = withoutUndefined(inner);
    }
    return out;
  }
  return value;
}

function headers(requestId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'content-type': JSON_11_CONTENT_TYPE, 'x-amzn-requestid': requestId, ...extra };
}

export function successResponse(requestId: string, output: Record<string, unknown>): WireResponse {
  return {
    status: 200,
    headers: headers(requestId),
    body: JSON.stringify(withoutUndefined(output)),
  };
}

export function errorResponse(requestId: string, error: AwsServiceError): WireResponse {
  // X-Amzn-ErrorType: JS v3 reads it first; it must equal __type when sent (docs/behaviour.md §1.3).
  return {
    status: error.status,
    headers: headers(requestId, { 'x-amzn-errortype': error.wireName }),
    body: JSON.stringify(error.toWireBody()),
  };
}
