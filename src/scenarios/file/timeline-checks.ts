/**
 * Timeline steps against the step catalogue (step-catalogue.ts): exactly one of fault, heal or
 * action; a known name; only that step's parameters (plus STEP_KEYS), the required ones present,
 * each of the right kind; references resolved in timeline order, so a step may use a cluster or key
 * that an earlier step creates but not one a later step creates (issue #3 §3, "Bad input").
 */
import { FAULT_CATALOGUE } from '../../faults/catalogue.js';
import { boundsProblem } from '../../faults/fault.js';
import { ACTION_STEPS, FAULT_STEPS, STEP_KEYS, type StepParam } from './step-catalogue.js';
import { durationMsOrUndefined, durationProblem } from './duration-checks.js';
import type { NameKind, NameScope } from './name-scope.js';
import { describeValue, type PathProblem, type PathSegment } from './problem.js';
import { closestName, didYouMean } from './did-you-mean.js';
import { azProblem } from './schema-values.js';

type Verb = 'fault' | 'heal' | 'action';
const VERBS: readonly Verb[] = ['fault', 'heal', 'action'];

interface Step {
  readonly index: number;
  readonly value: Record<string, unknown>;
  readonly path: readonly PathSegment[];
  /** What the step does, once it names exactly one known fault, heal or action. */
  readonly entry?: {
    readonly verb: Verb;
    readonly name: string;
    readonly params: Readonly<Record<string, StepParam>>;
  };
}

const FAULT_NAMES = Object.keys(FAULT_STEPS);
const ACTION_NAMES = Object.keys(ACTION_STEPS);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownStepMessage(verb: Verb, name: string): string {
  if (verb === 'action' && Object.hasOwn(FAULT_STEPS, name))
    return `'${name}' is a fault, not an action: write 'fault: ${name}'`;
  if (verb !== 'action' && Object.hasOwn(ACTION_STEPS, name))
    return `'${name}' is an operator action, not a fault: write 'action: ${name}'`;
  const known = verb === 'action' ? ACTION_NAMES : FAULT_NAMES;
  const noun = verb === 'action' ? 'action' : 'fault';
  return `unknown ${noun} '${name}'${didYouMean(name, known)}; known ${noun}s: ${known.join(', ')}`;
}

/** The step's single verb and its catalogue entry, or a problem. */
function stepEntry(
  value: Record<string, unknown>,
  path: readonly PathSegment[],
  problems: PathProblem[],
): Step['entry'] {
  const present = VERBS.filter((verb) => value[verb] !== undefined);
  if (present.length === 0) {
    // `fualt: hsm-loss` is the likelier story than a step that forgot its verb: name the typo.
    const typo = Object.keys(value).find((key) => closestName(key, VERBS) !== undefined);
    const needs = `a step needs one of ${VERBS.join(', ')}`;
    if (typo !== undefined)
      problems.push({
        path: [...path, typo],
        atKey: true,
        message: `unknown key '${typo}'${didYouMean(typo, VERBS)}; ${needs}`,
      });
    else problems.push({ path, message: `${needs} (e.g. 'fault: network-partition')` });
    return undefined;
  }
  if (present.length > 1) {
    problems.push({
      path: [...path, present[1]!],
      atKey: true,
      message: `a step takes exactly one of ${VERBS.join(', ')}; this one also has '${present[0]}'`,
    });
    return undefined;
  }
  const verb = present[0]!;
  const name = value[verb];
  if (typeof name !== 'string') return undefined; // the schema reports the type
  // Own properties only: `fault: constructor` names no fault, whatever every object inherits.
  const table = verb === 'action' ? ACTION_STEPS : FAULT_STEPS;
  const params = Object.hasOwn(table, name) ? table[name] : undefined;
  if (params === undefined) {
    problems.push({ path: [...path, verb], message: unknownStepMessage(verb, name) });
    return undefined;
  }
  return { verb, name, params };
}

/** Steps in the order they run: by `at`, ties (and unreadable times, last) in file order. */
function orderedSteps(timeline: readonly unknown[], problems: PathProblem[]): Step[] {
  const steps: { step: Step; atMs: number }[] = [];
  timeline.forEach((value, index) => {
    if (!isRecord(value)) return;
    const path = ['timeline', index];
    const entry = stepEntry(value, path, problems);
    const step: Step = entry === undefined ? { index, value, path } : { index, value, path, entry };
    steps.push({ step, atMs: durationMsOrUndefined(value['at']) ?? Number.POSITIVE_INFINITY });
  });
  return steps
    .sort((a, b) => a.atMs - b.atMs || a.step.index - b.step.index)
    .map(({ step }) => step);
}

function checkStepKeys(step: Step, problems: PathProblem[]): void {
  const { entry, value, path } = step;
  if (entry === undefined) return;
  const allowed = [...STEP_KEYS, ...Object.keys(entry.params)];
  const label = `${entry.verb === 'action' ? 'action' : 'fault'} '${entry.name}'`;
  const takes =
    Object.keys(entry.params).length === 0
      ? 'it takes no parameters'
      : `it takes: ${Object.keys(entry.params).join(', ')}`;
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      problems.push({
        path: [...path, key],
        atKey: true,
        message: `unknown key '${key}' for ${label}${didYouMean(key, allowed)}; ${takes}`,
      });
    }
  }
  // A heal names which fault it ends by its references (cluster, key store, key); the fault's
  // settings (rps, latency, ...) are optional there, since the heal matches on what it names.
  const healing = entry.verb === 'heal';
  for (const [key, param] of Object.entries(entry.params)) {
    const needed = param.required && (!healing || param.kind in REFERENCE_KINDS);
    if (needed && value[key] === undefined)
      problems.push({
        path: [...path, key],
        message: `missing required key '${key}' for ${label}`,
      });
  }
}

