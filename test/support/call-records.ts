/**
 * A CallRecord for checker tests: one successful single-attempt Encrypt by client `app` with key
 * `k` at time 0, nothing sealed, with `partial` overriding any of that.
 */
import type { CallRecord } from '../../src/scenarios/check/call-record.js';

export function callRecord(partial: Partial<CallRecord> = {}): CallRecord {
  return {
    seq: 0,
    client: 'app',
    operation: 'Encrypt',
    key: 'k',
    startMs: 0,
    endMs: 0,
    ok: true,
    errorName: undefined,
    message: undefined,
    attempts: 1,
    sealed: undefined,
    ...partial,
  };
}
