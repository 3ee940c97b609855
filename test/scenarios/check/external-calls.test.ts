/**
 * scenarios/check/external-calls.ts (issue #9 §1): what the server saw of external clients, as call
 * records. Attempts group into calls by amz-sdk-invocation-id; a call is finished by a success, an
 * error the SDKs do not retry, or its announced last attempt; without an invocation id each attempt
 * is a call; ciphertexts are kept for nothing-lost; X-Amz-Date is compared with virtual time.
 */
import { describe, expect, it } from 'vitest';
import type { ClientHeaders } from '../../../src/protocol/client-headers.js';
import {
  type ExternalAttempt,
  ExternalCallLog,
} from '../../../src/scenarios/check/external-calls.js';

const EPOCH = Date.UTC(2026, 0, 1);

function headers(overrides: Partial<ClientHeaders> = {}): ClientHeaders {
  return {
    accessKeyId: 'AKIAAPP',
    invocationId: undefined,
    attempt: undefined,
    maxAttempts: undefined,
    signedAtEpochMs: undefined,
    ...overrides,
  };
}

function attempt(
  atMs: number,
  status: number,
  extra: Partial<ExternalAttempt> = {},
): ExternalAttempt {
  return {
    client: 'app',
    atMs,
    operation: 'Encrypt',
    headers: headers(),
    virtualEpochMs: EPOCH + atMs,
    requestBody: JSON.stringify({ KeyId: 'k', Plaintext: Buffer.from('hi').toString('base64') }),
    outcome:
      status === 200
        ? { kind: 'response', status, errorType: undefined, body: '{"CiphertextBlob":"AAEC"}' }
        : {
            kind: 'response',
            status,
            errorType: status === 500 ? 'KMSInternalException' : 'KMSInvalidStateException',
            body: '{"__type":"X","message":"boom"}',
          },
    keyName: 'app-key',
    ...extra,
  };
}

function newLog(keepSealed = true) {
  const traced: { kind: string; data: Record<string, unknown> }[] = [];
  const finished: number[] = [];
  const log = new ExternalCallLog({
    record: (kind, data) => traced.push({ kind, data }),
    originMs: 0,
    keepSealed,
    driftToleranceMs: 5_000,
    onFinished: (call) => finished.push(call.seq),
  });
  return { log, traced, finished };
}

describe('scenarios: check: external calls', () => {
  it('attempts with one invocation id are one call: retried 500s, then a success ends it', () => {
    const { log, traced } = newLog();
    const id = { invocationId: 'inv-1' };
    log.add(attempt(0, 500, { headers: headers({ ...id, attempt: 1 }) }));
    log.add(attempt(10, 500, { headers: headers({ ...id, attempt: 2, maxAttempts: 3 }) }));
    expect(traced).toEqual([]);
    log.add(attempt(30, 200, { headers: headers({ ...id, attempt: 3, maxAttempts: 3 }) }));
    expect(log.calls()).toHaveLength(1);
    expect(log.calls()[0]).toMatchObject({ attempts: 3, ok: true, startMs: 0, endMs: 30 });
    expect(traced).toEqual([
      {
        kind: 'client.call',
        data: expect.objectContaining({ seq: 0, attempts: 3, ok: true, external: true }),
      },
    ]);
    expect(log.calls()[0]!.sealed).toMatchObject({
      ciphertext: new Uint8Array([0, 1, 2]),
      plaintext: new Uint8Array(Buffer.from('hi')),
      keyName: 'app-key',
    });
  });

  it('an error the SDKs do not retry ends the call at once; the announced last attempt does too', () => {
    const { log, finished } = newLog();
    log.add(attempt(0, 400, { headers: headers({ invocationId: 'a' }) }));
    expect(finished).toEqual([0]);
    log.add(
      attempt(5, 500, { headers: headers({ invocationId: 'b', attempt: 2, maxAttempts: 2 }) }),
    );
    expect(finished).toEqual([0, 1]);
    expect(log.calls()[1]).toMatchObject({
      ok: false,
      errorName: 'KMSInternalException',
      httpStatusCode: 500,
    });
  });

  it('a retryable failure with attempts left stays open until the next attempt or the end of the run', () => {
    const { log, finished } = newLog();
    log.add(attempt(0, 500, { headers: headers({ invocationId: 'c', attempt: 1 }) }));
    expect(finished).toEqual([]);
    log.finishAll();
    expect(finished).toEqual([0]);
    expect(log.calls()[0]).toMatchObject({ ok: false, attempts: 1 });
  });

  it('without an invocation id every attempt is its own call, and the summary counts them', () => {
    const { log } = newLog();
    log.add(attempt(0, 500));
    log.add(attempt(1, 200));
    expect(log.calls().map((call) => call.attempts)).toEqual([1, 1]);
    expect(log.summaries()).toEqual([
      expect.objectContaining({ client: 'app', attempts: 2, ungroupedAttempts: 2 }),
    ]);
  });

  it('a connection fault is an attempt that failed with ECONNRESET (retryable)', () => {
    const { log } = newLog();
    log.add(
      attempt(0, 0, {
        headers: headers({ invocationId: 'd', attempt: 1 }),
        outcome: { kind: 'connection', error: 'ECONNRESET' },
      }),
    );
    log.add(attempt(2, 200, { headers: headers({ invocationId: 'd', attempt: 2 }) }));
    expect(log.calls()).toEqual([expect.objectContaining({ attempts: 2, ok: true })]);
  });

  it('no ciphertext is kept unless nothing-lost will check it', () => {
    const { log } = newLog(false);
    log.add(attempt(0, 200, { headers: headers({ invocationId: 'e' }) }));
    expect(log.calls()[0]!.sealed).toBeUndefined();
  });

  it('clock drift: X-Amz-Date truncated to the second is in step; beyond the tolerance is counted', () => {
    const { log } = newLog();
    log.add(attempt(1_500, 200, { headers: headers({ signedAtEpochMs: EPOCH + 1_000 }) }));
    log.add(attempt(2_000, 200, { headers: headers({ signedAtEpochMs: EPOCH + 2_000 + 3_000 }) }));
    log.add(attempt(3_000, 200, { headers: headers({ signedAtEpochMs: EPOCH - 60_000 }) }));
    expect(log.summaries()[0]!.drift).toEqual({
      samples: 3,
      maxAbsMs: 63_000,
      beyondTolerance: 1,
      toleranceMs: 5_000,
    });
    // A known, constant offset (exec without libfaketime) is allowed for.
    const shifted = newLog();
    shifted.log.clientClockOffsetMs = 3_600_000;
    shifted.log.add(attempt(0, 200, { headers: headers({ signedAtEpochMs: EPOCH + 3_600_000 }) }));
    expect(shifted.log.summaries()[0]!.drift.beyondTolerance).toBe(0);
  });
});
