/**
 * docs/scenario-steps.md is generated from the fault definitions and the action table
 * (src/scenarios/file/step-reference.ts): the committed file must be what they produce now.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAULT_NAMES } from '../../../src/faults/catalogue.js';
import { renderStepReference } from '../../../src/scenarios/file/step-reference.js';

describe('scenarios: step reference', () => {
  it('docs/scenario-steps.md is up to date (regenerate with `npm run docs:steps`)', () => {
    expect(readFileSync('docs/scenario-steps.md', 'utf8')).toBe(renderStepReference());
  });

  it('names every fault with its parameters', () => {
    const reference = renderStepReference();
    for (const name of FAULT_NAMES) expect(reference).toContain(`### \`${name}\``);
    expect(reference).toContain(
      '| `latency` | duration | yes | added virtual latency per request |',
    );
  });
});
