/**
 * Determinism of the shipped library (issue #3 §6): every scenario under scenarios/ run twice with
 * its seed gives the same trace fingerprint (and the same calls); another seed changes the
 * fingerprint of at least one scenario, so the fingerprint does depend on the seed.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadScenario,
  SCENARIO_DIR,
  SHIPPED_SCENARIO_FILES,
} from '../../support/shipped-scenarios.js';
import { runScenario, type ScenarioResult } from '../../../src/scenarios/run/runner.js';

const DIR = SCENARIO_DIR;
const FILES = SHIPPED_SCENARIO_FILES;

/** What a user can see of a run besides the fingerprint: each call's outcome and timing. */
function callSummary(result: ScenarioResult): string[] {
  return result.calls.map(
    (call) =>
      `${call.seq} ${call.client} ${call.operation} ${call.startMs}-${call.endMs} ${call.ok ? 'ok' : call.errorName} ×${call.attempts}`,
  );
}

describe('scenarios: determinism of the shipped library', () => {
  const fingerprints = new Map<string, string>();

  it.each(FILES)('%s: the same seed twice gives the same trace fingerprint', async (file) => {
    const scenario = loadScenario(join(DIR, file));
    const first = await runScenario(scenario);
    const second = await runScenario(scenario);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(second.traceJsonLines).toBe(first.traceJsonLines);
    expect(callSummary(second)).toEqual(callSummary(first));
    fingerprints.set(file, first.fingerprint);
  });

  it('a different seed changes the fingerprint of at least one scenario', async () => {
    const changed: string[] = [];
    for (const file of FILES) {
      const scenario = loadScenario(join(DIR, file));
      const base = fingerprints.get(file) ?? (await runScenario(scenario)).fingerprint;
      const other = await runScenario(scenario, { seed: scenario.seed + 1000 });
      if (other.fingerprint !== base) changed.push(file);
    }
    expect(changed.length).toBeGreaterThan(0);
  });
});
