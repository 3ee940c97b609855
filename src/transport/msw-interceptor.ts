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
 * msw patches process-wide modules, so at most one interception is active per process: that guard
 * is the only module-level state in the transports.
 */
import { createRequire } from 'node:module';
import type * as Msw from 'msw';
import type * as MswNode from 'msw/node';
import type { WireRequest, WireResponse } from '../protocol/wire.js';
import { sendableOrBug, simulatorBugResponse } from './simulator-bug-response.js';
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
let mswModules: { readonly msw: typeof Msw; readonly node: typeof MswNode } | undefined;
function loadMsw(): { readonly msw: typeof Msw; readonly node: typeof MswNode } {
  mswModules ??= {
    msw: requireMsw('msw') as typeof Msw,
    node: requireMsw('msw/node') as typeof MswNode,
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

/** Never rejects and never throws (see the file comment). */
async function resolve(sim: SimEndpoint, request: Request): Promise<Response> {
  try {
    const wireRequest = await toWireRequest(request);
    // An injected connection fault becomes msw's network error. Unlike a real ECONNRESET the SDK
    // does not retry it (measured), so retry-sensitive connection faults belong on the in-process
    // transport; docs/fidelity.md.
    if (sim.connectionFault?.(wireRequest)) return loadMsw().msw.HttpResponse.error();
    const wire = await sim.handleWire(wireRequest);
    return toFetchResponse(sendableOrBug(wire));
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
