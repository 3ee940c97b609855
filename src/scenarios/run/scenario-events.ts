/**
 * What a scenario schedules on the kernel besides its workloads, shared by the in-process runner
 * (runner.ts) and serve mode (served-scenario.ts): state observations for `connection-state` and
 * `key-state` expectations at their times, and timeline steps (faults, heals, operator actions)
 * with their outcome traced, diagnosed and judged against `expectError`.
 */
import type { DiagnosisCapture } from '../../report/diagnosis-capture.js';
import type { Simulator } from '../../simulator.js';
import { effectiveKeyState } from '../../world/kms-key.js';
import type { ExpectationResult, StateObservation } from '../check/expectations.js';
import { durationMs } from '../duration.js';
import type { Expectation, Scenario } from '../scenario.js';
import { operatorForStep } from './diagnosis-operator.js';
import type { Operator } from './operator.js';
import type { ScenarioNames } from './scenario-names.js';
import { performStep } from './timeline-steps.js';

/** What the scheduled events read and write while a scenario runs. */
export interface ScenarioRunState {
  readonly sim: Simulator;
  readonly operator: Operator;
  readonly names: ScenarioNames;
  /** Kernel ms of scenario time 0. */
  readonly startMs: number;
  /** Work events started that has not finished (timeline steps, calls). */
  readonly pending: Promise<unknown>[];
  readonly stepFailures: ExpectationResult[];
  /** State snapshots by expectation index. */
  readonly states: Map<number, StateObservation>;
  /** What a person diagnosing the run would see, for runbook reports (issue #5 §1). */
  readonly diagnosis: DiagnosisCapture;
}

function observeState(state: ScenarioRunState, expectation: Expectation, index: number): void {
  const world = state.sim.world;
  if (expectation.type === 'connection-state') {
    const store = world.keyStores.get(state.names.keyStoreId(expectation.keyStore));
    state.states.set(index, {
      connectionState: store?.connectionState ?? 'DELETED',
      errorCode: store?.connectionErrorCode,
    });
  } else if (expectation.type === 'key-state') {
    const key = world.keys.get(state.names.keyId(expectation.key));
    const store = key?.customKeyStoreId ? world.keyStores.get(key.customKeyStoreId) : undefined;
    state.states.set(index, { keyState: key ? effectiveKeyState(key, store) : 'Deleted' });
  }
}

/** Observes the world at each state expectation's `at` (relative to now, which is scenario time 0). */
export function scheduleObservations(state: ScenarioRunState, scenario: Scenario): void {
  scenario.expect.forEach((expectation, index) => {
    if (expectation.type === 'connection-state' || expectation.type === 'key-state') {
      state.sim.kernel.schedule(durationMs(expectation.at), `observe expect[${index}]`, () =>
        observeState(state, expectation, index),
      );
    }
  });
}

/**
 * Fires each timeline step at its `at` (relative to now, which is scenario time 0). `afterStart`
 * runs once a step's work has begun (serve mode pauses the kernel there, so the step settles before
 * time moves on).
 */
export function scheduleTimeline(
  state: ScenarioRunState,
  scenario: Scenario,
  afterStart: () => void = () => undefined,
): void {
  const kernel = state.sim.kernel;
  (scenario.timeline ?? []).forEach((step, index) => {
    kernel.schedule(durationMs(step.at), `timeline[${index}]`, () => {
      state.pending.push(
        performStep(
          operatorForStep(state.sim, state.diagnosis, index, step, state.operator),
          state.names,
          step,
        ).then((outcome) => {
          const what = step.fault
            ? `fault ${step.fault}`
            : step.heal
              ? `heal ${step.heal}`
              : `action ${String(step.action)}`;
          const expected = step.expectError as string | undefined;
          kernel.record('scenario.step', {
            index,
            what,
            ok: outcome.ok,
            errorName: outcome.ok ? null : outcome.errorName,
            message: outcome.ok ? null : outcome.message,
          });
          state.diagnosis.stepFinished(what, outcome);
          const passed =
            expected === undefined ? outcome.ok : !outcome.ok && outcome.errorName === expected;
          if (!passed) {
            const detail = outcome.ok
              ? `succeeded, but ${expected} was expected`
              : `${outcome.errorName}: ${outcome.message}`;
            state.stepFailures.push({
              description: `timeline[${index}] ${what} at ${String(step.at)}`,
              passed: false,
              detail,
            });
          }
        }),
      );
      afterStart();
    });
  });
}
