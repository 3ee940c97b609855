/**
 * The shape of an incident, from run facts: which timeline steps caused trouble and which fixed it,
 * when each kind of error stopped and what stopped it, and the recovery figures (issue #5 §1:
 * time to the first success, time to the full success rate, errors seen during recovery).
 *
 * Step roles, in timeline order:
 * - setup: anything before the first fault, disruptive action or failed call (e.g. adding an HSM
 *   so that a backup holds the keys);
 * - cause: faults, and disruptive operator actions (disconnect, delete an HSM, disable a key,
 *   schedule deletion) before any fix began, unless a fault came first (then a disconnect is the
 *   first step of RB-3, a fix);
 * - symptom: a step the scenario expects to fail before any fix began (it shows the problem);
 * - fix: heals and every other operator action once the incident has begun, including attempts
 *   that fail (they are part of what the operator did).
 * A fault that ends by itself (it was injected for a duration) adds a fix entry at its end.
 */
import type { CallFact, FaultFact, RunFacts, StepFact } from './run-facts.js';

/** How the caller names the exception: its type, plus the Node error code for socket errors. */
export function errorLabel(call: Pick<CallFact, 'errorName' | 'errorCode'>): string {
  const name = call.errorName ?? 'Error';
  return call.errorCode && call.errorCode !== name ? `${name} (${call.errorCode})` : name;
}

export type StepRole = 'setup' | 'cause' | 'symptom' | 'fix';

const DISRUPTIVE_ACTIONS = new Set([
  'disconnect-key-store',
  'delete-hsm',
  'disable-key',
  'schedule-key-deletion',
]);

/** Something that ended trouble, or was meant to: a fix step, or a fault running out. */
export interface FixEntry {
  readonly atMs: number;
  readonly step?: StepFact;
  readonly faultEnd?: FaultFact;
}

/** Failed calls of one client with one exception. */
export interface ErrorKind {
  readonly client: string;
  /** The exception as errorLabel names it. */
  readonly errorName: string;
  readonly count: number;
  readonly firstMs: number;
  readonly lastMs: number;
  /** The client's first successful call of an operation that failed this way, after the last of these errors. */
  readonly successAfter: CallFact | undefined;
  /** The latest fix entry before that success. */
  readonly fixedBy: FixEntry | undefined;
}

export interface Recovery {
  readonly kinds: readonly ErrorKind[];
  /** The latest fix entry that ended a kind of error. */
  readonly fix: FixEntry | undefined;
  /** First successful call that finished at or after the fix (or after the last error, without a fix). */
  readonly firstSuccess: CallFact | undefined;
  /**
   * From here to the end every call succeeded, and each kind of call that had failed had worked
   * again; undefined when some kind never worked again before the end.
   */
  readonly fullSuccessFromMs: number | undefined;
  /** Calls that failed between the fix and the full success rate, by `client|exception`. */
  readonly errorsDuringRecovery: ReadonlyMap<string, number>;
  readonly callsAfterFullSuccess: number;
}

export function stepRoles(facts: RunFacts): Map<number, StepRole> {
  const roles = new Map<number, StepRole>();
  const firstFailureMs = Math.min(
    ...facts.calls.filter((call) => !call.ok).map((call) => call.endMs),
  );
  let phase: 'setup' | 'cause' | 'fix' = 'setup';
  let faultSeen = false;
  for (const step of facts.steps) {
    let role: StepRole;
    const expectsError = step.params.expectError !== undefined;
    if (step.kind === 'fault') {
      role = 'cause';
      faultSeen = true;
      if (phase === 'setup') phase = 'cause';
    } else if (step.kind === 'heal') {
      role = 'fix';
    } else if (phase === 'fix') {
      role = 'fix';
    } else if (DISRUPTIVE_ACTIONS.has(step.name) && !faultSeen) {
      role = 'cause';
    } else if (phase === 'cause' || step.atMs >= firstFailureMs) {
      role = expectsError ? 'symptom' : 'fix';
    } else {
      role = 'setup';
    }
    if (role === 'cause' && phase === 'setup') phase = 'cause';
    if (role === 'fix') phase = 'fix';
    roles.set(step.index, role);
  }
  return roles;
}

