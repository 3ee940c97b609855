import { describe, expect, it } from 'vitest';
import { runFacts } from '../../src/report/run-facts.js';
import { reportSymptoms } from '../../src/report/symptom-index.js';
import type { TraceEvent } from '../../src/sim/trace.js';

const REQUEST_TIMEOUT =
  '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 2000 ms requestTimeout.';

/** A run of one client: a call that failed with its own TimeoutError, and one that a retry made good. */
function timeoutTrace(): TraceEvent[] {
  const events: TraceEvent[] = [];
  const at = (atMs: number, kind: string, data: Record<string, unknown>): number => {
    events.push({ seq: events.length, atMs, kind, data });
    return events.length - 1;
  };
  at(0, 'scenario.start', { name: 'timeouts' });
  const api = (atMs: number): void => {
    const seq = at(atMs, 'api.call', {
      client: 'app',
      service: 'kms',
      operation: 'Encrypt',
      status: 200,
      errorType: null,
      hsmLatencyMs: 2_500,
    });
    at(atMs + 2_000, 'client.request-timeout', {
      client: 'app',
      operation: 'Encrypt',
      timeoutMs: 2_000,
      thrown: true,
      apiCallSeq: seq,
    });
  };
  api(1_000);
  api(3_100);
  api(5_300);
  at(7_300, 'client.call', {
    client: 'app',
    operation: 'Encrypt',
    ok: false,
    errorName: 'TimeoutError',
    message: REQUEST_TIMEOUT,
    errorCode: 'ETIMEDOUT',
    httpStatusCode: null,
    attempts: 3,
    startMs: 1_000,
  });
  api(10_000);
  at(12_500, 'client.call', {
    client: 'app',
    operation: 'Encrypt',
    ok: true,
    attempts: 2,
    startMs: 10_000,
  });
  return events;
}

describe('report: the symptom index', () => {
  const symptoms = reportSymptoms(runFacts(timeoutTrace()));

  it('indexes a TimeoutError by exception with no HTTP status, pointing to the client-timeout guidance and the sections it cites', () => {
    expect(symptoms.filter((symptom) => symptom.table === 'exception')).toEqual([
      {
        table: 'exception',
        cells: ['`TimeoutError (ETIMEDOUT)`', `\`${REQUEST_TIMEOUT}\``],
        runbook:
          "Requests outlived the client's own requestTimeout (with throwOnRequestTimeout set), so the SDK's request handler gave up on them and raised TimeoutError (docs/behaviour.md §5.2, §10, §1.6)",
      },
    ]);
  });

  it('a TimeoutError the SDK retried away points to the same guidance, not the ECONNRESET row', () => {
    const retried = symptoms.filter((symptom) => symptom.table === 'retried');
    expect(retried).toHaveLength(1);
    expect(retried[0]!.cells).toEqual(['`TimeoutError`']);
    expect(retried[0]!.runbook).toMatch(/^Requests outlived the client's own timeout/);
    expect(retried[0]!.runbook).not.toContain('reset');
  });
});
