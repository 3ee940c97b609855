/**
 * `/_sim/advance` does bounded work and keeps the server responsive (issue #9 §3, issue #11 §2).
 * A jump is worked through in slices of kernel events with a turn of the event loop between them:
 * a health check sent during a long jump is answered before the jump finishes; an AWS request sent
 * meanwhile waits and is answered at the jump's end, never from its middle; one jump may not ask for
 * more than ten years, with a 400 that says so.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulator } from '../../src/simulator.js';
import { MAX_JUMP_SECONDS } from '../../src/transport/control-routes.js';
import { startHttpServer, type RunningServer } from '../../src/transport/http-server.js';
import { SLICE_EVENTS } from '../../src/transport/wall-clock-follower.js';

let servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

function exchange(
  url: string,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A simulator with one kernel event every virtual millisecond: a jump of n seconds is 1,000·n events. */
function busySimulator(): Simulator {
  const sim = new Simulator({ seed: 5 });
  const tick = (): void => {
    sim.kernel.schedule(1, 'busy tick', tick);
  };
  sim.kernel.schedule(1, 'busy tick', tick);
  return sim;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('transport: /_sim/advance does bounded work', () => {
  it('a health check sent during a long jump is answered before the jump ends; an AWS request waits for the jump and sees its end', async () => {
    const sim = busySimulator();
    const server = await startHttpServer(sim, { port: 0, timeScale: 0 });
    servers.push(server);
    const jumpSeconds = 600; // 600,000 events, hundreds of slices
    expect(jumpSeconds * 1000).toBeGreaterThan(100 * SLICE_EVENTS);
    const order: string[] = [];
    const jump = exchange(
      server.url,
      'POST',
      '/_sim/advance',
      JSON.stringify({ seconds: jumpSeconds }),
    ).then((reply) => {
      order.push('advance');
      return reply;
    });
    // Wait until the jump is under way (time has moved, but not all the way).
    while (sim.nowMs === 0) await nextTurn();
    expect(sim.nowMs).toBeLessThan(jumpSeconds * 1000);
    const seenByAws: number[] = [];
    const originalHandle = sim.handleWire.bind(sim);
    sim.handleWire = async (wire) => {
      seenByAws.push(sim.nowMs);
      return originalHandle(wire);
    };
    // The server answers through handleWireNow when it can; it sees the same virtual time.
    const originalNow = sim.handleWireNow.bind(sim);
    sim.handleWireNow = (wire) => {
      seenByAws.push(sim.nowMs);
      return originalNow(wire);
    };
    const aws = exchange(server.url, 'POST', '/', '{}', {
      'x-amz-target': 'TrentService.ListKeys',
      'content-type': 'application/x-amz-json-1.1',
    }).then((reply) => {
      order.push('aws');
      return reply;
    });
    const health = await exchange(server.url, 'GET', '/_sim/health');
    order.push('health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ ok: true });
    expect(sim.nowMs).toBeLessThan(jumpSeconds * 1000);
    const [jumped, listed] = await Promise.all([jump, aws]);
    expect(order[0]).toBe('health');
    expect(jumped.status).toBe(200);
    expect(JSON.parse(jumped.text)).toEqual({ ok: true, nowMs: jumpSeconds * 1000 });
    expect(listed.status).toBe(200);
    expect(seenByAws).toEqual([jumpSeconds * 1000]);
  }, 60_000);

  it('refuses a jump of more than ten years with a 400 that says how far one jump may go', async () => {
    const sim = new Simulator({ seed: 6 });
    const server = await startHttpServer(sim, { port: 0, timeScale: 0 });
    servers.push(server);
    const reply = await exchange(
      server.url,
      'POST',
      '/_sim/advance',
      JSON.stringify({ seconds: 1000 * 365 * 24 * 3600 }),
    );
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.text).message).toContain(
      `at most ${MAX_JUMP_SECONDS} seconds (10 years)`,
    );
    expect(sim.nowMs).toBe(0);
    const ok = await exchange(
      server.url,
      'POST',
      '/_sim/advance',
      JSON.stringify({ seconds: MAX_JUMP_SECONDS }),
    );
    expect(ok.status).toBe(200);
    expect(sim.nowMs).toBe(MAX_JUMP_SECONDS * 1000);
  });
});
