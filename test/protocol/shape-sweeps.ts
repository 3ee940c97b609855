/**
 * The two generated sweeps every service's input shapes get (docs/behaviour.md §8.7): dropping each required
 * member gives `Value null ... Member must not be null`, and breaking each top-level constraint
 * gives a ValidationException listing exactly that violation.
 */
import { expect, it } from 'vitest';
import { validateInput } from '../../src/protocol/decode-request.js';
import type { StructureShape } from '../../src/protocol/shape.js';
import { RandomStream } from '../../src/sim/random.js';
import { arbitraryValue, constraintBreakers } from './shape-arbitrary.js';

export function shapeSweeps(
  service: string,
  shapes: Readonly<Record<string, unknown>>,
  operations: readonly string[],
  seed: string,
): void {
  const withRequired = operations.filter(
    (op) => (shapes[op] as StructureShape).required.length > 0,
  );
  it.each(withRequired)(
    '%s: each missing required member is `Value null ... Member must not be null`',
    (op) => {
      const shape = shapes[op] as StructureShape;
      const full = arbitraryValue(shape, new RandomStream(seed).fork(`${op}/required`))
        .wire as Record<string, unknown>;
      for (const name of shape.required) {
        const { [name]: _dropped, ...rest } = full;
        const path = name.charAt(0).toLowerCase() + name.slice(1);
        const result = validateInput(shape, rest);
        if (result.ok) throw new Error(`${op} without ${name}: expected a failure`);
        expect(result.message).toBe(
          `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`,
        );
      }
    },
  );

  it.each(operations)('%s: every top-level constraint is enforced', (op) => {
    const shape = shapes[op] as StructureShape;
    const base = arbitraryValue(shape, new RandomStream(seed).fork(`${op}/breakers`))
      .wire as Record<string, unknown>;
    let checked = 0;
    for (const [name, member] of Object.entries(shape.members)) {
      for (const breaker of constraintBreakers(name, member)) {
        checked++;
        const result = validateInput(shape, { ...base, [name]: breaker.wire });
        if (result.ok || result.kind !== 'validation')
          throw new Error(`${op}.${name}: expected a ValidationException`);
        expect(result.violations, `${op}.${name}`).toContain(breaker.entry);
      }
    }
    expect(checked, `every ${service} input has a constrained member`).toBeGreaterThan(0);
  });
}
