/** How a timeline step is named in traces, diagnosis captures and property schedules. */
import { describe, expect, it } from 'vitest';
import { stepLabel } from '../../src/report/step-label.js';

describe('report: stepLabel', () => {
  it('names a fault, a heal, an API call and an action by their verb and name', () => {
    expect(stepLabel({ fault: 'hsm-loss' })).toBe('fault hsm-loss');
    expect(stepLabel({ heal: 'hsm-loss' })).toBe('heal hsm-loss');
    expect(stepLabel({ call: 'kms.CreateCustomKeyStore' })).toBe('call kms.CreateCustomKeyStore');
    expect(stepLabel({ action: 'connect-key-store' })).toBe('action connect-key-store');
  });
});

describe('report: shipped runbooks name every step', () => {
  it('no committed report under reports/ shows a step as `action undefined`', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const reports = readdirSync('reports').filter((name) => name.endsWith('.md'));
    expect(reports.length).toBeGreaterThan(0);
    const unnamed = reports.filter((name) =>
      readFileSync(`reports/${name}`, 'utf8').includes('action undefined'),
    );
    expect(unnamed).toEqual([]);
  });
});
