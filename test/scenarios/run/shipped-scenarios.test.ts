/**
 * The shipped scenario library (issue #3 §5): every file under scenarios/ loads, runs, and every
 * expectation PASSes. On failure the FAIL lines are printed with what was observed, and the
 * one-line reproduce command. Each file also carries its header comment and a nothing-lost check.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadScenario,
  SCENARIO_DIR,
  SHIPPED_SCENARIO_FILES,
} from '../../support/shipped-scenarios.js';
import { runScenario } from '../../../src/scenarios/run/runner.js';

const DIR = SCENARIO_DIR;
const FILES = SHIPPED_SCENARIO_FILES;

describe('scenarios: shipped library', () => {
  it('ships the scenarios issue #3 §5 lists', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(12);
    expect(FILES).toContain('30-minute-outage.yaml');
  });

  it.each(FILES)('%s: header comment, breadcrumb name, nothing-lost expectation', (file) => {
    const text = readFileSync(join(DIR, file), 'utf8');
    const header = text
      .split('\n')
      .filter((_line, index, lines) => lines.slice(0, index + 1).every((l) => l.startsWith('#')));
    expect(header.length, 'a header comment of at least three # lines').toBeGreaterThanOrEqual(3);
    const scenario = loadScenario(join(DIR, file));
    expect(scenario.name).toMatch(/^[a-z][^:]*: .+/);
    expect(scenario.expect.some((e) => e.type === 'nothing-lost')).toBe(true);
  });

  it.each(FILES)('%s: every expectation passes', async (file) => {
    const scenario = loadScenario(join(DIR, file));
    const result = await runScenario(scenario);
    const failed = result.expectations.filter((line) => !line.passed);
    if (process.env.KMSIM_VERBOSE)
      for (const line of result.expectations)
        console.log(line.passed ? 'PASS' : 'FAIL', line.description, '—', line.detail);
    if (failed.length > 0) {
      console.log(`SEED=${result.seed} ${scenario.name}`);
      for (const line of failed) console.log('FAIL', line.description, '—', line.detail);
      console.log(`reproduce: npx kmsim run ${join(DIR, file)} --seed ${result.seed}`);
    }
    expect(failed.map((line) => `${line.description} — ${line.detail}`)).toEqual([]);
    expect(result.symptomsUsed).toBe(false);
    expect(result.calls.length).toBeGreaterThan(0);
  });
});
