import { describe, expect, it } from 'vitest';
import { FaultRuleSet } from '../../src/world/fault-rule.js';

describe('FaultRuleSet.anyInForce', () => {
  it('is false for an empty set and true for a rule without limits', () => {
    const rules = new FaultRuleSet<string>('test');
    expect(rules.anyInForce(0)).toBe(false);
    rules.add({}, 'reset');
    expect(rules.anyInForce(0)).toBe(true);
  });

  it('is false once a rule has run its duration, though the rule stays in the set', () => {
    const rules = new FaultRuleSet<string>('test');
    rules.add({ untilMs: 1_000 }, 'reset');
    expect(rules.anyInForce(999)).toBe(true);
    expect(rules.anyInForce(1_000)).toBe(false);
    expect(rules.size).toBe(1);
    expect(rules.match('kms', 'Encrypt', 1_000)).toBeUndefined();
  });

  it('is false once a counted rule is used up, and true again when a new rule is added', () => {
    const rules = new FaultRuleSet<string>('test');
    rules.add({ service: 'kms', count: 2 }, 'reset');
    expect(rules.match('cloudhsmv2', 'CreateHsm', 0)).toBeUndefined();
    expect(rules.anyInForce(0)).toBe(true);
    expect(rules.match('kms', 'Encrypt', 0)?.verdict).toBe('reset');
    expect(rules.match('kms', 'Encrypt', 0)?.verdict).toBe('reset');
    expect(rules.anyInForce(0)).toBe(false);
    rules.add({ untilMs: 10 }, 'timeout');
    expect(rules.anyInForce(5)).toBe(true);
  });
});
