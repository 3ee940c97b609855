/**
 * scenarios/run/served-scenario.ts (issue #9 §1): a scenario played by serve mode's clock. A
 * timeline step is an operator's SDK call, which settles before time moves on, so its effect is
 * stamped with its own time even when one catch-up of the clock spans it (a paused exec clock
 * resuming, a slow tick); `report()` judges without touching the run; `finish()` traces the verdict.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { validateScenarioObject } from '../../../src/scenarios/file/loader.js';
import { ServedScenario } from '../../../src/scenarios/run/served-scenario.js';
import type { Scenario } from '../../../src/scenarios/scenario.js';
import { startHttpServer, type RunningServer } from '../../../src/transport/http-server.js';

let servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

function scenario(): Scenario {
  const loaded = validateScenarioObject({
    name: 'served: a step at 0s and one at 30s',
    seed: 41,
    duration: '1m',
    world: { clusters: [{ name: 'main', hsms: ['a', 'b'] }] },
    clients: [{ name: 'app', accessKeyId: 'AKIASERVED' }],
    timeline: [
      { at: '0s', action: 'create-hsm', cluster: 'main', az: 'c' },
      { at: '30s', action: 'create-hsm', cluster: 'main', az: 'd' },
    ],
    expect: [{ type: 'no-error', client: 'app', between: ['0s', '1m'] }],
  });
  if (!loaded.ok) throw new Error(loaded.messages.join('\n'));
  return loaded.scenario;
}

describe('scenarios: run: served scenario', () => {
  it('steps take effect at their own virtual time when one catch-up of the clock spans them', async () => {
    const served = await ServedScenario.start(scenario(), { timeScale: 1 });
    let wallMs = 0;
    const server = await startHttpServer(served.endpoint, {
      port: 0,
      timeScale: 1,
      wallClock: () => wallMs,
    });
    servers.push(server);
    wallMs += 45_000; // one sync covers both steps
    await server.clock.sync();
    expect(served.sim.nowMs).toBe(served.startMs + 45_000);
    const created = served.sim.kernel.trace
      .ofKind('cloudhsm.hsm.state')
      .filter(
        (event) => event.data['state'] === 'CREATE_IN_PROGRESS' && event.atMs >= served.startMs,
      )
      .map((event) => event.atMs - served.startMs);
    expect(created).toEqual([0, 30_000]);
  });

  it('report() judges so far without tracing anything; finish() traces the verdict once', async () => {
    const served = await ServedScenario.start(scenario(), { timeScale: 1 });
    const before = served.sim.kernel.trace.length;
    const report = served.report();
    expect(report.lines).toContain('PASS no error client app between 0s and 1m');
    expect(served.sim.kernel.trace.length).toBe(before);
    const result = await served.finish();
    expect(result.passed).toBe(true);
    expect(await served.finish()).toBe(result);
    expect(served.sim.kernel.trace.ofKind('scenario.expectation')).toHaveLength(1);
  });
});
