/** The shipped scenario library, loaded through the real loader (so every file also passes validation). */
import { readdirSync } from 'node:fs';
import { loadScenarioFile } from '../../src/scenarios/file/loader.js';
import type { Scenario } from '../../src/scenarios/scenario.js';

export const SCENARIO_DIR = 'scenarios';

/** The shipped scenario file names, sorted. */
export const SHIPPED_SCENARIO_FILES: readonly string[] = readdirSync(SCENARIO_DIR)
  .filter((file) => file.endsWith('.yaml'))
  .sort();

export function loadScenario(path: string): Scenario {
  const loaded = loadScenarioFile(path);
  if (!loaded.ok) throw new Error(`scenario file does not load:\n${loaded.messages.join('\n')}`);
  return loaded.scenario;
}
