/**
 * Routes every request the process makes to `kms.<region>.amazonaws.com` or
 * `cloudhsmv2.<region>.amazonaws.com` (any region, http or https, docs/behaviour.md §1.1) into a simulator,
 * using msw's node interceptors. This is for code under test that builds its own clients with
 * default endpoint resolution: nothing in it has to change.
 *
 * Two rules from ARCHITECTURE (msw row) shape this file:
 * - the resolver never throws: msw would turn a throw into a 500, which the SDK retries as if the
 *   network had failed. A simulator failure becomes a non-retryable 400
 *   `KmsimSimulatorBugException` instead (ARCHITECTURE convention 5);
 * - `onUnhandledRequest: 'error'` by default, so nothing leaks to the real network; no `delay()`.
 *
 * The client's own timeouts and abort signal are left to the client's own request handler, which
 * under a VirtualTimeDriver run keeps them on the virtual global timers (issue #13 §1). Three things
 * msw would otherwise get wrong are set right here, on the Node `ClientRequest` behind the request:
 * - msw reports its mock socket connected only when it answers, so a client's `connectionTimeout`
 *   would fire while the simulator is still working (a slow HSM looked like an unreachable host).
 *   A request that reaches the simulator is connected before it is handed over;
 * - the socket's inactivity timeout (`socketTimeout`) runs on Node's internal timers, out of the
 *   driver's reach: while the simulator works on the request it runs on the virtual timers;
 * - an injected connection fault fails the request the way Node's http client would (reset:
 *   ECONNRESET; timeout: ETIMEDOUT after the fault's delay, unless the client's connection timeout
 *   ends the wait first), so the SDK classifies and retries it as it does on the in-process
 *   transport (docs/fidelity.md "Connection faults by transport").
 *
 * msw patches process-wide modules, so at most one interception is active per process: that guard
 * is the only module-level state in the transports.
 */
import type { ClientRequest } from 'node:http';
import { createRequire } from 'node:module';
import type * as MswInterceptors from '@mswjs/interceptors';
import type * as Msw from 'msw';
import type * as MswNode from 'msw/node';
import type { WireRequest, WireResponse } from '../protocol/wire.js';
import { VirtualTimeDriver } from '../sim/driver.js';
import type { ConnectionFault } from '../world/client-network.js';
import { connectionResetError, connectionTimedOutError } from './connection-errors.js';
import { answerOrBug, simulatorBugResponse } from './simulator-bug-response.js';
import type { SimEndpoint } from './sim-endpoint.js';

export interface InterceptOptions {
  /**
   * What happens to a request that is not for KMS or CloudHSM v2. `'error'` (default) fails it,
   * so a test can never reach the real network by accident; `'bypass'` lets it through (for a
   * process that also talks to its own local servers).
   */
  readonly onUnhandledRequest?: 'error' | 'bypass';
}

export interface AwsInterception {
  /** Restores the real network. Safe to call more than once. */
  close(): void;
  [Symbol.dispose](): void;
}

/**
 * msw (with its graphql dependency) is loaded on the first interception, not when the simulator is
 * imported: the CLI, sweep workers and `serve` never intercept, and the import was a large share of
 * their start-up (issue #12). On Node >= 20.19 `require` of msw resolves its ES module build (the
 * `module-sync` condition), so this is the same module instance an `import 'msw'` gets.
 */
const requireMsw = createRequire(import.meta.url);
interface MswModules {
  readonly msw: typeof Msw;
  readonly node: typeof MswNode;
  readonly interceptors: typeof MswInterceptors;
}
let mswModules: MswModules | undefined;

/**
 * `@mswjs/interceptors` keys a request's raw ClientRequest by a module-local symbol, and msw uses
 * its ES module build: `require('@mswjs/interceptors')` would load the CommonJS build, a second
 * copy with another symbol, whose getRawRequest finds nothing. Requiring the ES module file itself
 * (Node >= 20.19 loads it into the same module map `import` uses) gives msw's own copy. The package
 * maps `import` to lib/node/index.mjs and `require` to lib/node/index.cjs, side by side.
 */
function interceptorsEsmEntry(): string {
  return requireMsw.resolve('@mswjs/interceptors').replace(/index\.c?js$/, 'index.mjs');
}
function loadMsw(): MswModules {
  mswModules ??= {
    msw: requireMsw('msw') as typeof Msw,
    node: requireMsw('msw/node') as typeof MswNode,
    interceptors: requireMsw(interceptorsEsmEntry()) as typeof MswInterceptors,
  };
  return mswModules;
}

/** `kms.us-east-1.amazonaws.com`, `cloudhsmv2.cn-north-1.amazonaws.com.cn`, ... (docs/behaviour.md §1.1). */
const AWS_HOST = /^(kms|cloudhsmv2)\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/i;

export function isSimulatedAwsHost(hostname: string): boolean {
  return AWS_HOST.test(hostname);
}

let activeInterception: AwsInterception | undefined;

async function toWireRequest(request: Request): Promise<WireRequest> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const url = new URL(request.url);
  return {
    target: headers['x-amz-target'] ?? '',
    body: await request.text(),
    headers,
    host: url.host,
  };
}

function toFetchResponse(wire: WireResponse): Response {
  const { HttpResponse } = loadMsw().msw;
  return new HttpResponse(wire.body, { status: wire.status, headers: { ...wire.headers } });
}

/**
 * The Node `ClientRequest` an intercepted request came from: the SDK's node handler and anything
 * else built on `http.request`. Absent for fetch-based clients, which keep msw's plain behaviour.
 */
