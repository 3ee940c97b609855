/**
 * `buildWorld(sim, world)` for library users (issue #17 §1): the world a scenario declares, built
 * on a simulator the caller owns, through the same real APIs and durations as `kmsim run`
 * (world-builder.ts). The caller needs no CloudHSM v2 client of its own just to set up; it gets
 * back the ids by the names it chose and talks to the world with its own KMSClient.
 */
import type { Simulator } from '../../simulator.js';
import { formatProblem, validateScenarioObject } from '../file/loader.js';
import { ScenarioNames } from './scenario-names.js';
import { Operator } from './operator.js';
import type { WorldSpec } from '../scenario.js';
import { buildWorld as buildDeclaredWorld } from './world-builder.js';

/** The ids the simulator gave, by the names the world spec used. */
export interface BuiltWorld {
  readonly clusterIds: Readonly<Record<string, string>>;
  readonly keyStoreIds: Readonly<Record<string, string>>;
  readonly keyIds: Readonly<Record<string, string>>;
}

/** A world spec `buildWorld` refuses; `problems` are `buildWorld: world.<field>: <message>`. */
export class WorldSpecError extends Error {
  override readonly name = 'WorldSpecError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid world spec:\n  ${problems.join('\n  ')}`);
  }
}

/**
 * Builds `world` (clusters with their HSMs, initialized and activated; key stores created and
 * connected; keys, aliases, disabled keys; stores declared disconnected last), advancing `sim`'s
 * virtual time by exactly the simulated durations. The spec is checked first by the scenario
 * validator, so a bad field is named as it would be in a scenario file. `limits` and `latency` are
 * Simulator options (`quotas`, `capacity`, `latency`) and are refused here: the simulator exists.
 */
export async function buildWorld(sim: Simulator, world: WorldSpec): Promise<BuiltWorld> {
  // The validator checks whole scenarios; wrap the world in the smallest one and keep its problems.
  const checked = validateScenarioObject(
    { name: 'buildWorld', seed: 0, world, clients: [], expect: [] },
    'buildWorld',
  );
  const problems = checked.ok ? [] : checked.problems.map(formatProblem);
  if (typeof world === 'object' && world !== null) {
    for (const member of ['limits', 'latency'] as const)
      if (world[member] !== undefined)
        problems.push(
          `buildWorld: world.${member}: not accepted here; pass limits and latency as Simulator options (quotas, capacity, latency) instead`,
        );
  }
  if (problems.length > 0) throw new WorldSpecError(problems);
  const names = new ScenarioNames();
  await buildDeclaredWorld(new Operator(sim), world, names);
  return {
    clusterIds: Object.fromEntries(names.clusters),
    keyStoreIds: Object.fromEntries(names.keyStores),
    keyIds: Object.fromEntries(names.keys),
  };
}
