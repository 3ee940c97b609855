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