/** Fix steps and fault ends, in time order. */
export function fixEntries(facts: RunFacts, roles: ReadonlyMap<number, StepRole>): FixEntry[] {
  const entries: FixEntry[] = facts.steps
    .filter((step) => roles.get(step.index) === 'fix')
    .map((step) => ({ atMs: step.atMs, step }));
  for (const fault of facts.faults) {
    const durationMs = fault.params.durationMs;
    if (typeof durationMs !== 'number') continue;
    const endMs = fault.atMs + durationMs;
    if (fault.healedAtMs === undefined || fault.healedAtMs > endMs)
      entries.push({ atMs: endMs, faultEnd: fault });
  }
  return entries.sort((a, b) => a.atMs - b.atMs);
}

function errorKinds(facts: RunFacts, fixes: readonly FixEntry[]): ErrorKind[] {
  const groups = new Map<string, CallFact[]>();
  for (const call of facts.calls) {
    if (call.ok) continue;
    const key = `${call.client}|${errorLabel(call)}`;
    groups.set(key, [...(groups.get(key) ?? []), call]);
  }
  return [...groups.values()].map((calls) => {
    const first = calls[0]!;
    const lastMs = Math.max(...calls.map((call) => call.endMs));
    const operations = new Set(calls.map((call) => call.operation));
    // Recovered when the same client's same kind of call works again (another operation may never have failed).
    const successAfter = facts.calls.find(
      (call) =>
        call.ok &&
        call.client === first.client &&
        operations.has(call.operation) &&
        call.endMs > lastMs,
    );
    const fixedBy = successAfter
      ? [...fixes]
          .reverse()
          .find((fix) => fix.atMs <= successAfter.endMs && fix.atMs >= first.endMs - 1)
      : undefined;
    return {
      client: first.client,
      errorName: errorLabel(first),
      count: calls.length,
      firstMs: Math.min(...calls.map((call) => call.endMs)),
      lastMs,
      successAfter,
      fixedBy,
    };
  });
}

export function recovery(facts: RunFacts, fixes: readonly FixEntry[]): Recovery {
  const kinds = errorKinds(facts, fixes);
  const failed = facts.calls.filter((call) => !call.ok);
  const lastFailureMs =
    failed.length > 0 ? Math.max(...failed.map((call) => call.endMs)) : undefined;
  const fix = kinds
    .map((kind) => kind.fixedBy)
    .filter((entry): entry is FixEntry => entry !== undefined)
    .sort((a, b) => b.atMs - a.atMs)[0];
  const fromMs = fix?.atMs ?? lastFailureMs ?? 0;
  const firstSuccess = facts.calls.find(
    (call) => call.ok && call.endMs >= fromMs && (fix !== undefined || call.endMs > fromMs),
  );
  // Full success: no failure afterwards, and every kind of failed call has worked again.
  const recoveredAt = kinds.map((kind) => kind.successAfter?.endMs);
  const fullSuccessFromMs = recoveredAt.includes(undefined)
    ? undefined
    : recoveredAt.length === 0
      ? facts.calls[0]?.endMs
      : Math.max(...(recoveredAt as number[]));
  const errorsDuringRecovery = new Map<string, number>();
  if (fix) {
    for (const call of failed) {
      if (
        call.endMs < fix.atMs ||
        (fullSuccessFromMs !== undefined && call.endMs >= fullSuccessFromMs)
      )
        continue;
      const key = `${call.client}|${errorLabel(call)}`;
      errorsDuringRecovery.set(key, (errorsDuringRecovery.get(key) ?? 0) + 1);
    }
  }
  const callsAfterFullSuccess =
    fullSuccessFromMs === undefined
      ? 0
      : facts.calls.filter((call) => call.endMs >= fullSuccessFromMs).length;
  return {
    kinds,
    fix,
    firstSuccess,
    fullSuccessFromMs,
    errorsDuringRecovery,
    callsAfterFullSuccess,
  };
}
