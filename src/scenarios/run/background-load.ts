/**
 * Turns a scenario's `load` section into running load generators (src/load/), with logical names
 * resolved and times made absolute.
 */
import type { ArrivalPattern } from '../../load/arrival-pattern.js';
import { LoadGenerator } from '../../load/load-generator.js';
import type { Simulator } from '../../simulator.js';
import { durationMs } from '../duration.js';
import type { LoadWindowCounts } from '../check/expectations.js';
import type { ScenarioNames } from './scenario-names.js';
import type { LoadSpec } from '../scenario.js';

function patternOf(spec: LoadSpec): ArrivalPattern {
  switch (spec.pattern) {
    case 'constant':
      return { kind: 'constant', rps: spec.rps! };
    case 'poisson':
      return { kind: 'poisson', rps: spec.rps! };
    case 'ramp':
      return { kind: 'ramp', fromRps: spec.fromRps!, toRps: spec.toRps! };
    case 'burst':
      return {
        kind: 'burst',
        baseRps: spec.baseRps!,
        burstRps: spec.burstRps!,
        periodMs: durationMs(spec.burstEvery!),
        burstMs: durationMs(spec.burstLength!),
      };
  }
}

export function startLoads(
  sim: Simulator,
  names: ScenarioNames,
  specs: readonly LoadSpec[],
  startMs: number,
  windowMs: number,
): LoadGenerator[] {
  return specs.map((spec) => {
    const generator = new LoadGenerator(
      sim.world,
      {
        name: spec.name,
        target:
          spec.keyStore !== undefined
            ? { customKeyStoreId: names.keyStoreId(spec.keyStore) }
            : { keyId: names.keyId(spec.key!) },
        operations: spec.operations ?? { Encrypt: 1 },
        pattern: patternOf(spec),
        startMs: startMs + durationMs(spec.from ?? 0),
        endMs: startMs + durationMs(spec.until),
        windowMs,
      },
      sim.kernel.random.fork(`load/${spec.name}`),
    );
    generator.start();
    return generator;
  });
}

/** Per-load windows for the checkers, and one `load.window` trace event per window. */
export function collectLoads(
  generators: readonly LoadGenerator[],
): Map<string, LoadWindowCounts[]> {
  const loads = new Map<string, LoadWindowCounts[]>();
  for (const generator of generators) {
    generator.recordWindows();
    loads.set(
      generator.plan.name,
      [...generator.windows.values()].sort((a, b) => a.startMs - b.startMs),
    );
  }
  return loads;
}
