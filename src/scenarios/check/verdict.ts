/**
 * The verdict of a run, in the same form for the in-process runner and serve mode: every
 * expectation evaluated, failed timeline steps and simulator bugs added, client metrics computed,
 * and all of it recorded in the trace (`scenario.expectation`, `metrics.window`, `metrics.total`),
 * from which reports are rendered.
 */
import type { Simulator } from '../../simulator.js';
import type { Scenario } from '../scenario.js';
import {
  type AttemptSample,
  type CallSample,
  clientMetrics,
  type MetricsClientSpec,
  metricsTraceEvents,
  type ScenarioMetrics,
} from './client-metrics.js';
import { evaluate, type ExpectationResult, type Observed } from './expectations.js';

export interface VerdictInput {
  readonly sim: Simulator;
  readonly scenario: Scenario;
  readonly observed: Observed;
  readonly stepFailures: readonly ExpectationResult[];
  readonly calls: readonly CallSample[];
  readonly attempts: readonly AttemptSample[];
  readonly clients: readonly MetricsClientSpec[];
  readonly windowMs: number;
}

export interface Verdict {
  readonly passed: boolean;
  readonly expectations: readonly ExpectationResult[];
  readonly metrics: ScenarioMetrics;
}

/** Judges the run without touching the trace (serve's `/_sim/report` asks this mid-run). */
export function judge(input: VerdictInput): Verdict {
  const expectations = [
    ...input.scenario.expect.map((expectation, index) =>
      evaluate(expectation, input.observed, index),
    ),
    ...input.stepFailures,
  ];
  if (input.sim.bugs.length > 0)
    expectations.push({
      description: 'no simulator bugs',
      passed: false,
      detail: input.sim.bugs[0]!.message,
    });
  const metrics = clientMetrics({
    calls: input.calls,
    attempts: input.attempts,
    clients: input.clients,
    originMs: input.observed.startMs,
    windowMs: input.windowMs,
  });
  return { passed: expectations.every((result) => result.passed), expectations, metrics };
}

/** Judges the run and records the verdict in the trace, once, at the end. */
export function recordVerdict(input: VerdictInput): Verdict {
  const verdict = judge(input);
  for (const result of verdict.expectations)
    input.sim.kernel.record('scenario.expectation', { ...result });
  for (const event of metricsTraceEvents(verdict.metrics))
    input.sim.kernel.record(event.kind, event.data);
  return verdict;
}
