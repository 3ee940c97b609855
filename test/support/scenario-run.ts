/** A scenario file run to the end, with its trace parsed back into events. */
import { runScenario, type ScenarioResult } from '../../src/scenarios/run/runner.js';
import type { TraceEvent } from '../../src/sim/trace.js';
import { loadScenario } from './shipped-scenarios.js';

/** The events of a run's JSON-lines trace, in order. */
export function traceEventsOf(result: Pick<ScenarioResult, 'traceJsonLines'>): TraceEvent[] {
  return result.traceJsonLines
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as TraceEvent);
}

/** Loads `path` (failing with the loader's messages), runs it, and parses its trace. */
export async function runScenarioFile(
  path: string,
): Promise<{ result: ScenarioResult; trace: TraceEvent[] }> {
  const result = await runScenario(loadScenario(path));
  return { result, trace: traceEventsOf(result) };
}
