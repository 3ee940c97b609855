/**
 * A rule that applies to matching requests, for a number of requests and/or until a virtual time
 * (turmoil-style: a rule returns a verdict, the first matching rule wins, and a handle removes it).
 */
export interface FaultRuleScope {
  /** `kms` or `cloudhsmv2`; absent = both. */
  readonly service?: string | undefined;
  /** Wire operation names (`Encrypt`); absent = every operation. */
  readonly operations?: readonly string[] | undefined;
  /** How many matching requests it affects; absent = unlimited. */
  readonly count?: number | undefined;
  /** Virtual time after which it no longer applies; absent = until removed. */
  readonly untilMs?: number | undefined;
}

export interface FaultRule<V> extends FaultRuleScope {
  readonly id: string;
  readonly verdict: V;
}

export class FaultRuleSet<V> {
  private readonly rules: (FaultRule<V> & { used: number })[] = [];
  private nextId = 1;

  constructor(private readonly label: string) {}

  add(scope: FaultRuleScope, verdict: V): string {
    const id = `${this.label}-${this.nextId++}`;
    this.rules.push({ ...scope, id, verdict, used: 0 });
    return id;
  }

  remove(id: string): boolean {
    const index = this.rules.findIndex((rule) => rule.id === id);
    if (index >= 0) this.rules.splice(index, 1);
    return index >= 0;
  }

  clear(): void {
    this.rules.length = 0;
  }

  get size(): number {
    return this.rules.length;
  }

  /**
   * Whether any rule could still match a request at `nowMs`: one neither past its `untilMs` nor used
   * up. A rule given a duration stays in the set after it ends (only its heal removes it), so `size`
   * alone would count rules that no request can meet any more.
   */
  anyInForce(nowMs: number): boolean {
    for (const rule of this.rules) if (inForce(rule, nowMs)) return true;
    return false;
  }

  /** The first live rule matching this request (counting it as used), if any. */
  match(service: string, operation: string, nowMs: number): FaultRule<V> | undefined {
    for (const rule of this.rules) {
      if (!inForce(rule, nowMs)) continue;
      if (rule.service !== undefined && rule.service !== service) continue;
      if (rule.operations !== undefined && !rule.operations.includes(operation)) continue;
      rule.used += 1;
      return rule;
    }
    return undefined;
  }
}

function inForce(rule: FaultRule<unknown> & { used: number }, nowMs: number): boolean {
  if (rule.untilMs !== undefined && nowMs >= rule.untilMs) return false;
  return rule.count === undefined || rule.used < rule.count;
}
