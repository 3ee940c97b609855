/**
 * What is injected right now, so it can be healed by id (server, TypeScript) or by name and
 * parameters (scenario timelines), and so reports can flag symptom injection.
 */
import type { World } from '../world/world.js';
import { checkParams, type FaultParams } from './fault.js';
import { FAULT_CATALOGUE } from './catalogue.js';

export interface ActiveFault {
  readonly faultId: string;
  readonly name: string;
  readonly params: FaultParams;
  readonly symptom: boolean;
  readonly heal: (() => void) | undefined;
}

/** True when every parameter the heal names has the value the fault was injected with. */
function includesParams(injected: FaultParams, named: FaultParams): boolean {
  return Object.keys(named).every(
    (key) =>
      Object.hasOwn(injected, key) && JSON.stringify(injected[key]) === JSON.stringify(named[key]),
  );
}

export class ActiveFaults {
  private readonly faults = new Map<string, ActiveFault>();
  private nextId = 1;
  /** True once any symptom injector was used in this run (reports flag it). */
  symptomsUsed = false;

  constructor(private readonly world: World) {}

  list(): ActiveFault[] {
    return [...this.faults.values()];
  }

  inject(
    name: string,
    params: FaultParams,
  ): { ok: true; faultId: string; healable: boolean } | { ok: false; message: string } {
    const injector = FAULT_CATALOGUE.get(name);
    if (!injector)
      return {
        ok: false,
        message: `field 'fault': unknown fault '${name}'; known faults: ${[...FAULT_CATALOGUE.keys()].join(', ')}`,
      };
    const bad = checkParams(injector, params);
    if (bad) return { ok: false, message: bad };
    const outcome = injector.inject(this.world, params);
    if (!outcome.ok) return outcome;
    const faultId = `fault-${this.nextId++}`;
    this.faults.set(faultId, {
      faultId,
      name,
      params,
      symptom: injector.symptom,
      heal: outcome.heal,
    });
    if (injector.symptom) this.symptomsUsed = true;
    // Traces never carry secrets: a password parameter is recorded as redacted.
    const traced = Object.fromEntries(
      Object.entries(params).map(([key, value]) => [
        key,
        /password/i.test(key) ? '(redacted)' : value,
      ]),
    );
    this.world.record('fault.injected', {
      faultId,
      fault: name,
      params: traced,
      symptom: injector.symptom,
    });
    return { ok: true, faultId, healable: outcome.heal !== undefined };
  }

  /** Heals by id, or else the most recent active fault with this name injected with (at least) these parameters. */
  heal(selector: {
    faultId?: string;
    name?: string;
    params?: FaultParams;
  }): { ok: true; faultId: string } | { ok: false; message: string } {
    let fault: ActiveFault | undefined;
    if (selector.faultId !== undefined) fault = this.faults.get(selector.faultId);
    else {
      fault = this.list()
        .reverse()
        .find(
          (candidate) =>
            candidate.name === selector.name &&
            (selector.params === undefined || includesParams(candidate.params, selector.params)),
        );
    }
    if (!fault) {
      const named =
        selector.faultId !== undefined
          ? `field 'faultId': no active fault ${selector.faultId}`
          : `field 'fault': no active '${selector.name}' fault with these parameters`;
      return { ok: false, message: named };
    }
    if (!fault.heal)
      return {
        ok: false,
        message: `field 'fault': '${fault.name}' cannot be healed by reversal; recover with operator actions`,
      };
    fault.heal();
    this.faults.delete(fault.faultId);
    this.world.record('fault.healed', { faultId: fault.faultId, fault: fault.name });
    return { ok: true, faultId: fault.faultId };
  }
}
