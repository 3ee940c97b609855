/**
 * The rule for missing real clients (issue #2 §8): skipped with a printed reason locally, a
 * failure in CI. The walks themselves use this gate; here it is checked without touching the
 * machine's clients.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gate, inCi, type ClientDetection } from '../support/real-client-detection.js';

const missing: ClientDetection = {
  name: 'AWS CLI v2 (/usr/bin/aws)',
  available: false,
  reason: '/usr/bin/aws not found (apt-get install awscli)',
};
const present: ClientDetection = {
  name: 'AWS CLI v2 (/usr/bin/aws)',
  available: true,
  reason: 'aws-cli/2.9.19',
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('real-client gate', () => {
  it('runs the walk when the client is present', () => {
    expect(gate(present, { CI: 'true' })).toMatchObject({ skip: false, mustFail: false });
    expect(gate(present, {})).toMatchObject({ skip: false, mustFail: false });
  });

  it('skips with a printed reason when the client is missing outside CI', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const verdict = gate(missing, {});
    expect(verdict).toMatchObject({ skip: true, mustFail: false });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('/usr/bin/aws not found'));
  });

  it('fails (does not skip silently) when the client is missing in CI', () => {
    const verdict = gate(missing, { CI: 'true' });
    expect(verdict).toMatchObject({ skip: true, mustFail: true });
    expect(verdict.message).toContain('CI=true');
  });

  it('reads CI=true and CI=1 as CI, anything else not', () => {
    expect(inCi({ CI: 'true' })).toBe(true);
    expect(inCi({ CI: '1' })).toBe(true);
    expect(inCi({ CI: 'TRUE' })).toBe(true);
    expect(inCi({ CI: 'false' })).toBe(false);
    expect(inCi({})).toBe(false);
  });
});
