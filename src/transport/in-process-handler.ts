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
 * No wall time here: under the run driver, everything the SDK does around this handler (backoff
 * sleeps, Date) is virtualised, and the handler's own timers (the client's timeouts, as the pinned
 * @smithy/node-http-handler 4.14.2 keeps them) are set only while a driven run makes them virtual.
 */
import { Readable } from 'node:stream';
import type { WireRequest, WireResponse } from '../protocol/wire.js';
import { answerOrBug } from './simulator-bug-response.js';
import type { ClientTimeoutEvent, SimEndpoint } from './sim-endpoint.js';
import { VirtualTimeDriver } from '../sim/driver.js';
import type { ConnectionFault } from '../world/client-network.js';
import {
  connectionResetError,
  connectionTimedOutError,
  connectionTimeoutError,
  requestTimeoutError,
  requestTimeoutWarning,
  socketTimeoutError,
} from './connection-errors.js';

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

/** The part of an SDK `Logger` the node handler uses for its requestTimeout warning. */
export interface HandlerLoggerLike {
  warn?: (message: string) => void;
}

/**
 * The handler's config, as a user passes it to the SDK (`requestHandler: { requestTimeout, ... }`)
 * or the Smithy extension mechanism updates it. The timeouts mean exactly what they mean for the
 * pinned client's node handler (@smithy/node-http-handler 4.14.2), in virtual time (issue #13 §1):
 * - `requestTimeout` (ms from the start of the attempt): with `throwOnRequestTimeout` the attempt
 *   fails with TimeoutError/ETIMEDOUT; without it the handler only warns (to `logger`) and the
 *   request goes on;
 * - `socketTimeout` (ms of inactivity on the connected socket): TimeoutError. The node handler arms
 *   one of 6 s or more only 3 s after the request starts, so it fires at 3 s + socketTimeout;
 * - `connectionTimeout`: TimeoutError when no connection is made in time; in-process a connection
 *   is made at once unless a connection-timeout fault holds it.
 * `clientName` stamps the scenario client's name on each attempt, and `onAttempt` is told of every
 * attempt (app-level workloads count their attempts with it).
 */
export interface InProcessHandlerConfig {
  readonly requestTimeout?: number | undefined;
  readonly throwOnRequestTimeout?: boolean | undefined;
  readonly socketTimeout?: number | undefined;
  readonly connectionTimeout?: number | undefined;
  readonly logger?: HandlerLoggerLike | undefined;
  readonly clientName?: string | undefined;
  readonly onAttempt?: (() => void) | undefined;
  readonly [key: string]: unknown;
}

/** The node handler arms a socketTimeout of this much or more only after DEFERRED_SOCKET_TIMER_MS. */
const DEFER_SOCKET_TIMEOUT_FROM_MS = 6_000;
const DEFERRED_SOCKET_TIMER_MS = 3_000;

/** When a connected request with no answer fails for `socketTimeout`, in ms from the start of the attempt. */
export function socketTimeoutFiresAtMs(socketTimeoutMs: number): number {
  return socketTimeoutMs < DEFER_SOCKET_TIMEOUT_FROM_MS
    ? socketTimeoutMs
    : DEFERRED_SOCKET_TIMER_MS + socketTimeoutMs;
}

function positiveMs(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
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

/** Whether every name is lower case already and every value a string (what the SDKs send). */
function alreadyWireHeaders(headers: Record<string, string>): boolean {
  for (const name in headers) {
    if (typeof headers[name] !== 'string') return false;
    for (let i = 0; i < name.length; i++) {
      const code = name.charCodeAt(i);
      if (code >= 65 && code <= 90) return false;
    }
  }
  return true;
}

function lowerCaseHeaders(headers: Record<string, string>): Record<string, string> {
  // The SDK's own headers object, when it is in wire form already: nothing here or in the
  // simulator writes to a request's headers, and the SDK builds a new request for every attempt
  // (issue #12: copying twelve headers was a good part of the handler's own cost).
  if (Object.getPrototypeOf(headers) === Object.prototype && alreadyWireHeaders(headers))
    return headers;
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    // The SDK's header names are lower case already; only others are converted (issue #12).
    if (value !== undefined && value !== null)
      out[UPPER_CASE.test(name) ? name.toLowerCase() : name] = String(value);
  }
  return out;
}

