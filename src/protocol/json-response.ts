/**
 * Renders AWS JSON 1.1 responses (docs/behaviour.md §1.2, §1.3): 200 with the output members, or the error
 * status with `{"__type": ..., "message"|"Message": ...}`. Members without a value are omitted,
 * never sent as null. No `Date` header is ever sent: the SDK would correct its signing clock from a
 * virtual date (ARCHITECTURE "Time and randomness").
 */
import type { AwsServiceError } from './aws-error.js';
import { JSON_11_CONTENT_TYPE, type WireResponse } from './wire.js';

/** Printable ASCII without `"` and `\\`: text JSON writes between quotes as it is. */
const PLAIN_JSON_TEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** A JSON string; most keys and values need no escaping, and quoting them directly skips a `JSON.stringify` call. */
function quote(text: string): string {
  return PLAIN_JSON_TEXT.test(text) ? `"${text}"` : JSON.stringify(text);
}

/**
 * `text(input)` remembered for the inputs seen, so a response does not test and quote the same few
 * member names and values (key ARNs, algorithm names, states) on every request (issue #12).
 * Bounded in count and in input length, as inputs can be user data (tag keys, descriptions); past
 * the bounds an input is worked out each time.
 */
function boundedMemo(
  text: (input: string) => string,
  maxEntries: number,
  maxInputLength: number,
): (input: string) => string {
  const seen = new Map<string, string>();
  return (input) => {
    let out = seen.get(input);
    if (out === undefined) {
      out = text(input);
      if (input.length <= maxInputLength && seen.size < maxEntries) seen.set(input, out);
    }
    return out;
  };
}

/** `"key":` of a member name. */
const memberPrefix = boundedMemo((key) => `${quote(key)}:`, 4096, Number.POSITIVE_INFINITY);

/** A string value, quoted. */
const quoteValue = boundedMemo(quote, 4096, 256);

/**
 * Writes `value` as JSON in one pass: `undefined` and `null` members are omitted, and blobs are
 * standard padded base64 (docs/behaviour.md §1.2). The same bytes as copying the output without its empty
 * members and stringifying the copy, without building the copy (issue #12).
 */
function renderJson(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quoteValue(value);
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      return undefined; // undefined, functions and symbols have no JSON form
  }
  if (value instanceof Uint8Array)
    return `"${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}"`;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += renderJson(value[i]) ?? 'null';
    }
    return `${out}]`;
  }
  let out = '{';
  let first = true;
  for (const key of Object.keys(value)) {
    const inner = (value as Record<string, unknown>)[key];
    if (inner === undefined || inner === null) continue;
    const rendered = renderJson(inner);
    if (rendered === undefined) continue;
    out += first ? memberPrefix(key) : `,${memberPrefix(key)}`;
    out += rendered;
    first = false;
  }
  return `${out}}`;
}

function headers(requestId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'content-type': JSON_11_CONTENT_TYPE, 'x-amzn-requestid': requestId, ...extra };
}

export function successResponse(requestId: string, output: Record<string, unknown>): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': JSON_11_CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: renderJson(output) as string,
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
