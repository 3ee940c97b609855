/**
 * One fault definition (issue #15 §2): each fault is declared once, in its own file under
 * src/faults/, and listed by one line of faults/catalogue.ts; the scenario step table, the
 * property arbitrary's fault list and the runbook rows are derived from those declarations, and no
 * other source file names a fault. Each fault also has a test file here that exercises it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAULT_CATALOGUE, FAULT_NAMES, FAULT_RUNBOOK } from '../../src/faults/catalogue.js';
import { isContextOnly } from '../../src/faults/fault.js';
import { DEFAULT_SCHEDULE_FAULTS } from '../../src/properties/fault-schedule-arbitrary.js';
import { FAULT_STEPS } from '../../src/scenarios/file/step-catalogue.js';

/** Every .ts file under src/, with its comments removed (a comment may mention a fault). */
function sourcesWithoutComments(dir = 'src'): { path: string; code: string }[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => {
      const path = `${entry.parentPath}/${entry.name}`;
      const code = readFileSync(path, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      return { path, code };
    });
}

describe('faults: catalogue', () => {
  it('faults: catalogue: each fault is declared in src/faults/<name>.ts and listed by one line of catalogue.ts', () => {
    const catalogue = readFileSync('src/faults/catalogue.ts', 'utf8');
    const list = catalogue.slice(catalogue.indexOf('const DEFINITIONS = ['));
    for (const [name, fault] of FAULT_CATALOGUE) {
      const file = `src/faults/${name}.ts`;
      const source = readFileSync(file, 'utf8');
      const exported = /export const (\w+) = defineFault\(\{\s*name: '([^']+)'/.exec(source);
      expect(exported?.[2], `${file} declares the fault with defineFault`).toBe(name);
      const identifier = exported![1]!;
      expect(
        list.split('\n').filter((line) => line.trim() === `${identifier},`),
        `${identifier} is one line of the catalogue list`,
      ).toHaveLength(1);
      expect(fault.name).toBe(name);
    }
    expect(FAULT_NAMES).toEqual([...FAULT_CATALOGUE.keys()]);
  });

  it('faults: catalogue: no other source file names a fault (comments aside)', () => {
    const sources = sourcesWithoutComments();
    const offenders = FAULT_NAMES.flatMap((name) =>
      sources
        .filter(
          (source) =>
            source.path !== `src/faults/${name}.ts` &&
            new RegExp(`['"\`]${name}['"\`]`).test(source.code),
        )
        .map((source) => `${name} in ${source.path}`),
    );
    expect(offenders).toEqual([]);
  });

  it('faults: catalogue: the scenario step table, the default schedule and the runbook rows are derived from the definitions', () => {
    expect(Object.keys(FAULT_STEPS)).toEqual(FAULT_NAMES);
    for (const [name, fault] of FAULT_CATALOGUE) {
      expect(FAULT_STEPS[name]).toBe(fault.params);
      expect(FAULT_RUNBOOK.get(name)).toEqual({ summary: fault.summary, heal: fault.runbook.heal });
    }
    expect(DEFAULT_SCHEDULE_FAULTS).toEqual(
      FAULT_NAMES.filter((name) => FAULT_CATALOGUE.get(name)!.schedule?.byDefault),
    );
  });

  it.each(FAULT_NAMES)(
    'faults: catalogue: %s — parameters, schedule and runbook agree with one another',
    (name) => {
      const fault = FAULT_CATALOGUE.get(name)!;
      // Every parameter that reaches the injector appears there under its `as` name, with its
      // requiredness; context-only references do not.
      const reaching = Object.entries(fault.params).filter(([, param]) => !isContextOnly(param));
      expect(Object.keys(fault.injectorParams)).toEqual(
        reaching.map(([param, spec]) => spec.as ?? param),
      );
      for (const [param, spec] of reaching)
        expect(fault.injectorParams[spec.as ?? param]!.required).toBe(spec.required);
      expect(fault.summary.length).toBeGreaterThan(10);
      expect(fault.symptom).toBe(name === 'force-error');
      // A healable fault tells a person what to do when it heals; an unhealable one cannot heal.
      expect(fault.runbook.heal !== undefined).toBe(fault.healable);
      const schedule = fault.schedule;
      if (schedule === undefined) return;
      if (schedule.byDefault) expect(fault.healable).toBe(true);
      for (const [param, draw] of Object.entries(schedule.draw)) {
        const spec = fault.params[param];
        expect(spec, `${name}: draws '${param}', which it declares`).toBeDefined();
        if (draw.draw === 'az') expect(spec!.kind).toBe('az');
        if (draw.draw === 'multiples') {
          expect(draw.from).toBeLessThanOrEqual(draw.to);
          const lowest = draw.from * draw.of;
          const highest = draw.to * draw.of;
          expect(lowest).toBeGreaterThanOrEqual(spec!.min ?? 0);
          if (spec!.max !== undefined) expect(highest).toBeLessThanOrEqual(spec!.max);
        }
        if (draw.draw === 'one-of' && spec!.values !== undefined)
          for (const value of draw.values) expect(spec!.values).toContain(value);
        // A required parameter is always drawn.
        if (spec!.required) expect(draw.optional ?? false).toBe(false);
      }
      for (const [param, spec] of Object.entries(fault.params))
        if (spec.required && !['cluster', 'key-store', 'key'].includes(spec.kind))
          expect(Object.keys(schedule.draw), `${name}: required '${param}' is drawn`).toContain(
            param,
          );
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
    const untested = FAULT_NAMES.filter((name) => !sources.includes(`'${name}'`));
    expect(untested).toEqual([]);
  });
});