/** `Encrypt` for `TrentService.Encrypt`: the operation a request's X-Amz-Target names. */
function operationOf(request: SdkHttpRequestLike): string {
  // The first header named X-Amz-Target in any case, found without an entry array per header (issue #12).
  const headers = request.headers ?? {};
  let target: unknown;
  for (const name of Object.keys(headers)) {
    if (name === 'x-amz-target' || (name.length === 12 && name.toLowerCase() === 'x-amz-target')) {
      target = headers[name];
      break;
    }
  }
  const text = String(target ?? '');
  return text.slice(text.lastIndexOf('.') + 1);
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
async function failConnection(
  fault: ConnectionFault,
  connectionTimeoutMs: number | undefined,
): Promise<never> {
  if (fault.kind === 'timeout') {
    // The client's own connection timeout, when shorter, ends the wait first (as a real socket's would).
    if (connectionTimeoutMs !== undefined && connectionTimeoutMs < fault.afterMs) {
      if (VirtualTimeDriver.active)
        await new Promise((resolve) => setTimeout(resolve, connectionTimeoutMs));
      throw connectionTimeoutError(connectionTimeoutMs);
    }
    if (VirtualTimeDriver.active)
      await new Promise((resolve) => setTimeout(resolve, fault.afterMs));
    throw connectionTimedOutError(fault.afterMs);
  }
  // The pinned node handler (@smithy/node-http-handler 4.14.2) renames a socket error whose code is
  // ECONNRESET, EPIPE or ETIMEDOUT `TimeoutError`; this handler stands in for it (docs/fidelity.md).
  throw Object.assign(connectionResetError(), { name: 'TimeoutError' });
}

/** The SDK's view of an answer: its bytes as a Readable, like the node handler's IncomingMessage. */
function responseOf(answer: WireResponse): InProcessHttpResponse {
  const bytes = Buffer.from(answer.body, 'utf8');
  const headers = { ...answer.headers, 'content-length': String(bytes.byteLength) };
  // Both generations' collectors accept a Readable.
  return new InProcessHttpResponse(answer.status, headers, Readable.from([bytes]));
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

  /**
   * One attempt. Its timers (requestTimeout, socketTimeout) and the abort signal race the
   * simulator's answer; they run only under a VirtualTimeDriver run, where the global timers are
   * kernel events. Outside one nothing in the simulator takes time, so the answer always comes first.
   */
  handle(
    request: SdkHttpRequestLike,
    options: SdkHandlerOptionsLike = {},
  ): Promise<{ response: InProcessHttpResponse }> {
    const signal = asSignal(options.abortSignal);
    if (signal?.aborted) return Promise.reject(buildAbortError(signal));
    this.config.onAttempt?.();
    const config = this.config;
    const clientName = config.clientName;
    const stamped =
      clientName === undefined
        ? request
        : { ...request, headers: { ...request.headers, 'x-kmsim-client': clientName } };
    const timed = VirtualTimeDriver.active !== undefined;
    // Outside a driver run no timer is set and nothing waits: answer at once, without the promise
    // chain that races timers and signals (issue #12: its hops cost a request between SDK calls).
    if (!timed && signal === undefined) {
      const answered = this.exchangeNow(stamped);
      if (answered !== undefined) return answered;
    }
    const requestTimeoutMs = positiveMs(options.requestTimeout ?? config.requestTimeout);
    const socketTimeoutMs = positiveMs(config.socketTimeout);
    const operation = operationOf(request);
    return new Promise((resolve, reject) => {
      let settled = false;
      const timers: ReturnType<typeof setTimeout>[] = [];
      let detachAbort = (): void => {};
      const settle = (finish: () => void): void => {
        if (settled) return;
        settled = true;
        for (const timer of timers) clearTimeout(timer);
        detachAbort();
        finish();
      };
      const fail = (error: unknown): void => settle(() => reject(error));
      // The wire request, once built: a timeout traced with it names the attempt the service saw.
      let wire: WireRequest | undefined;
      const record = (
        setting: ClientTimeoutEvent['setting'],
        timeoutMs: number,
        thrown: boolean,
      ): void =>
        this.endpoint.recordClientTimeout?.(
          { setting, client: clientName ?? null, operation, timeoutMs, thrown },
          wire,
        );
      if (timed && requestTimeoutMs !== undefined) {
        timers.push(
          setTimeout(() => {
            if (settled) return;
            const thrown = config.throwOnRequestTimeout === true;
            record('requestTimeout', requestTimeoutMs, thrown);
            if (thrown) fail(requestTimeoutError(requestTimeoutMs));
            else this.warnRequestTimeout(requestTimeoutMs);
          }, requestTimeoutMs),
        );
      }
      // The socket's inactivity timer starts once it is connected (at once, unless a fault holds it).
      const onConnected = (built: WireRequest): void => {
        wire = built;
        if (!timed || socketTimeoutMs === undefined || settled) return;
        timers.push(
          setTimeout(() => {
            if (settled) return;
            record('socketTimeout', socketTimeoutMs, true);
            fail(socketTimeoutError(socketTimeoutMs));
          }, socketTimeoutFiresAtMs(socketTimeoutMs)),
        );
      };
      if (signal) detachAbort = attachAbort(signal, () => fail(buildAbortError(signal)));
      this.exchange(stamped, onConnected).then(
        (value) => settle(() => resolve(value)),
        (error: unknown) => fail(error),
      );
    });
  }

  /**
   * The node handler's warning, to the configured logger if there is one. It would otherwise go
   * to `console`; kmsim traces it instead (always, see `handle`), where the scenario report counts it.
   */
  private warnRequestTimeout(timeoutMs: number): void {
    const logger = this.config.logger;
    if (logger && typeof logger.warn === 'function') logger.warn(requestTimeoutWarning(timeoutMs));
  }

  /**
   * `exchange` when the request body is at hand (a string): the same steps in the same order, with
   * no promise of its own when the endpoint answers at once; undefined, having done nothing, when
   * the body is streamed.
   */
  private exchangeNow(
    request: SdkHttpRequestLike,
  ): Promise<{ response: InProcessHttpResponse }> | undefined {
    const now = bodyTextNow(request.body);
    if (now === undefined) return undefined;
    const wire = wireRequestOf(request, now);
    const fault = this.endpoint.connectionFault?.(wire);
    if (fault) return failConnection(fault, positiveMs(this.config.connectionTimeout));
    const answer = answerOrBug(this.endpoint, wire);
    return answer instanceof Promise
      ? answer.then((later) => ({ response: responseOf(later) }))
      : Promise.resolve({ response: responseOf(answer) });
  }

  private async exchange(
    request: SdkHttpRequestLike,
    onConnected: (wire: WireRequest) => void,
  ): Promise<{ response: InProcessHttpResponse }> {
    // The SDK's body is a string already: no await before the simulator sees the request.
    const now = bodyTextNow(request.body);
    const wire = now !== undefined ? wireRequestOf(request, now) : await toWireRequest(request);
    const fault = this.endpoint.connectionFault?.(wire);
    if (fault) await failConnection(fault, positiveMs(this.config.connectionTimeout));
    onConnected(wire);
    // Same as the other transports: a simulator failure is a non-retryable 400, not a rejection
    // the SDK might classify as a network fault (ARCHITECTURE convention 5).
    return { response: responseOf(await answerOrBug(this.endpoint, wire)) };
  }

  /**
   * The Smithy extension mechanism hands the client's logger over as `Symbol.for("logger")`; like
   * the node handler, a logger given to the handler itself wins.
   */
  updateHttpClientConfig(key: string | symbol, value: unknown): void {
    if (key === Symbol.for('logger')) {
      this.config = { ...this.config, logger: this.config.logger ?? (value as HandlerLoggerLike) };
      return;
    }
    this.config = { ...this.config, [key]: value };
  }

  httpHandlerConfigs(): InProcessHandlerConfig {
    return this.config;
  }

  destroy(): void {
    // No sockets or pools to release.
  }
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
