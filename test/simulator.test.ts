/**
 * src/simulator.ts and its drivers (issue #15 §3): a simulator waits out a response's latency in
 * virtual time only when the active VirtualTimeDriver runs its own kernel. Called inside a run that
 * drives another simulator's kernel, it answers at once (as in serve mode) instead of waiting on a
 * kernel nobody advances, which used to end in "virtual-time deadlock at 0 ms".
 */
import { describe, expect, it } from 'vitest';
import { VirtualTimeDriver } from '../src/sim/driver.js';
import { Simulator } from '../src/simulator.js';

const LIST_KEYS = { target: 'TrentService.ListKeys', body: '{}', headers: {} };

describe('simulator: explicit drivers', () => {
  it('inside its own driver, a request waits its latency in virtual time', async () => {
    const sim = new Simulator({ seed: 41 });
    const response = await new VirtualTimeDriver(sim.kernel).run(() => sim.handleWire(LIST_KEYS));
    expect(response.status).toBe(200);
    // DEFAULT_LATENCY: every operation takes some virtual time.
    expect(sim.nowMs).toBeGreaterThan(0);
  });

  it("a call to simulator A inside a driver running simulator B's kernel answers without waiting", async () => {
    const a = new Simulator({ seed: 41 });
    const b = new Simulator({ seed: 42 });
    const response = await new VirtualTimeDriver(b.kernel).run(() => a.handleWire(LIST_KEYS));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ Keys: [], Truncated: false });
    // Nobody drives A's kernel: its clock stays where it was, and nothing is left scheduled on it.
    expect(a.nowMs).toBe(0);
    expect(a.kernel.nextEventAtMs()).toBeUndefined();
  });

  it('after such a call, each simulator still waits in its own driver', async () => {
    const a = new Simulator({ seed: 41 });
    const b = new Simulator({ seed: 42 });
    await new VirtualTimeDriver(b.kernel).run(async () => {
      await a.handleWire(LIST_KEYS);
      await b.handleWire(LIST_KEYS);
    });
    expect(b.nowMs).toBeGreaterThan(0);
    await new VirtualTimeDriver(a.kernel).run(() => a.handleWire(LIST_KEYS));
    expect(a.nowMs).toBeGreaterThan(0);
  });
});
