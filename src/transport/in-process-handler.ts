/**
 * An SDK request handler that never opens a socket: the real `KMSClient` / `CloudHSMV2Client`
 * build, sign and retry their requests as usual, and this handler hands each one straight to
 * `SimEndpoint.handleWire` (ARCHITECTURE "Layers": all transports feed the same dispatch).
 *
 * It fits both client generations we ship against:
 * - `@aws-sdk/client-kms` 3.1164 (Smithy `HttpHandler` from `@smithy/core/protocols`: `handle`,
 *   `updateHttpClientConfig`, `httpHandlerConfigs`; abort signals may be real `AbortSignal`s);
 * - `@aws-sdk/client-cloudhsm-v2` 3.332 (pre-Smithy `@aws-sdk/protocol-http` `HttpHandler`: only
 *   `handle`; abort signals are the legacy `{ aborted, onabort }` shape).
 * Both generations recognise a response with `HttpResponse.isInstance`, which is duck-typed
 * (`statusCode` number + `headers` object), so we build our own structurally identical response
 * rather than import a class from a package that is not one of our declared dependencies.
 *
 * No wall time and no timers here: under the run driver, everything the SDK does around this
 * handler (backoff sleeps, Date) is virtualised, and the handler must not add real delays.
 */
import { Readable } from 'node:stream';
import type { WireRequest, WireResponse } from '../protocol/wire.js';
import { sendableOrBug, simulatorBugResponse } from './simulator-bug-response.js';
import type { SimEndpoint } from './sim-endpoint.js';
import { VirtualTimeDriver } from '../sim/driver.js';
import type { ConnectionFault } from '../world/client-network.js';

/** The members of an SDK `HttpRequest` we read; both generations' classes satisfy it. */
export interface SdkHttpRequestLike {
  readonly method: string;
  readonly hostname: string;
  readonly port?: number | undefined;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

/** Handler options as either generation passes them; the abort signal is narrowed at run time. */
export interface SdkHandlerOptionsLike {
  readonly abortSignal?: unknown;
  readonly requestTimeout?: number | undefined;
}

/**
 * Structurally the Smithy / legacy `HttpResponse` (statusCode, reason, headers, body); the SDKs'
 * `HttpResponse.isInstance` accepts it, and the deserialisers collect the Readable body.
 */
export class InProcessHttpResponse {
  readonly statusCode: number;
  readonly reason?: string;
  readonly headers: Record<string, string>;
  readonly body: Readable;

  constructor(statusCode: number, headers: Record<string, string>, body: Readable) {
    this.statusCode = statusCode;
    this.headers = headers;
    this.body = body;
  }
}

/** Config the Smithy extension mechanism may read or update; we keep it but nothing depends on it. */
export interface InProcessHandlerConfig {
  readonly requestTimeout?: number;
  readonly [key: string]: unknown;
}

interface SignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener?: (type: 'abort', listener: () => void, options?: { once?: boolean }) => void;
  removeEventListener?: (type: 'abort', listener: () => void) => void;
  onabort?: unknown;
}

function asSignal(value: unknown): SignalLike | undefined {
  if (
    value &&
    typeof value === 'object' &&
    typeof (value as { aborted?: unknown }).aborted === 'boolean'
  ) {
    return value as SignalLike;
  }
  return undefined;
}

/** Same shape as the SDK's own node handler rejects with, so client code sees the usual AbortError. */
function buildAbortError(signal: SignalLike | undefined): Error {
  const reason = signal?.reason;
  let error: Error;
  if (reason instanceof Error) {
    error = new Error('Request aborted', { cause: reason });
  } else if (reason !== undefined && reason !== null) {
    error = new Error(String(reason));
  } else {
    error = new Error('Request aborted');
  }
  error.name = 'AbortError';
  return error;
}

/** A body that is already in memory (string, bytes, a byte view, absent) as text; undefined for a stream. */
function bodyTextNow(body: unknown): string | undefined {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (ArrayBuffer.isView(body))
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
  return undefined;
}

/** Reads a request body that may be a string, bytes, a byte view, a Readable or absent. */
async function bodyText(body: unknown): Promise<string> {
  const now = bodyTextNow(body);
  if (now !== undefined) return now;
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<unknown>) {
      chunks.push(
        typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk as Uint8Array),
      );
    }
    return Buffer.concat(chunks).toString('utf8');
  }
  throw new TypeError(
    `kmsim in-process handler: unsupported request body type ${Object.prototype.toString.call(body)}`,
  );
}

const UPPER_CASE = /[A-Z]/;

function lowerCaseHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    // The SDK's header names are lower case already; only others are converted (issue #12).
    if (value !== undefined && value !== null)
      out[UPPER_CASE.test(name) ? name.toLowerCase() : name] = String(value);
  }
  return out;
}