function clientRequestOf(request: Request): ClientRequest | undefined {
  const raw = loadMsw().interceptors.getRawRequest(request) as Partial<ClientRequest> | undefined;
  return raw && typeof raw.destroy === 'function' && typeof raw.once === 'function'
    ? (raw as ClientRequest)
    : undefined;
}

/**
 * Marks the request's socket connected, as a real socket is before the server starts working on
 * the request: listeners for `connect` (the SDK's connection timeout) stop waiting. msw announces
 * the connection again when it answers; a second `connect` only clears an already cleared timer.
 */
function establishConnection(raw: ClientRequest | undefined): void {
  const socket = raw?.socket as { connecting?: boolean; emit(event: 'connect'): boolean } | null;
  if (socket?.connecting !== true) return;
  socket.connecting = false;
  socket.emit('connect');
}

interface TimeoutSocketLike {
  setTimeout(ms: number, callback?: () => void): unknown;
  emit(event: 'timeout'): boolean;
  once(event: 'timeout', listener: () => void): unknown;
  removeListener(event: 'timeout', listener: () => void): unknown;
}

/**
 * Runs the request socket's inactivity timeout (the SDK's `socketTimeout`, set with
 * `socket.setTimeout` once connected) on the virtual timers of a driven run. Node arms it on its
 * own internal timers, which the driver cannot fake, so under msw it would fire in wall time or
 * never. The socket is quiet until the simulator answers; the returned function ends the watch
 * then (or when the request closes) and gives the socket its own method back.
 */
function virtualiseSocketTimeout(raw: ClientRequest | undefined): () => void {
  const socket = raw?.socket as unknown as TimeoutSocketLike | null | undefined;
  if (!socket || !VirtualTimeDriver.active) return () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  const own = Object.getOwnPropertyDescriptor(socket, 'setTimeout');
  socket.setTimeout = function setTimeout(ms: number, callback?: () => void) {
    clearTimeout(timer);
    timer = undefined;
    if (ms > 0) {
      if (callback) socket.once('timeout', callback);
      timer = globalThis.setTimeout(() => {
        timer = undefined;
        socket.emit('timeout');
      }, ms);
    } else if (callback) {
      socket.removeListener('timeout', callback);
    }
    return socket;
  };
  const end = (): void => {
    clearTimeout(timer);
    timer = undefined;
    raw?.off('close', end);
    if (own) Object.defineProperty(socket, 'setTimeout', own);
    else delete (socket as Partial<TimeoutSocketLike>).setTimeout;
  };
  raw?.once('close', end);
  return end;
}

/**
 * Waits `ms` of virtual time, or less if the client gives up on the request first (its own
 * connection timeout or abort destroys it). Outside a driven run no time passes, like the
 * in-process transport.
 */
function waitUnlessClosed(ms: number, raw: ClientRequest | undefined): Promise<void> {
  if (!VirtualTimeDriver.active || raw?.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      raw?.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    raw?.once('close', done);
  });
}

/** Fails the request like a broken connection (see the file comment); msw's network error if there is no ClientRequest. */
async function failConnection(
  fault: ConnectionFault,
  raw: ClientRequest | undefined,
): Promise<Response> {
  if (fault.kind === 'timeout') await waitUnlessClosed(fault.afterMs, raw);
  if (raw && !raw.destroyed) {
    raw.destroy(
      fault.kind === 'timeout' ? connectionTimedOutError(fault.afterMs) : connectionResetError(),
    );
  }
  return loadMsw().msw.HttpResponse.error();
}

/** Never rejects and never throws (see the file comment). */
async function resolve(sim: SimEndpoint, request: Request): Promise<Response> {
  try {
    const wireRequest = await toWireRequest(request);
    const raw = clientRequestOf(request);
    const fault = sim.connectionFault?.(wireRequest);
    if (fault) return await failConnection(fault, raw);
    const endSocketWatch = virtualiseSocketTimeout(raw);
    establishConnection(raw);
    try {
      return toFetchResponse(await answerOrBug(sim, wireRequest));
    } finally {
      endSocketWatch();
    }
  } catch (error) {
    try {
      return toFetchResponse(simulatorBugResponse(error));
    } catch {
      const { HttpResponse } = loadMsw().msw;
      return new HttpResponse('{"__type":"KmsimSimulatorBugException"}', { status: 400 });
    }
  }
}

/**
 * Starts intercepting AWS KMS and CloudHSM v2 traffic into `sim`. Throws if another interception
 * is still open in this process.
 */
export function interceptAws(sim: SimEndpoint, options: InterceptOptions = {}): AwsInterception {
  if (activeInterception) {
    throw new Error(
      'kmsim: an AWS interception is already active in this process; close() it before calling interceptAws again',
    );
  }
  const { msw, node } = loadMsw();
  const handler = msw.http.post(
    ({ request }) => {
      try {
        return isSimulatedAwsHost(new URL(request.url).hostname);
      } catch {
        return false;
      }
    },
    ({ request }) => resolve(sim, request),
  );
  const server = node.setupServer(handler);
  server.listen({ onUnhandledRequest: options.onUnhandledRequest ?? 'error' });
  let open = true;
  const interception: AwsInterception = {
    close(): void {
      if (!open) return;
      open = false;
      if (activeInterception === interception) activeInterception = undefined;
      server.close();
    },
    [Symbol.dispose](): void {
      interception.close();
    },
  };
  activeInterception = interception;
  return interception;
}
