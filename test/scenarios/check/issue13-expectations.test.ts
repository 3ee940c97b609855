import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../src/scenarios/check/call-record.js';
import { evaluate, type Observed } from '../../../src/scenarios/check/expectations.js';
import { expandPlaceholders, messageMatches } from '../../../src/scenarios/check/message-match.js';
import { validateScenarioObject } from '../../../src/scenarios/file/loader.js';
import { runScenario } from '../../../src/scenarios/run/runner.js';
import { callRecord } from '../../support/call-records.js';
import { retryStrategy } from '../fixtures/modules/retry-invalid-state.mjs';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

function observed(calls: CallRecord[]): Observed {
  return { startMs: 0, calls, states: new Map(), lost: [] };
}

const resolve = (kind: string, name: string) =>
  kind === 'key' && name === 'app-key' ? 'arn:aws:kms:us-east-1:111:key/abc.d' : undefined;

describe('scenarios: issue #13 §2 checks', () => {
  it('placeholders expand, and are escaped inside regular expressions', () => {
    expect(expandPlaceholders('{key:app-key} is unavailable.', resolve)).toBe(
      'arn:aws:kms:us-east-1:111:key/abc.d is unavailable.',
    );
    const message = 'arn:aws:kms:us-east-1:111:key/abc.d is unavailable.';
    expect(messageMatches(message, { message: '{key:app-key} is unavailable.' }, resolve)).toBe(
      true,
    );
    expect(messageMatches(message, { messageContains: 'unavailable' }, resolve)).toBe(true);
    expect(messageMatches(message, { messageMatches: '^{key:app-key} is' }, resolve)).toBe(true);
    // The '.' in the ARN is literal once escaped: 'abcxd' must not match.
    expect(
      messageMatches(
        message.replace('abc.d', 'abcxd'),
        { messageMatches: '^{key:app-key}' },
        resolve,
      ),
    ).toBe(false);
    expect(messageMatches(message, { messageContains: 'disabled' }, resolve)).toBe(false);
  });

  it('latency percentiles pass and fail on virtual call durations', () => {
    const calls = [100, 200, 300, 4000].map((d, seq) => callRecord({ seq, startMs: 0, endMs: d }));
    const seen = observed(calls);
    expect(evaluate({ type: 'latency', percentile: 'p50', atMost: '200ms' }, seen, 0).passed).toBe(
      true,
    );
    expect(evaluate({ type: 'latency', percentile: 'max', atMost: '3s' }, seen, 0).passed).toBe(
      false,
    );
    const atLeast = evaluate({ type: 'latency', percentile: 'p99', atLeast: '4s' }, seen, 0);
    expect(atLeast.passed).toBe(true);
    expect(atLeast.detail).toBe('p99 4s over 4 call(s)');
    expect(evaluate({ type: 'latency', client: 'other', percentile: 'max' }, seen, 0).passed).toBe(
      false,
    );
  });

  it('error-attempts bounds attempts of calls failing with that exception only', () => {
    const seen = observed([
      callRecord({ ok: false, errorName: 'KMSInvalidStateException', attempts: 4 }),
      callRecord({ seq: 1, ok: false, errorName: 'ThrottlingException', attempts: 1 }),
    ]);
    expect(
      evaluate({ type: 'error-attempts', exception: 'KMSInvalidStateException', min: 4 }, seen, 0)
        .passed,
    ).toBe(true);
    expect(
      evaluate({ type: 'error-attempts', exception: 'KMSInvalidStateException', max: 1 }, seen, 0)
        .passed,
    ).toBe(false);
  });

  it('no-retry-of-non-retryable fails on a retried KMSInvalidStateException, not on a retried throttle', () => {
    const throttled = observed([
      callRecord({ ok: false, errorName: 'ThrottlingException', httpStatusCode: 400, attempts: 3 }),
    ]);
    expect(evaluate({ type: 'no-retry-of-non-retryable' }, throttled, 0).passed).toBe(true);
    const wrong = observed([
      callRecord({
        ok: false,
        errorName: 'KMSInvalidStateException',
        httpStatusCode: 400,
        attempts: 4,
      }),
    ]);
    const result = evaluate({ type: 'no-retry-of-non-retryable' }, wrong, 0);
    expect(result.passed).toBe(false);
    expect(result.detail).toContain('KMSInvalidStateException');
  });

  it('a run matches the spec message with the key ARN placeholder', async () => {
    const scenario = {
      name: 'placeholder',
      seed: 3,
      world: {
        clusters: [{ name: 'main', hsms: ['a', 'b'] }],
        keyStores: [{ name: 'store', cluster: 'main' }],
        keys: [{ name: 'app-key', keyStore: 'store' }],
      },
      clients: [{ name: 'app', module: { retryStrategy } }],
      timeline: [{ at: '5s', action: 'disconnect-key-store', keyStore: 'store' }],
      workloads: [{ client: 'app', operation: 'Encrypt' as const, key: 'app-key', at: ['1m'] }],
      expect: [
        {
          type: 'error' as const,
          exception: 'KMSInvalidStateException',
          message: '{key:app-key} is unavailable.',
          between: ['0s', '2m'] as const,
        },
        { type: 'no-retry-of-non-retryable' as const },
      ],
    };
    expect(validateScenarioObject(scenario).ok).toBe(true);
    const result = await runScenario(scenario);
    expect(result.expectations[0]!.passed).toBe(true);
    expect(result.expectations[1]!.passed).toBe(false);
  });
});

describe('scenarios: issue #13 §2 load checks', () => {
  const base = {
    name: 'x',
    seed: 1,
    world: {
      clusters: [{ name: 'main', hsms: ['a', 'b'] }],
      keyStores: [{ name: 'store', cluster: 'main' }],
      keys: [{ name: 'app-key', keyStore: 'store' }],
    },
    clients: [{ name: 'app' }],
  };
  it('a placeholder naming an undeclared key and a bad regular expression are load problems', () => {
    const result = validateScenarioObject({
      ...base,
      expect: [
        {
          type: 'error',
          exception: 'X',
          message: '{key:nope} is unavailable.',
          between: ['0s', '1m'],
        },
        { type: 'error', exception: 'X', messageMatches: '(unclosed', between: ['0s', '1m'] },
        { type: 'latency', percentile: 'p42' },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.messages.join('\n');
    expect(text).toContain("expect[0].message: 'nope' is not declared in world.keys");
    expect(text).toContain('expect[1].messageMatches: not a valid regular expression');
    expect(text).toContain('expect[2].percentile');
  });
});
