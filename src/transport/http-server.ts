/**
 * Serve mode: one node:http server for both services, so other processes and other languages
 * (AWS CLI, boto3, a JVM) can point `--endpoint-url` at the simulator.
 *
 * - `POST /` carries the AWS JSON 1.1 protocol; KMS vs CloudHSM v2 is decided by `X-Amz-Target`
 *   (docs/behaviour.md §1.1), so a single port serves both. The WireResponse is written back untouched.
 * - `/_sim/...` is the control API (control-routes.ts).
 * - Virtual time follows wall time × timeScale, synced before every request (wall-clock-follower.ts).
 * - No `Date` header, ever: the SDK corrects its signing clock from it (ARCHITECTURE "Time and
 *   randomness"), and Node adds one unless told not to.
 * - The server never dies from a request: handler throws become a non-retryable 400
 *   `KmsimSimulatorBugException` on the AWS path (ARCHITECTURE convention 5: never a retryable
 *   5xx) or a 500 JSON on control paths; aborted and malformed requests are logged and dropped.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { WireRequest } from '../protocol/wire.js';
import { type BodyResult, DEFAULT_MAX_BODY_BYTES, readBody } from './http-body.js';
import { handleControl, isControlPath, jsonReply, type PlainResponse } from './control-routes.js';
import { answerOrBug, simulatorBugResponse } from './simulator-bug-response.js';
import { rejectionBytes, rejectionFor } from './client-error-response.js';
import type { SimEndpoint } from './sim-endpoint.js';
import {
  assertTimeScale,
  monotonicWallClock,
  WallClockFollower,
  type WallClock,
} from './wall-clock-follower.js';

export const DEFAULT_PORT = 4599;
export const DEFAULT_HOST = '127.0.0.1';

export interface HttpServerOptions {
  /** TCP port; 0 picks a free one (read it back from `RunningServer.port`). Default 4599. */
  readonly port?: number;
  /** Interface to bind. Loopback by default: the simulator has no authentication. */
  readonly host?: string;
  /** Virtual ms per wall ms; 0 freezes time except for `/_sim/advance`. Default 1. */
  readonly timeScale?: number;
  /** Receives one line per problem (client errors, handler failures). Default: silent. */
  readonly log?: (line: string) => void;
  /** Request bodies above this many bytes get 413. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Monotonic wall clock in ms; for tests. Default `performance.now`. */
  readonly wallClock?: WallClock;
  /**
   * Ms a client may take to send a request's headers (answered 408 after it). Default: Node's, 60 s.
   * Node checks every `connectionsCheckingInterval` (default 30 s), or a tenth of this when it is
   * set, so a test can shorten both.
   */
  readonly headersTimeoutMs?: number;
  /**
   * Also move virtual time every this many wall ms, not only when a request comes in, so a
   * scenario's timeline plays on time with no client calling (serve --scenario, exec). Default: off.
   */
  readonly tickMs?: number;
  /** Hold virtual time still until `clock.resume()` (exec: until the command's clock starts). */
  readonly startPaused?: boolean;
}

export interface RunningServer {
  /** `http://host:port`, with IPv6 hosts bracketed. */
  readonly url: string;
  readonly port: number;
  /** Virtual time as the server moves it: wall-clock catch-up and jumps, in order. */
  readonly clock: WallClockFollower;
  /**
   * Stops listening, drops open connections and stops moving virtual time; resolves when the
   * server is closed. Idempotent.
   */
  close(): Promise<void>;
}

