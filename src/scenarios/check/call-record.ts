/**
 * What one logical SDK call did, as the checkers see it: who called what, when it started and
 * ended in virtual time, how many attempts the SDK made, and the outcome.
 */
export interface CallRecord {
  readonly seq: number;
  readonly client: string;
  readonly operation: string;
  /** Logical key name, when the call used a key. */
  readonly key: string | undefined;
  readonly startMs: number;
  endMs: number;
  ok: boolean;
  errorName: string | undefined;
  message: string | undefined;
  /** A failed call's Node error code (ECONNRESET, ...) and HTTP status, for retry classification (client-metrics.ts). */
  errorCode?: string | undefined;
  httpStatusCode?: number | undefined;
  attempts: number;
  /** For the nothing-lost check: what was sealed, and under which key and context. */
  sealed:
    | {
        ciphertext: Uint8Array;
        plaintext: Uint8Array | undefined;
        keyName: string | undefined;
        context: Record<string, string> | undefined;
      }
    | undefined;
}

/**
 * The data of a finished call's `client.call` trace event, from which reports are rendered: the
 * outcome as the caller saw it (never a plaintext or ciphertext), with its start in scenario time
 * (`originMs` is the trace time of scenario time 0). One form for the runner's workload calls and
 * serve mode's external calls, so reports read both alike.
 */
export function clientCallEvent(record: CallRecord, originMs: number): Record<string, unknown> {
  return {
    seq: record.seq,
    client: record.client,
    operation: record.operation,
    ok: record.ok,
    errorName: record.errorName ?? null,
    message: record.message ?? null,
    errorCode: record.errorCode ?? null,
    httpStatusCode: record.httpStatusCode ?? null,
    attempts: record.attempts,
    startMs: record.startMs - originMs,
  };
}