function wireRequestOf(request: SdkHttpRequestLike, body: string): WireRequest {
  const headers = lowerCaseHeaders(request.headers ?? {});
  const host = request.port ? `${request.hostname}:${request.port}` : request.hostname;
  return { target: headers['x-amz-target'] ?? '', body, headers, host };
}

/** Converts an SDK request to the transport-neutral wire shape (docs/behaviour.md §1.1: route on X-Amz-Target). */
export async function toWireRequest(request: SdkHttpRequestLike): Promise<WireRequest> {
  return wireRequestOf(request, await bodyText(request.body));
}

/**
 * Rejects like Node's http client does on a broken connection, so the SDK classifies it as it would
 * a real one (docs/behaviour.md §1.6: ECONNRESET and timeouts are transient and retried). A timeout first waits
 * its delay on the global timers, which are virtual while a VirtualTimeDriver run is active.
 */
async function failConnection(fault: ConnectionFault): Promise<never> {
  if (fault.kind === 'timeout') {
    if (VirtualTimeDriver.active)
      await new Promise((resolve) => setTimeout(resolve, fault.afterMs));
    const error = Object.assign(new Error(`Connection timed out after ${fault.afterMs} ms`), {
      code: 'ETIMEDOUT',
    });
    error.name = 'TimeoutError';
    throw error;
  }
  throw Object.assign(new Error('read ECONNRESET'), {
    code: 'ECONNRESET',
    errno: -104,
    syscall: 'read',
  });
}

export class InProcessHttpHandler {
  /** Reported to the SDK like a real handler would; nothing branches on it for JSON 1.1. */
  readonly metadata = { handlerProtocol: 'http/1.1' };
  private config: InProcessHandlerConfig;

  constructor(
    private readonly endpoint: SimEndpoint,
    config: InProcessHandlerConfig = {},
  ) {
    this.config = { ...config };
  }

  async handle(
    request: SdkHttpRequestLike,
    options: SdkHandlerOptionsLike = {},
  ): Promise<{ response: InProcessHttpResponse }> {
    const signal = asSignal(options.abortSignal);
    if (signal?.aborted) throw buildAbortError(signal);
    const exchange = this.exchange(request);
    if (!signal) return exchange;
    return raceAbort(exchange, signal);
  }

  private async exchange(
    request: SdkHttpRequestLike,
  ): Promise<{ response: InProcessHttpResponse }> {
    // The SDK's body is a string already: no await before the simulator sees the request.
    const now = bodyTextNow(request.body);
    const wire = now !== undefined ? wireRequestOf(request, now) : await toWireRequest(request);
    const fault = this.endpoint.connectionFault?.(wire);
    if (fault) await failConnection(fault);
    let answer: WireResponse;
    try {
      answer = sendableOrBug(await this.endpoint.handleWire(wire));
    } catch (error) {
      // Same as the other transports: a simulator failure is a non-retryable 400, not a rejection
      // the SDK might classify as a network fault (ARCHITECTURE convention 5).
      answer = simulatorBugResponse(error);
    }
    const bytes = Buffer.from(answer.body, 'utf8');
    const headers = { ...answer.headers, 'content-length': String(bytes.byteLength) };
    // A Readable, like the node handler's IncomingMessage: both generations' collectors accept it.
    return { response: new InProcessHttpResponse(answer.status, headers, Readable.from([bytes])) };
  }

  updateHttpClientConfig(key: string, value: unknown): void {
    this.config = { ...this.config, [key]: value };
  }

  httpHandlerConfigs(): InProcessHandlerConfig {
    return this.config;
  }

  destroy(): void {
    // No sockets or pools to release.
  }
}

/**
 * Rejects with an AbortError as soon as the signal fires. The simulator may still finish the
 * request it was handed (it runs in this process and cannot be interrupted half-way), exactly as a
 * real server may still process a request whose client gave up.
 */
function raceAbort<T>(work: Promise<T>, signal: SignalLike): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const onAbort = (): void => {
      if (settled) return;
      settled = true;
      reject(buildAbortError(signal));
    };
    const detach = attachAbort(signal, onAbort);
    work.then(
      (value) => {
        detach();
        if (settled) return;
        settled = true;
        resolve(value);
      },
      (error: unknown) => {
        detach();
        if (settled) return;
        settled = true;
        reject(error);
      },
    );
  });
}

/** Listens on a modern AbortSignal or, for the legacy SDK shape, chains `onabort`. */
function attachAbort(signal: SignalLike, onAbort: () => void): () => void {
  if (typeof signal.addEventListener === 'function') {
    signal.addEventListener('abort', onAbort, { once: true });
    return () => signal.removeEventListener?.('abort', onAbort);
  }
  const mutable = signal as { onabort?: unknown };
  const previous = mutable.onabort;
  mutable.onabort = function (this: unknown, ...args: unknown[]): void {
    onAbort();
    if (typeof previous === 'function') previous.apply(this, args);
  };
  return () => {
    mutable.onabort = previous;
  };
}
