import { describe, expect, it } from 'vitest';
import { abandonedApiCalls } from '../../src/report/abandoned-attempts.js';
import type { TraceEvent } from '../../src/sim/trace.js';

const event = (seq: number, kind: string, data: Record<string, unknown>): TraceEvent => ({
  seq,
  atMs: seq,
  kind,
  data,
});

describe('report: attempts abandoned with a TimeoutError', () => {
  it('names the api.call of each request or socket timeout that failed its attempt; a warning, a timeout with no api.call and other kinds name none', () => {
    expect(
      abandonedApiCalls([
        event(1, 'client.request-timeout', { thrown: true, apiCallSeq: 10 }),
        event(2, 'client.socket-timeout', { thrown: true, apiCallSeq: 11 }),
        event(3, 'client.request-timeout', { thrown: false, apiCallSeq: 12 }),
        event(4, 'client.request-timeout', { thrown: true }),
        event(5, 'fault.connection', { thrown: true, apiCallSeq: 13 }),
      ]),
    ).toEqual(new Set([10, 11]));
  });
});
