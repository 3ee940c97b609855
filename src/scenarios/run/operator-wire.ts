/**
 * The operator's requests sent straight to the simulator as wire requests, for the world a run
 * builds before time 0 (issue #12: the SDK round trip of the world build and the fixtures was a
 * tenth of a sweep seed). The operator's SDK clients make one attempt (maxAttempts 1) and send no
 * client-name header, and before time 0 nothing else is in flight, so the simulator sees the same
 * requests in the same order either way: the same `api.call` trace, request ids and latency draws.
 * A refusal is thrown as the SDK would throw it (name, message, HTTP status), so a world that
 * cannot be built reads the same. nothing-lost.ts sends its Decrypts the same way.
 */
import type { WireResponse } from '../../protocol/wire.js';
import type { Simulator } from '../../simulator.js';
import { simulatorBugResponse } from '../../transport/simulator-bug-response.js';

export type WireService = 'kms' | 'cloudhsmv2';

/** The X-Amz-Target prefix and host of each service (docs/behaviour.md §1.1). */
const SERVICES: Record<WireService, { readonly prefix: string; readonly host: string }> = {
  kms: { prefix: 'TrentService', host: 'kms' },
  cloudhsmv2: { prefix: 'BaldrApiService', host: 'cloudhsmv2' },
};

/** A refusal as the SDK names it: the error type, the body's message, the HTTP status. */
export class OperatorWireError extends Error {
  readonly $metadata: { readonly httpStatusCode: number; readonly attempts: number };

  constructor(name: string, message: string, status: number) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode: status, attempts: 1 };
  }
}

/** The JSON body the SDK would send: members in the order given, undefined ones left out, blobs as base64. */
function requestBody(input: Readonly<Record<string, unknown>>): string {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    body[name] = value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
  }
  return JSON.stringify(body);
}

/**
 * The SDK's name for a refusal: the error type (`x-amzn-errortype`, else `__type`) without any
 * `:` suffix or `#` namespace; its message: the body's `message`, else `Message`, else `UnknownError`.
 */
function refusal(status: number, headers: Readonly<Record<string, string>>, body: string): Error {
  let parsed: Record<string, unknown> = {};
  try {
    const value: unknown = JSON.parse(body);
    if (value && typeof value === 'object') parsed = value as Record<string, unknown>;
  } catch {
    // An unparseable error body is named by its header alone, as the SDK does.
  }
  const type = headers['x-amzn-errortype'] ?? String(parsed.__type ?? 'UnknownError');
  const name = type.split(':')[0]!.split('#').pop()!;
  const message = [parsed.message, parsed.Message].find(
    (candidate) => typeof candidate === 'string' && candidate !== '',
  ) as string | undefined;
  return new OperatorWireError(name, message ?? 'UnknownError', status);
}

/**
 * One operator request, answered by the simulator at once: the parsed output of a 200, else the
 * refusal thrown. Blobs in the output stay base64 text; the callers decode what they use.
 */
export async function sendOnTheWire(
  sim: Simulator,
  service: WireService,
  operation: string,
  input: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const { prefix, host } = SERVICES[service];
  const target = `${prefix}.${operation}`;
  let response: WireResponse;
  try {
    response = await sim.handleWire({
      target,
      body: requestBody(input),
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
      host: `${host}.${sim.region}.amazonaws.com`,
    });
  } catch (error) {
    // What the in-process handler answers the SDK when the simulator throws.
    response = simulatorBugResponse(error);
  }
  if (response.status !== 200) throw refusal(response.status, response.headers, response.body);
  return JSON.parse(response.body) as Record<string, unknown>;
}
