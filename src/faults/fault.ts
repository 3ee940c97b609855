/**
 * The contract every fault follows (issue #3 §2), and the one place each fault is declared
 * (issue #15 §2). An injector changes a *cause* in the world (an HSM dies, a password changes, a
 * partition opens) and the services derive what clients see. Symptom injectors (force-error) are
 * the flagged exception.
 *
 * A fault's file declares, with `defineFault`, everything else needs to know about it:
 * - its parameters, once, as a scenario step writes them (`kind`) and as the injector receives them
 *   (`as`), with bounds; the injector's own table (`injectorParams`) is derived from them;
 * - whether property tests may schedule it, and how its parameters are drawn (`schedule`);
 * - what a person does when it heals (`runbook.heal`), for the runbook's Fix section.
 * The catalogue (catalogue.ts) lists the definitions; the scenario step table, the property
 * arbitrary's fault list, the runbook rows and the `FaultName` union are derived from that list.
 */
import type { WorldTimings } from '../world/timings.js';
import type { World } from '../world/world.js';

/** How a scenario step writes a parameter; the scenario runner resolves references to real ids. */
export type StepParamKind =
  /** A cluster declared in world.clusters or created by an earlier step. */
  | 'cluster'
  | 'key-store'
  | 'key'
  /** An Availability Zone letter or name of the step's cluster. */
  | 'az'
  /** A new logical name this step declares (a cluster or key). */
  | 'new-cluster'
  | 'new-key'
  | 'duration'
  | 'number'
  | 'string'
  | 'string-list'
  | 'az-list';

/** One parameter as a scenario step writes it (faults and operator actions alike). */
export interface StepParam {
  readonly kind: StepParamKind;
  readonly required: boolean;
  /** The injector parameter this resolves to (e.g. cluster → clusterId). */
  readonly as?: string;
  /** Inclusive bounds of a number, or of a duration in ms. Numbers and durations are never negative. */
  readonly min?: number;
  readonly max?: number;
  /** A whole number (a count of requests). */
  readonly integer?: boolean;
  /** A closed set of strings the value must be one of, and what to call them in a message. */
  readonly values?: readonly string[];
  readonly valuesAre?: string;
}

/**
 * One fault parameter, declared once. A cluster, key store or key without `as` is context only
 * (the cluster whose AZ names a subnet): it never reaches the injector.
 */
export interface FaultParam extends StepParam {
  /** What it means, in the injector's terms; shown in messages about it. */
  readonly description: string;
}

/** The type of a parameter as the injector receives it (after the runner resolved references). */
export type ParamType = 'string' | 'number' | 'string-list';

/** A parameter in the injector's terms (sim.inject, the server's inject-fault action). */
export interface ParamSpec {
  readonly type: ParamType;
  readonly required: boolean;
  readonly description: string;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly values?: readonly string[];
  readonly valuesAre?: string;
}

/**
 * How a property test draws one scenario parameter (src/properties/fault-schedule-arbitrary.ts).
 * `multiples`: a whole number k from `from` to `to`, times `of` (a duration's `of` is in ms).
 */
export type ParamDraw = (
  | { readonly draw: 'az' }
  | { readonly draw: 'one-of'; readonly values: readonly (string | number)[] }
  | { readonly draw: 'multiples'; readonly of: number; readonly from: number; readonly to: number }
) & {
  /** Sometimes left out, so the injector's default is tried too. */
  readonly optional?: boolean;
};

/** Whether and how property tests may schedule a fault (the fault model in fault-schedule-arbitrary.ts). */
export interface ScheduleRules {
  /** Drawn when the caller names no faults: its heal alone returns the world to working order. */
  readonly byDefault: boolean;
  /**
   * How each parameter besides the target (the fault's cluster, key store or key) is drawn, in
   * this order; a parameter not named here is left out.
   */
  readonly draw: Readonly<Record<string, ParamDraw>>;
  /** ConnectCustomKeyStore ends FAILED while it lasts (docs/behaviour.md §4.2): a reconnect must not overlap it. */
  readonly breaksConnect?: boolean;
  /**
   * Its heal connects a key store, so it must not overlap a `breaksConnect` fault on the store's
   * cluster: the connect would end FAILED and nothing retries it.
   */
  readonly healConnects?: boolean;
  /** It takes HSMs away: two such faults on one cluster must not overlap. */
  readonly losesHsms?: boolean;
  /** Virtual ms the world still needs after the heal (a reconnect, a replacement HSM). */
  readonly settleMs?: (timings: WorldTimings) => number;
}

/** What a runbook report says about a fault besides its summary. */
export interface FaultRunbook {
  /** What a person does when the fault heals; absent for a fault no reversal heals. */
  readonly heal?: string;
}

export type FaultParams = Readonly<Record<string, unknown>>;

export type InjectOutcome =
  | { readonly ok: true; readonly heal: (() => void) | undefined }
  | { readonly ok: false; readonly message: string };

