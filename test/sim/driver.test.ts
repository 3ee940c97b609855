/**
 * The virtual-time driver under the real SDK (issue #3 §1): timers, Date and Math.random follow
 * the simulator while a run is active, and the real globals come back afterwards.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DescribeKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { SimKernel } from '../../src/sim/kernel.js';
import { VirtualTimeDriver } from '../../src/sim/driver.js';
import type { SimEndpoint } from '../../src/transport/sim-endpoint.js';
import { createKmsClient } from '../../src/transport/sdk-clients.js';
import type { WireRequest, WireResponse } from '../../src/protocol/wire.js';

const OUTAGE_MS = 30 * 60_000;

/** A user-written retry strategy (the SDK's RetryStrategyV2 contract): linear backoff, fixed attempts. */
class LinearRetryStrategy {
  readonly mode = 'custom-linear';
  constructor(
    private readonly maxAttempts: number,
    private readonly stepMs: number,
  ) {}
  async acquireInitialRetryToken(_scope: string) {
    return { count: 0, getRetryCount: () => 0, getRetryDelay: () => 0, getRetryCost: () => 0 };
  }
  async refreshRetryTokenForRetry(token: { count: number }, _error: unknown) {
    const count = token.count + 1;
    if (count >= this.maxAttempts) throw new Error('custom strategy: attempts exhausted');
    return {
      count,
      getRetryCount: () => count,
      getRetryDelay: () => this.stepMs * count,
      getRetryCost: () => 0,
    };
  }
  recordSuccess(_token: unknown): void {}
}

/** An endpoint that answers 503 until the outage ends, then a DescribeKey result; it logs attempt times. */
function outageEndpoint(kernel: SimKernel, attempts: number[]): SimEndpoint {
  return {
    region: 'us-east-1',
    accountId: '111122223333',
    get nowMs() {
      return kernel.nowMs;
    },
    async handleWire(_request: WireRequest): Promise<WireResponse> {
      attempts.push(kernel.nowMs);
      const headers = {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': `r${attempts.length}`,
      };
      if (kernel.nowMs < OUTAGE_MS)
        return {
          status: 503,
          headers,
          body: '{"__type":"KMSInternalException","message":"outage"}',
        };
      return {
        status: 200,
        headers,
        body: '{"KeyMetadata":{"KeyId":"k","AWSAccountId":"111122223333"}}',
      };
    },
    advanceMs: (ms) => void kernel.advanceBy(ms),
    advanceToMs: (ms) => void kernel.runUntil(ms),
    advanceToMsBounded: (ms, maxEvents) => kernel.runUntilBounded(ms, maxEvents),
    worldSnapshot: () => ({}),
    runAction: () => ({ ok: false, message: 'none' }),
    traceJsonLines: () => '',
    tracePage: (after) => ({ lines: [], firstSeq: 0, recorded: 0, lastSeq: after }),
  };
}

/** Application code that keeps calling until it succeeds, sleeping 10 s between failed calls. */
async function callUntilSuccess(client: KMSClient): Promise<number> {
  let calls = 0;
  for (;;) {
    calls++;
    try {
      await client.send(new DescribeKeyCommand({ KeyId: 'k' }));
      return calls;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 10_000));
    }
  }
}

async function rideOutOutage(seed: number, config: Parameters<typeof createKmsClient>[1]) {
  const kernel = new SimKernel({ seed });
  const attempts: number[] = [];
  const client = createKmsClient(outageEndpoint(kernel, attempts), config);
  const calls = await new VirtualTimeDriver(kernel).run(() => callUntilSuccess(client));
  return { calls, attempts, endMs: kernel.nowMs };
}

