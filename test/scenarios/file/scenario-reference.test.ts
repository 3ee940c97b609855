/**
 * docs/scenario-reference.md and docs/scenario.schema.json are generated from the schema, the fault
 * definitions and the action table (src/scenarios/file/scenario-reference.ts): the committed files
 * must be what they produce now, and the reference must name everything (issue #13 §5).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAULT_NAMES } from '../../../src/faults/catalogue.js';
import {
  renderScenarioReference,
  scenarioEditorSchema,
} from '../../../src/scenarios/file/scenario-reference.js';
import { ACTION_STEPS } from '../../../src/scenarios/file/step-catalogue.js';
import { EXPECTATION_TYPES, SCENARIO_SCHEMA } from '../../../src/scenarios/file/schema.js';

const reference = renderScenarioReference();

/** Every key of every mapping in the schema, with the path where it is declared. */
function schemaKeys(node: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) for (const item of node) schemaKeys(item, out);
  else if (node && typeof node === 'object') {
    const properties = (node as { properties?: Record<string, unknown> }).properties;
    if (properties) for (const key of Object.keys(properties)) out.add(key);
    for (const value of Object.values(node)) schemaKeys(value, out);
  }
  return out;
}

describe('scenarios: scenario reference', () => {
  it('docs/scenario-reference.md is up to date (regenerate with `npm run docs:reference`)', () => {
    expect(readFileSync('docs/scenario-reference.md', 'utf8')).toBe(reference);
  });

  it('docs/scenario.schema.json is up to date and plain JSON Schema', () => {
    const text = readFileSync('docs/scenario.schema.json', 'utf8');
    expect(text).toBe(scenarioEditorSchema());
    expect(text).not.toContain('"duration"');
    expect(text).not.toContain('"hint"');
  });

  it('names every key, expectation, fault and action with its parameters', () => {
    // `type` is each expectation's heading rather than a row.
    for (const key of schemaKeys(SCENARIO_SCHEMA))
      if (key !== 'type') expect(reference).toContain(`| \`${key}\` |`);
    for (const type of EXPECTATION_TYPES) expect(reference).toContain(`### \`${type}\``);
    for (const name of FAULT_NAMES) expect(reference).toContain(`#### \`${name}\``);
    for (const name of Object.keys(ACTION_STEPS)) expect(reference).toContain(`- \`${name}\`:`);
    expect(reference).toContain(
      '| `latency` | duration | yes | added virtual latency per request |',
    );
    expect(reference).toContain('| `maxAttempts` | integer (≥ 1, ≤ 100) | no | `3` |');
    expect(reference).toContain('## The whole-second quota trap');
  });
});
