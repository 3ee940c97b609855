/**
 * The contract every fault injector follows (issue #3 §2). An injector changes a *cause* in the
 * world (an HSM dies, a password changes, a partition opens) and the services derive what clients
 * see. Symptom injectors (force-error) are the flagged exception. Parameters name real ids; the
 * scenario runner resolves logical names first.
 */
import type { World } from '../world/world.js';

export type ParamType = 'string' | 'number' | 'string-list';

export interface ParamSpec {
  readonly type: ParamType;
  readonly required: boolean;
  readonly description: string;
}

export type FaultParams = Readonly<Record<string, unknown>>;

export interface FaultInjector {
  readonly name: string;
  /** One line: what it models. */
  readonly summary: string;
  /** True for symptom injectors, which every report marks (issue #3 §2). */
  readonly symptom: boolean;
  readonly params: Readonly<Record<string, ParamSpec>>;
  /**
   * Applies the cause. Returns how to undo it, or a message naming the bad field. `undefined` heal
   * means the fault cannot be healed by reversal (lost key material); recovery is operator work.
   */
  inject(world: World, params: FaultParams): InjectOutcome;
}

export type InjectOutcome =
  | { readonly ok: true; readonly heal: (() => void) | undefined }
  | { readonly ok: false; readonly message: string };

export function injected(heal: (() => void) | undefined): InjectOutcome {
  return { ok: true, heal };
}

export function refused(message: string): InjectOutcome {
  return { ok: false, message };
}

/** Checks declared parameters; returns a message naming the first bad field. */
export function checkParams(injector: FaultInjector, params: FaultParams): string | undefined {
  for (const [name, spec] of Object.entries(injector.params)) {
    const value = params[name];
    if (value === undefined) {
      if (spec.required)
        return `field '${name}' is required for fault '${injector.name}' (${spec.description})`;
      continue;
    }
    const fits =
      spec.type === 'string'
        ? typeof value === 'string' && value.length > 0
        : spec.type === 'number'
          ? typeof value === 'number' && Number.isFinite(value) && value >= 0
          : Array.isArray(value) && value.every((item) => typeof item === 'string');
    if (!fits)
      return `field '${name}' of fault '${injector.name}' must be ${spec.type === 'string-list' ? 'a list of strings' : `a ${spec.type === 'number' ? 'non-negative number' : 'non-empty string'}`}`;
  }
  for (const name of Object.keys(params)) {
    // Own properties only: `toString` or `constructor` is not a parameter of any fault.
    if (!Object.hasOwn(injector.params, name))
      return `field '${name}' is not a parameter of fault '${injector.name}'; its parameters are: ${Object.keys(injector.params).join(', ') || '(none)'}`;
  }
  return undefined;
}