/** What a fault's file declares. */
export interface FaultDeclaration<N extends string = string> {
  readonly name: N;
  /** One line: what it models. */
  readonly summary: string;
  /** True for symptom injectors, which every report marks (issue #3 §2). */
  readonly symptom: boolean;
  /** False when no reversal heals it (lost key material); recovery is operator work. */
  readonly healable: boolean;
  /** Parameters by their scenario name, in the order a scenario reference lists them. */
  readonly params: Readonly<Record<string, FaultParam>>;
  /** How property tests may schedule it; `undefined`: they may not. */
  readonly schedule: ScheduleRules | undefined;
  readonly runbook: FaultRunbook;
  /**
   * A rule across parameters that their kinds cannot state (a connection fault's operations must
   * belong to its service): the field at fault and what is wrong. Checked by the scenario loader
   * and at injection alike, so a rule that could never match is refused, never injected.
   */
  readonly validate?: (params: FaultParams) => { field: string; message: string } | undefined;
  /**
   * Applies the cause, given parameters in the injector's terms. Returns how to undo it (undefined
   * exactly when the fault is not healable), or a message naming the bad field.
   */
  inject(world: World, params: FaultParams): InjectOutcome;
}

/** A declaration plus what is derived from it. */
export interface FaultDefinition<N extends string = string> extends FaultDeclaration<N> {
  /** The parameters in the injector's terms, derived from `params`. */
  readonly injectorParams: Readonly<Record<string, ParamSpec>>;
}

const REFERENCE_KINDS: ReadonlySet<StepParamKind> = new Set(['cluster', 'key-store', 'key']);

/** True for a parameter that only gives context to another (a cluster without `as`). */
export function isContextOnly(param: StepParam): boolean {
  return REFERENCE_KINDS.has(param.kind) && param.as === undefined;
}

function injectorType(kind: StepParamKind): ParamType {
  if (kind === 'duration' || kind === 'number') return 'number';
  if (kind === 'string-list' || kind === 'az-list') return 'string-list';
  return 'string';
}

function injectorParamsOf(
  params: Readonly<Record<string, FaultParam>>,
): Readonly<Record<string, ParamSpec>> {
  const out: Record<string, ParamSpec> = {};
  for (const [name, param] of Object.entries(params)) {
    if (isContextOnly(param)) continue;
    out[param.as ?? name] = {
      type: injectorType(param.kind),
      required: param.required,
      description: param.description,
      ...(param.min !== undefined ? { min: param.min } : {}),
      ...(param.max !== undefined ? { max: param.max } : {}),
      ...(param.integer ? { integer: true } : {}),
      ...(param.values !== undefined ? { values: param.values } : {}),
      ...(param.valuesAre !== undefined ? { valuesAre: param.valuesAre } : {}),
    };
  }
  return out;
}

export function defineFault<const N extends string>(
  declaration: FaultDeclaration<N>,
): FaultDefinition<N> {
  return { ...declaration, injectorParams: injectorParamsOf(declaration.params) };
}

/** The usual first parameter: the cluster the fault acts on. */
export function onCluster(description = 'the cluster'): FaultParam {
  return { kind: 'cluster', required: true, as: 'clusterId', description };
}

export function injected(heal: (() => void) | undefined): InjectOutcome {
  return { ok: true, heal };
}

export function refused(message: string): InjectOutcome {
  return { ok: false, message };
}

/** undefined when a number fits its bounds; otherwise what it must be. */
export function boundsProblem(
  value: number,
  bounds: { readonly min?: number; readonly max?: number; readonly integer?: boolean },
): string | undefined {
  const min = bounds.min ?? 0;
  const whole = bounds.integer && !Number.isInteger(value);
  if (!whole && value >= min && (bounds.max === undefined || value <= bounds.max)) return undefined;
  const what = bounds.integer ? 'a whole number' : 'a number';
  return bounds.max === undefined
    ? `${what} of at least ${min}`
    : `${what} from ${min} to ${bounds.max}`;
}

/** Checks parameters in the injector's terms; returns a message naming the first bad field. */
export function checkParams(fault: FaultDefinition, params: FaultParams): string | undefined {
  for (const [name, spec] of Object.entries(fault.injectorParams)) {
    const value = params[name];
    if (value === undefined) {
      if (spec.required)
        return `field '${name}' is required for fault '${fault.name}' (${spec.description})`;
      continue;
    }
    const fits =
      spec.type === 'string'
        ? typeof value === 'string' && value.length > 0
        : spec.type === 'number'
          ? typeof value === 'number' && Number.isFinite(value) && value >= 0
          : Array.isArray(value) && value.every((item) => typeof item === 'string');
    if (!fits)
      return `field '${name}' of fault '${fault.name}' must be ${spec.type === 'string-list' ? 'a list of strings' : `a ${spec.type === 'number' ? 'non-negative number' : 'non-empty string'}`}`;
    const bounds = typeof value === 'number' ? boundsProblem(value, spec) : undefined;
    if (bounds) return `field '${name}' of fault '${fault.name}' must be ${bounds}, got ${value}`;
    if (typeof value === 'string' && spec.values !== undefined && !spec.values.includes(value))
      return `field '${name}' of fault '${fault.name}' must be ${spec.valuesAre ?? `one of ${spec.values.join(', ')}`}, got '${value}'`;
  }
  for (const name of Object.keys(params)) {
    // Own properties only: `toString` or `constructor` is not a parameter of any fault.
    if (!Object.hasOwn(fault.injectorParams, name))
      return `field '${name}' is not a parameter of fault '${fault.name}'; its parameters are: ${Object.keys(fault.injectorParams).join(', ') || '(none)'}`;
  }
  const problem = fault.validate?.(params);
  return problem === undefined ? undefined : `field '${problem.field}' ${problem.message}`;
}