const REFERENCE_KINDS: Partial<Record<StepParam['kind'], NameKind>> = {
  cluster: 'cluster',
  'key-store': 'key-store',
  key: 'key',
};

/** What is wrong with a parameter value that is not a reference, or undefined. */
function valueProblem(kind: StepParam['kind'], value: unknown): string | undefined {
  switch (kind) {
    case 'duration':
      return durationProblem(value);
    case 'number':
      return Number.isInteger(value) && (value as number) >= 0
        ? undefined
        : `expected a whole number >= 0, got ${describeValue(value)}`;
    case 'string':
      return typeof value === 'string'
        ? undefined
        : `expected a string, got ${describeValue(value)}`;
    case 'string-list':
      return Array.isArray(value) && value.every((item) => typeof item === 'string')
        ? undefined
        : `expected a list of strings, got ${describeValue(value)}`;
    case 'new-cluster':
    case 'new-key':
      return typeof value === 'string' && value !== ''
        ? undefined
        : `expected a new name, got ${describeValue(value)}`;
    default:
      return azProblem(value);
  }
}

function checkParam(
  param: StepParam,
  value: unknown,
  path: PathSegment[],
  scope: NameScope,
  order: number,
  problems: PathProblem[],
): void {
  const reference = REFERENCE_KINDS[param.kind];
  if (reference !== undefined) {
    if (typeof value !== 'string')
      problems.push({
        path,
        message: `expected a ${reference.replace('-', ' ')} name, got ${describeValue(value)}`,
      });
    else scope.resolve(reference, value, path, order);
    return;
  }
  if (param.kind === 'az-list') {
    if (!Array.isArray(value) || value.length === 0)
      problems.push({
        path,
        message: `expected a list of Availability Zones, got ${describeValue(value)}`,
      });
    else
      value.forEach((item, index) => {
        pushIf(problems, [...path, index], azProblem(item));
      });
    return;
  }
  pushIf(problems, path, valueProblem(param.kind, value) ?? declaredProblem(param, value));
}

/**
 * Rules a fault declares beyond its parameter kind (src/faults/): bounds of a number or duration,
 * and a closed set of strings (force-error's `exception` must be a KMS exception).
 */
function declaredProblem(param: StepParam, value: unknown): string | undefined {
  const number = param.kind === 'duration' ? durationMsOrUndefined(value) : value;
  if (typeof number === 'number') {
    const bounds = boundsProblem(number, param);
    if (bounds !== undefined)
      return `expected ${bounds}${param.kind === 'duration' ? ' ms' : ''}, got ${describeValue(value)}`;
  }
  if (typeof value === 'string' && param.values !== undefined && !param.values.includes(value))
    return `'${value}' is not ${param.valuesAre ?? `one of ${param.values.join(', ')}`}${didYouMean(value, param.values)}`;
  return undefined;
}

function pushIf(
  problems: PathProblem[],
  path: readonly PathSegment[],
  message: string | undefined,
): void {
  if (message !== undefined) problems.push({ path, message });
}

/** A heal with no fault of that name before it heals nothing: almost certainly a mistake. */
function checkHeal(step: Step, faultsSoFar: ReadonlySet<string>, problems: PathProblem[]): void {
  if (step.entry?.verb === 'heal' && !faultsSoFar.has(step.entry.name)) {
    problems.push({
      path: [...step.path, 'heal'],
      message: `nothing to heal: no '${step.entry.name}' fault runs before this step`,
    });
  }
}

export function checkTimeline(timeline: unknown, scope: NameScope, problems: PathProblem[]): void {
  if (!Array.isArray(timeline)) return;
  const steps = orderedSteps(timeline, problems);
  // Declare created names first, so a too-early reference can say which step creates the name. A
  // step that must fail (expectError) creates nothing, so a later step may retry with the same name.
  steps.forEach((step, order) => {
    if (step.value['expectError'] !== undefined) return;
    for (const [key, param] of Object.entries(step.entry?.params ?? {})) {
      if (param.kind === 'new-cluster')
        scope.declare('cluster', step.value[key], [...step.path, key], order);
      if (param.kind === 'new-key')
        scope.declare('key', step.value[key], [...step.path, key], order);
    }
  });
  const faultsSoFar = new Set<string>();
  steps.forEach((step, order) => {
    checkStepKeys(step, problems);
    checkHeal(step, faultsSoFar, problems);
    if (step.entry?.verb === 'fault') faultsSoFar.add(step.entry.name);
    for (const [key, param] of Object.entries(step.entry?.params ?? {})) {
      const value = step.value[key];
      if (value === undefined) continue;
      checkParam(param, value, [...step.path, key], scope, order, problems);
    }
    // The fault's rule across its parameters (faults/fault.ts `validate`), on the names as written.
    if (step.entry?.verb === 'fault') {
      const problem = FAULT_CATALOGUE.get(step.entry.name)?.validate?.(step.value);
      if (problem !== undefined)
        problems.push({ path: [...step.path, problem.field], message: problem.message });
    }
  });
}
