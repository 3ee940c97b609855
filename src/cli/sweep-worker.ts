/**
 * One `kmsim sweep` worker thread (sweep-command.ts). It starts before the main thread has loaded the
 * scenario, so importing the runner here overlaps with that load (issue #12). The first message is
 * the validated scenario, every later one a batch of seeds. Seeds run one at a time, in the order they
 * arrive, and each is answered with its outcome as soon as it finishes; the main thread keeps a seed
 * queued here ahead of need, so the worker does not wait for it between seeds. Each worker thread has
 * its own globals, so the VirtualTimeDriver's virtual timers and Date stay inside its own runs. A run
 * that throws (a simulator or runner bug) is answered as an aborted seed, not a crash.
 */
import { parentPort } from 'node:worker_threads';
import { runScenario } from '../scenarios/run/runner.js';
import type { Scenario } from '../scenarios/scenario.js';

/** What the main thread sends: the scenario once, first, then batches of seeds to run. */
export type SweepRequest =
  | { readonly scenario: Scenario; readonly seeds?: undefined }
  | { readonly scenario?: undefined; readonly seeds: readonly number[] };

export interface SweepSeedResult {
  readonly seed: number;
  readonly passed: boolean;
  /** `description — detail` of each failed expectation. */
  readonly failures: readonly string[];
  /** The run threw instead of finishing: its message. */
  readonly aborted: string | undefined;
  readonly symptomsUsed: boolean;
}

async function runSeed(scenario: Scenario, seed: number): Promise<SweepSeedResult> {
  try {
    const result = await runScenario(scenario, { seed });
    const failures = result.expectations
      .filter((expectation) => !expectation.passed)
      .map((expectation) => `${expectation.description} — ${expectation.detail}`);
    return {
      seed,
      passed: result.passed,
      failures,
      aborted: undefined,
      symptomsUsed: result.symptomsUsed,
    };
  } catch (error) {
    return {
      seed,
      passed: false,
      failures: [],
      aborted: error instanceof Error ? error.message : String(error),
      symptomsUsed: false,
    };
  }
}

const port = parentPort;
if (port) {
  let scenario: Scenario | undefined;
  const queued: number[] = [];
  let running = false;
  // One run at a time: two runs in one thread would share the virtual-time driver's globals.
  const drain = async (): Promise<void> => {
    if (running || scenario === undefined) return;
    running = true;
    for (let seed = queued.shift(); seed !== undefined; seed = queued.shift())
      port.postMessage(await runSeed(scenario, seed));
    running = false;
  };
  port.on('message', (request: SweepRequest) => {
    if (request.scenario !== undefined) scenario = request.scenario;
    else queued.push(...request.seeds);
    void drain();
  });
}