describe('sim: virtual-time driver under the real SDK', () => {
  it.each([
    ['standard', { retryMode: 'standard', maxAttempts: 3 }],
    ['adaptive', { retryMode: 'adaptive', maxAttempts: 5 }],
    ['custom strategy', { retryStrategy: new LinearRetryStrategy(4, 1_000) }],
  ] as const)('%s retry rides out a 30-minute outage in virtual time', async (_name, config) => {
    const result = await rideOutOutage(11, config as never);
    expect(result.endMs).toBeGreaterThanOrEqual(OUTAGE_MS);
    expect(result.endMs).toBeLessThan(OUTAGE_MS + 120_000);
    expect(result.attempts.length).toBeGreaterThan(result.calls);
    // Every retry was spaced by backoff in virtual time, not issued back to back.
    const gaps = result.attempts.slice(1).map((at, i) => at - result.attempts[i]!);
    expect(gaps.every((gap) => gap > 0)).toBe(true);
  });

  it('the same seed gives the same attempt times; another seed gives other jitter', async () => {
    const config = { retryMode: 'standard', maxAttempts: 3 } as const;
    const a = await rideOutOutage(5, config);
    const b = await rideOutOutage(5, config);
    const c = await rideOutOutage(6, config);
    expect(b.attempts).toEqual(a.attempts);
    expect(c.attempts).not.toEqual(a.attempts);
  });

  it('the retry strategy instance under test is used, never replaced', async () => {
    const strategy = new LinearRetryStrategy(2, 500);
    const kernel = new SimKernel({ seed: 1 });
    const client = createKmsClient(outageEndpoint(kernel, []), {
      retryStrategy: strategy as never,
    });
    expect(await client.config.retryStrategy()).toBe(strategy);
  });

  it('Date, Math.random and timers follow the simulator during a run and are restored after, even on failure', async () => {
    const kernel = new SimKernel({ seed: 3, epochMs: Date.UTC(2030, 0, 1) });
    const realSetTimeout = globalThis.setTimeout;
    const seen = await new VirtualTimeDriver(kernel).run(async () => {
      const before = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 60_000));
      return { before, after: Date.now(), random: Math.random() };
    });
    expect(seen.before).toBe(Date.UTC(2030, 0, 1));
    expect(seen.after).toBe(Date.UTC(2030, 0, 1) + 60_000);
    expect(globalThis.setTimeout).toBe(realSetTimeout);
    expect(Math.abs(Date.now() - Date.UTC(2030, 0, 1))).toBeGreaterThan(1_000);
    await expect(
      new VirtualTimeDriver(new SimKernel({ seed: 3 })).run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(globalThis.setTimeout).toBe(realSetTimeout);
    expect(globalThis.Date.now).not.toBe(undefined);
  });

  it('real file I/O in flight (the SDK reads shared config lazily) is waited for, not mistaken for a deadlock', async () => {
    const { readFile } = await import('node:fs/promises');
    const { createRequire } = await import('node:module');
    const big = createRequire(import.meta.url).resolve('typescript/lib/typescript.js');
    const kernel = new SimKernel({ seed: 1 });
    const bytes = await new VirtualTimeDriver(kernel).run(async () => (await readFile(big)).length);
    expect(bytes).toBeGreaterThan(1_000_000);
    expect(kernel.nowMs).toBe(0);
  });

  it.each([
    ['the request queue (process._getActiveRequests)', false],
    ['the resource names (fallback without it)', true],
  ])(
    'a file close queued behind a busy thread pool is waited for, however many turns it takes: %s',
    async (_how, fallback) => {
      // The four libuv threads are busy with key derivations, so the close of a FileHandle (a
      // `CloseReq`, the last step of every fs/promises readFile) waits in the pool's queue for many
      // event-loop turns. The detector sees every request in flight, whatever its type, so the run
      // must end with the file closed and no virtual time passed, never with a deadlock.
      const { open } = await import('node:fs/promises');
      const { pbkdf2 } = await import('node:crypto');
      const withRequests = process as { _getActiveRequests?: unknown };
      const activeRequests = withRequests._getActiveRequests;
      if (fallback) withRequests._getActiveRequests = undefined;
      try {
        const handle = await open(fileURLToPath(import.meta.url));
        const poolBusy = Array.from(
          { length: 4 },
          () =>
            new Promise((resolve) => pbkdf2('password', 'salt', 200_000, 32, 'sha256', resolve)),
        );
        const kernel = new SimKernel({ seed: 1 });
        const closed = await new VirtualTimeDriver(kernel).run(async () => {
          await handle.close();
          return handle.fd;
        });
        await Promise.all(poolBusy);
        expect(closed).toBe(-1);
        expect(kernel.nowMs).toBe(0);
      } finally {
        withRequests._getActiveRequests = activeRequests;
      }
    },
  );

  it('virtual time does not jump while setImmediate callbacks are still queued', async () => {
    // A two-turn setImmediate chain (as Node's streams and msw use) ends by setting a 5 ms timer
    // while a 10 ms timer is already due. The driver sees nothing else to run only after the
    // chain, so the 5 ms timer fires first; stepping as soon as the kernel looks unchanged would
    // jump to 10 ms and fire them the other way round.
    const kernel = new SimKernel({ seed: 1 });
    const fired = await new VirtualTimeDriver(kernel).run(async () => {
      const order: string[] = [];
      const late = new Promise<void>((resolve) =>
        setTimeout(() => {
          order.push(`10 ms timer at ${kernel.nowMs}`);
          resolve();
        }, 10),
      );
      const early = new Promise<void>((resolve) =>
        setImmediate(() =>
          setImmediate(() =>
            setTimeout(() => {
              order.push(`5 ms timer at ${kernel.nowMs}`);
              resolve();
            }, 5),
          ),
        ),
      );
      await Promise.all([late, early]);
      return order;
    });
    expect(fired).toEqual(['5 ms timer at 5', '10 ms timer at 10']);
  });

  it('a run that waits on nothing reports a deadlock instead of hanging', async () => {
    await expect(
      new VirtualTimeDriver(new SimKernel({ seed: 1 })).run(() => new Promise(() => {})),
    ).rejects.toThrow(/deadlock/);
  });
});
