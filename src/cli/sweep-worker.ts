/**
 * One `kmsim sweep` worker thread (sweep-command.ts): receives the validated scenario once, as
 * workerData, then runs it for one seed per message and answers with the outcome. Each worker thread
 * has its own globals, so the VirtualTimeDriver's virtual timers and Date stay inside its own runs.
 * A run that throws (a simulator or runner bug) is answered as an aborted seed, not a crash.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runScenario } from '../scenarios/run/runner.js';
import type { Scenario } from '../scenarios/scenario.js';

export interface SweepRequest {
  readonly seed: number;
}

export interface SweepSeedResult {
  readonly seed: number;
  readonly passed: boolean;
  readonly fingerprint: string | undefined;
  /** `description — detail` of each failed expectation. */
  readonly failures: readonly string[];
  /** The run threw instead of finishing: its message. */
  readonly aborted: string | undefined;
  readonly symptomsUsed: boolean;
}

export interface SweepWorkerData {
  readonly scenario: Scenario;
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
      fingerprint: result.fingerprint,
      failures,
      aborted: undefined,
      symptomsUsed: result.symptomsUsed,
    };
  } catch (error) {
    return {
      seed,
      passed: false,
      fingerprint: undefined,
      failures: [],
      aborted: error instanceof Error ? error.message : String(error),
      symptomsUsed: false,
    };
  }
}

const port = parentPort;
if (port) {
  const { scenario } = workerData as SweepWorkerData;
  port.on('message', (request: SweepRequest) => {
    void runSeed(scenario, request.seed).then((result) => port.postMessage(result));
  });
}
