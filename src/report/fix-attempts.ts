/**
 * Which of the operator's fix steps made things work, and which were attempts that failed, with why
 * (issue 14: "the scenario's own failed attempts are labelled as such, with why they failed").
 *
 * Up to the fix that ended the last errors (incident.ts `recovery().fix`), in order:
 * - a step the service refused is a failed attempt on its own (its error says why);
 * - a connect whose key store then went FAILED is a failed attempt, together with the steps since
 *   the previous attempt that led up to it (the FAILED ConnectionErrorCode says why, and the steps
 *   the working fix has that this attempt lacked say what was missing);
 * - what is left is the working fix.
 * Steps after that fix are listed apart (`after`): the run did more, but the errors had ended.
 */
import type { FixEntry, Recovery } from './incident.js';
import type { RunFacts, StateFact, StepFact } from './run-facts.js';

export interface FailedAttempt {
  readonly entries: readonly FixEntry[];
  /** `refused`: the last step's request failed; `connect-failed`: the connect ended FAILED. */
  readonly kind: 'refused' | 'connect-failed';
  /** The FAILED state change of a failed connect. */
  readonly failedState?: StateFact;
  /** The refused step of a refused attempt. */
  readonly refusedStep?: StepFact;
}

export interface FixPlan {
  readonly failed: readonly FailedAttempt[];
  /** The steps that, together, ended the errors. */
  readonly working: readonly FixEntry[];
  /** Fix steps after the one that ended the errors. */
  readonly after: readonly FixEntry[];
}

/** The key store id a step acts on, from its scenario parameter. */
export function stepStoreId(facts: RunFacts, step: StepFact): string | undefined {
  const name = step.params.keyStore;
  return typeof name === 'string' ? facts.names.byName.get(`keyStores/${name}`) : undefined;
}

/** What a connect led to: the store's next CONNECTED or FAILED, before the store's next connect. */
export function connectOutcome(facts: RunFacts, step: StepFact): StateFact | undefined {
  const storeId = stepStoreId(facts, step);
  if (storeId === undefined) return undefined;
  const nextConnect = facts.steps.find(
    (other) =>
      other.atMs > step.atMs &&
      other.name === 'connect-key-store' &&
      stepStoreId(facts, other) === storeId,
  );
  return facts.keyStores.find(
    (change) =>
      change.id === storeId &&
      change.atMs >= step.atMs &&
      (nextConnect === undefined || change.atMs < nextConnect.atMs) &&
      (change.state === 'CONNECTED' || change.state === 'FAILED'),
  );
}

export function fixPlan(facts: RunFacts, fixes: readonly FixEntry[], result: Recovery): FixPlan {
  const endIndex = result.fix ? fixes.indexOf(result.fix) : fixes.length - 1;
  const failed: FailedAttempt[] = [];
  let pending: FixEntry[] = [];
  fixes.slice(0, endIndex + 1).forEach((entry) => {
    const step = entry.step;
    if (step && step.ok === false) {
      failed.push({ entries: [entry], kind: 'refused', refusedStep: step });
      return;
    }
    pending.push(entry);
    if (step?.name === 'connect-key-store') {
      const outcome = connectOutcome(facts, step);
      if (outcome?.state === 'FAILED') {
        failed.push({ entries: pending, kind: 'connect-failed', failedState: outcome });
        pending = [];
      }
    }
  });
  return { failed, working: pending, after: fixes.slice(endIndex + 1) };
}
