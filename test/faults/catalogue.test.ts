/**
 * faults/catalogue.ts and the scenario step catalogue (src/scenarios/file/step-catalogue.ts) agree: every
 * fault a scenario can name exists, every step parameter lands on a parameter of the injector, and
 * every required injector parameter can be given from a scenario. Each fault has a test file here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAULT_CATALOGUE } from '../../src/faults/catalogue.js';
import { FAULT_STEPS } from '../../src/scenarios/file/step-catalogue.js';

/** Step parameters that only give context to others (e.g. the cluster whose AZ names a subnet). */
function reachesInjector(spec: { kind: string; as?: string }): boolean {
  return !(
    (spec.kind === 'cluster' || spec.kind === 'key-store' || spec.kind === 'key') &&
    spec.as === undefined
  );
}

describe('faults: catalogue', () => {
  it('faults: catalogue: the scenario steps name exactly the catalogue faults', () => {
    expect(Object.keys(FAULT_STEPS).sort()).toEqual([...FAULT_CATALOGUE.keys()].sort());
  });

  it.each([...FAULT_CATALOGUE.keys()])(
    'faults: catalogue: %s — step parameters map onto injector parameters, required ones are reachable',
    (name) => {
      const injector = FAULT_CATALOGUE.get(name)!;
      const steps = FAULT_STEPS[name]!;
      const produced = Object.entries(steps)
        .filter(([, spec]) => reachesInjector(spec))
        .map(([param, spec]) => spec.as ?? param);
      for (const param of produced)
        expect(Object.keys(injector.params), `${name}: step parameter → ${param}`).toContain(param);
      for (const [param, spec] of Object.entries(injector.params))
        if (spec.required) expect(produced, `${name}: required ${param}`).toContain(param);
      expect(injector.summary.length).toBeGreaterThan(10);
      expect(injector.symptom).toBe(name === 'force-error');
    },
  );

  it('faults: catalogue: every fault is exercised by a test file under test/faults', () => {
    const sources = readdirSync('test/faults')
      .filter(
        (file) =>
          file.endsWith('.test.ts') &&
          file !== 'catalogue.test.ts' &&
          file !== 'active-faults.test.ts',
      )
      .map((file) => readFileSync(`test/faults/${file}`, 'utf8'))
      .join('\n');
    const untested = [...FAULT_CATALOGUE.keys()].filter((name) => !sources.includes(`'${name}'`));
    expect(untested).toEqual([]);
  });
});