function assertPort(port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${String(port)}`);
  }
}

/**
 * Node gives lower-cased names already (IncomingMessage.headers), so they are copied as they are,
 * without an entry array per header (issue #12); repeated headers arrive as arrays and are
 * comma-joined.
 */
function wireHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const headers = req.headers;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function toWireRequest(req: IncomingMessage, bodyText: string): WireRequest {
  const headers = wireHeaders(req);
  return {
    target: headers['x-amz-target'] ?? '',
    body: bodyText,
    headers,
    host: headers['host'] ?? '',
  };
}

function send(res: ServerResponse, reply: PlainResponse, closeConnection = false): void {
  const bytes = Buffer.from(reply.body, 'utf8');
  const headers: Record<string, string> = {
    ...reply.headers,
    'content-length': String(bytes.byteLength),
  };
  if (closeConnection) headers['connection'] = 'close';
  try {
    res.writeHead(reply.status, headers);
  } catch (error) {
    // A header the simulator produced is not valid HTTP: report it as a simulator bug instead.
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    const bug = simulatorBugResponse(error);
    const bugBytes = Buffer.from(bug.body, 'utf8');
    res.writeHead(bug.status, { ...bug.headers, 'content-length': String(bugBytes.byteLength) });
    res.end(bugBytes);
    return;
  }
  res.end(bytes);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

class SimHttpServer {
  readonly follower: WallClockFollower;
  private readonly log: (line: string) => void;
  private readonly maxBodyBytes: number;

  constructor(
    private readonly sim: SimEndpoint,
    timeScale: number,
    wallClock: WallClock,
    log: ((line: string) => void) | undefined,
    maxBodyBytes: number,
    startPaused: boolean,
  ) {
    this.follower = new WallClockFollower(sim, timeScale, wallClock, startPaused);
    this.log = log ?? (() => undefined);
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The 'request' listener. Never throws and never leaves a rejected promise behind. */
  readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    res.sendDate = false;
    res.on('error', (error) => this.log(`kmsim: response error: ${describe(error)}`));
    const route = routeOf(req);
    this.serve(req, res, route).catch((error: unknown) => {
      this.log(`kmsim: ${route.method} ${route.path} failed in the transport: ${describe(error)}`);
      if (res.headersSent || res.destroyed) {
        if (!res.writableEnded) res.destroy();
        return;
      }
      try {
        // Same rule as for handler throws: never a retryable 5xx on the AWS path.
        send(
          res,
          route.kind === 'aws'
            ? simulatorBugResponse(error)
            : jsonReply(500, { ok: false, message: `kmsim transport failure: ${describe(error)}` }),
        );
      } catch {
        res.destroy();
      }
    });
  };

  private async serve(req: IncomingMessage, res: ServerResponse, route: Route): Promise<void> {
    const { method, path } = route;
    let body: BodyResult;
    try {
      body = await readBody(req, this.maxBodyBytes);
    } catch (error) {
      // The client went away mid-body: nobody to answer.
      this.log(`kmsim: ${method} ${path}: request body failed: ${describe(error)}`);
      if (!res.destroyed) res.destroy();
      return;
    }
    if (body.kind === 'too-large') {
      const message = `request body exceeds ${body.limitBytes} bytes`;
      const reply =
        route.kind === 'aws'
          ? jsonReply(413, { __type: 'RequestEntityTooLargeException', message })
          : jsonReply(413, { ok: false, message });
      send(res, reply, true);
      return;
    }
    if (route.kind === 'control')
      send(res, await this.control(method, path, body.text, route.query));
    else if (route.kind === 'aws') {
      // A connection fault injected between client and endpoint: drop the connection, so the
      // client sees a real reset (ECONNRESET), which SDKs retry (docs/behaviour.md §1.6). Timeouts are modelled
      // on the in-process transport only (serve mode never waits in wall time).
      // The fault rules are timed: bring virtual time up to date first.
      const synced = this.follower.syncNow();
      if (synced !== true) await synced;
      // One wire request for the fault check and the simulator (issue #12).
      const wire = toWireRequest(req, body.text);
      const fault = this.sim.connectionFault?.(wire);
      if (fault) {
        req.socket.destroy();
        return;
      }
      const answer = this.aws(req, wire);
      send(res, answer instanceof Promise ? await answer : answer);
    } else
      send(
        res,
        jsonReply(404, {
          ok: false,
          message: `no route for ${method} ${path}: AWS requests are POST /, control is under /_sim/`,
        }),
      );
  }

  private async control(
    method: string,
    path: string,
    bodyText: string,
    query: URLSearchParams,
  ): Promise<PlainResponse> {
    try {
      return await handleControl(method, path, bodyText, this.sim, this.follower, query);
    } catch (error) {
      this.log(`kmsim: control ${method} ${path} failed: ${describe(error)}`);
      return jsonReply(500, { ok: false, message: `simulator failure: ${describe(error)}` });
    }
  }

  /**
   * Never a 5xx for a simulator failure: the SDK would retry it as a network fault
   * (docs/behaviour.md §1.6). Virtual time is brought up to date first. Answered at once, with no
   * promise, when that needs no waiting and the simulator can answer without one (answerOrBug;
   * issue #12: each await costs a request a turn).
   */
  private aws(req: IncomingMessage, wire: WireRequest): PlainResponse | Promise<PlainResponse> {
    const logBug = (error: unknown): void =>
      this.log(
        `kmsim: simulator bug on ${req.headers['x-amz-target'] ?? '(no target)'}: ${describe(error)}`,
      );
    const bug = (error: unknown): PlainResponse => {
      logBug(error);
      return simulatorBugResponse(error);
    };
    try {
      const synced = this.follower.syncNow();
      return synced === true
        ? answerOrBug(this.sim, wire, logBug)
        : synced.then(() => answerOrBug(this.sim, wire, logBug), bug);
    } catch (error) {
      return bug(error);
    }
  }

  /**
   * Requests Node's parser rejects (client-error-response.ts): 431 for oversized headers, 408 when
   * they stop arriving, 400 for broken framing, each with a JSON error body; resets are dropped.
   */
  readonly onClientError = (error: Error & { code?: string }, socket: Socket): void => {
    this.log(`kmsim: client error ${error.code ?? ''} ${error.message}`.replace(/\s+/g, ' '));
    const rejection = rejectionFor(error);
    if (rejection === undefined || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(rejectionBytes(rejection));
  };
}

type Route =
  | { readonly kind: 'aws' | 'none'; readonly method: string; readonly path: string }
  | {
      readonly kind: 'control';
      readonly method: string;
      readonly path: string;
      readonly query: URLSearchParams;
    };

/** AWS JSON 1.1 is always POST / (docs/behaviour.md §1.1); control lives under /_sim/. */
function routeOf(req: IncomingMessage): Route {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const mark = url.indexOf('?');
  const path = mark < 0 ? url : url.slice(0, mark);
  // Only control routes read a query: an AWS request parses none (issue #12).
  if (isControlPath(path))
    return {
      kind: 'control',
      method,
      path,
      query: new URLSearchParams(mark < 0 ? '' : url.slice(mark + 1)),
    };
  if (path === '/' && method === 'POST') return { kind: 'aws', method, path };
  return { kind: 'none', method, path };
}

function formatUrl(host: string, port: number): string {
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

/** Starts the serve-mode server; resolves once it is listening, rejects on bad options or a busy port. */
export async function startHttpServer(
  sim: SimEndpoint,
  options: HttpServerOptions = {},
): Promise<RunningServer> {
  const port = options.port ?? DEFAULT_PORT;
  const host = options.host ?? DEFAULT_HOST;
  const timeScale = options.timeScale ?? 1;
  assertPort(port);
  assertTimeScale(timeScale);
  const handler = new SimHttpServer(
    sim,
    timeScale,
    options.wallClock ?? monotonicWallClock,
    options.log,
    options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    options.startPaused ?? false,
  );
  const timeouts =
    options.headersTimeoutMs === undefined
      ? {}
      : {
          headersTimeout: options.headersTimeoutMs,
          requestTimeout: Math.max(options.headersTimeoutMs, 300_000),
          connectionsCheckingInterval: Math.max(1, Math.floor(options.headersTimeoutMs / 10)),
        };
  const server: Server = createServer(timeouts, handler.onRequest);
  server.on('clientError', handler.onClientError);
  const startTicking = (): void => {
    if (options.tickMs === undefined || timeScale === 0) return;
    const ticker = setInterval(() => {
      handler.follower
        .sync()
        .catch((error: unknown) =>
          options.log?.(`kmsim: moving virtual time failed: ${describe(error)}`),
        );
    }, options.tickMs);
    server.once('close', () => clearInterval(ticker));
  };
  return await new Promise<RunningServer>((resolve, reject) => {
    const onStartError = (error: Error): void => reject(error);
    server.once('error', onStartError);
    server.listen(port, host, () => {
      server.off('error', onStartError);
      server.on('error', (error) => options.log?.(`kmsim: server error: ${describe(error)}`));
      startTicking();
      const actualPort = (server.address() as AddressInfo).port;
      resolve(runningServer(server, formatUrl(host, actualPort), actualPort, handler.follower));
    });
  });
}

function runningServer(
  server: Server,
  url: string,
  port: number,
  clock: WallClockFollower,
): RunningServer {
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    clock,
    close(): Promise<void> {
      // Virtual time stops with the server: a jump in progress ends at its next slice.
      clock.halt();
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold close() open; the simulator has nothing to flush.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
