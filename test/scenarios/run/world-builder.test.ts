/**
 * Clusters restored `fromBackupOf` another (run/world-builder.ts, issue #13 §3): built with the
 * source's newest READY backup, waiting up to a day of virtual time for the source's first backup.
 * A source that has none by then, or one that is never built, makes the declared world unbuildable:
 * a WorldBuildError at `world.clusters[i].fromBackupOf`, which `kmsim run` prints as a load problem.
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../../src/simulator.js';
import { Operator } from '../../../src/scenarios/run/operator.js';
import { ScenarioNames } from '../../../src/scenarios/run/scenario-names.js';
import { buildWorld, WorldBuildError } from '../../../src/scenarios/run/world-builder.js';
import type { WorldSpec } from '../../../src/scenarios/scenario.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const HOUR = 3_600_000;

const RESTORED: WorldSpec = {
  clusters: [
    { name: 'main', hsms: ['a', 'b'] },
    { name: 'copy', hsms: ['a'], fromBackupOf: 'main' },
  ],
};

async function build(sim: Simulator, world: WorldSpec): Promise<ScenarioNames> {
  const names = new ScenarioNames();
  await buildWorld(new Operator(sim), world, names);
  return names;
}

async function buildError(sim: Simulator, world: WorldSpec): Promise<WorldBuildError> {
  const error = await build(sim, world).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(WorldBuildError);
  return error as WorldBuildError;
}

describe('scenarios: world builder: clusters restored from a backup', () => {
  it('with the default one-minute backups, the copy is created from the source backup taken at activation', async () => {
    const sim = new Simulator({ seed: 31 });
    const names = await build(sim, RESTORED);
    const copy = sim.world.clusters.get(names.clusterId('copy'))!;
    const source = [...sim.world.backups.values()].find(
      (backup) => backup.backupId === copy.sourceBackupId,
    );
    expect(source?.clusterId).toBe(names.clusterId('main'));
    expect(source?.state).toBe('READY');
  });

  it('a source whose backups take longer than a day to become READY: WorldBuildError at world.clusters[1].fromBackupOf', async () => {
    // The activation backup and the first daily one are still CREATE_IN_PROGRESS when the day is up.
    const sim = new Simulator({ seed: 32, timings: { backupCreateMs: 30 * HOUR } });
    const startMs = sim.nowMs;
    const error = await buildError(sim, RESTORED);
    expect(error.path).toEqual(['world', 'clusters', 1, 'fromBackupOf']);
    expect(error.reason).toBe(
      'the declared world cannot be built: cluster main has no READY backup a day after it was built, so copy cannot be restored from it',
    );
    const backupsOfMain = [...sim.world.backups.values()].map((backup) => backup.state);
    expect(backupsOfMain.length).toBeGreaterThan(0);
    expect(backupsOfMain.every((state) => state === 'CREATE_IN_PROGRESS')).toBe(true);
    // It waited the whole day of virtual time (and no more) before giving up.
    expect(sim.nowMs - startMs).toBeGreaterThanOrEqual(24 * HOUR);
    expect(sim.nowMs - startMs).toBeLessThan(25 * HOUR);
  });

  it('sources that are never built (a cycle, which the loader refuses in files): WorldBuildError at the first one', async () => {
    const sim = new Simulator({ seed: 33 });
    const error = await buildError(sim, {
      clusters: [
        { name: 'a', hsms: ['a'], fromBackupOf: 'b' },
        { name: 'b', hsms: ['a'], fromBackupOf: 'a' },
      ],
    });
    expect(error.path).toEqual(['world', 'clusters', 0, 'fromBackupOf']);
    expect(error.reason).toBe(
      'the declared world cannot be built: cluster a is restored from b, which is never built',
    );
  });
});
