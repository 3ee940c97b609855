/**
 * What the server saw of external clients (issue #9 §1), turned into the same call records the
 * checkers judge for in-process clients:
 *
 * - Attempts group into calls by `amz-sdk-invocation-id` (the same on every attempt of one SDK
 *   call). A client that sends none has each attempt counted as its own call, and the log says so.
 * - A call is finished when its last attempt succeeded, failed with an error the SDKs do not retry,
 *   or was the last the client announced (`amz-sdk-request: attempt=N; max=M`); a call whose
 *   client gave up early is finished when the run ends. Each finished call is traced as
 *   `client.call`, as the runner traces in-process calls, so reports read both alike.
 * - For nothing-lost, each successful call that returned a ciphertext keeps it (with the plaintext
 *   the request sent or the response returned, and the encryption context) to decrypt at the end.
 * - Each attempt's `X-Amz-Date` is compared with virtual time: the client's clock must be in step,
 *   or conclusions drawn from its back-offs are wrong; drift beyond the tolerance is a warning.
 *
 * Bounded: at most MAX_CALLS calls, MAX_ATTEMPTS attempt samples and MAX_SEALED ciphertexts are
 * kept; beyond that they are only counted, and the notes say how many were not judged. The metrics
 * read attempts from here rather than from the trace, which a long serve session keeps bounded.
 */
import type { ClientHeaders } from '../../protocol/client-headers.js';
import { type CallRecord, clientCallEvent } from './call-record.js';
import { type AttemptSample, isRetryableFailure } from './client-metrics.js';

export const MAX_CALLS = 1_000_000;
export const MAX_SEALED = 100_000;
/** Attempt samples kept for the metrics (the trace a long serve keeps may be bounded). */
export const MAX_ATTEMPTS = 2_000_000;

/** One request from an external client, and what came of it. */
export interface ExternalAttempt {
  /** Declared client name, or the access key id of an undeclared one. */
  readonly client: string;
  /** Kernel ms when the server handled it. */
  readonly atMs: number;
  readonly operation: string;
  readonly headers: ClientHeaders;
  /** Virtual time as wall-clock epoch ms, to compare with X-Amz-Date. */
  readonly virtualEpochMs: number;
  readonly requestBody: string;
  /** The answer, or a connection fault the transport turned into a reset or a timeout. */
  readonly outcome:
    | {
        readonly kind: 'response';
        readonly status: number;
        readonly errorType: string | undefined;
        readonly body: string;
      }
    | { readonly kind: 'connection'; readonly error: 'ECONNRESET' | 'TimeoutError' };
  /** Logical name of the key the request (or its answer) names, if any. */
  readonly keyName: string | undefined;
}

export interface ClockDrift {
  /** Attempts with a readable X-Amz-Date. */
  readonly samples: number;
  /** Largest |X-Amz-Date − virtual time| seen, ms. */
  readonly maxAbsMs: number;
  /** Attempts beyond the tolerance. */
  readonly beyondTolerance: number;
  readonly toleranceMs: number;
}

export interface ExternalClientSummary {
  readonly client: string;
  readonly attempts: number;
  /** Attempts without amz-sdk-invocation-id (each counted as its own call). */
  readonly ungroupedAttempts: number;
  /** Largest `max=` the client announced, if any. */
  readonly announcedMaxAttempts: number | undefined;
  readonly drift: ClockDrift;
}

export interface ExternalCallLogOptions {
  /** Records a trace event at the current virtual time. */
  readonly record: (kind: string, data: Record<string, unknown>) => void;
  /** Kernel ms of scenario time 0 (client.call startMs is relative to it). */
  readonly originMs: number;
  /** Keep ciphertexts for nothing-lost. */
  readonly keepSealed: boolean;
  /** |drift| above this is a warning. */
  readonly driftToleranceMs: number;
  /** Called once per finished call (diagnosis capture). */
  readonly onFinished?: (call: CallRecord) => void;
}

interface OpenCall {
  readonly record: CallRecord;
  readonly key: string;
  finished: boolean;
  /** Attempt number and limit the last attempt announced. */
  lastAttempt: number | undefined;
  maxAttempts: number | undefined;
}

interface ClientTally {
  attempts: number;
  ungrouped: number;
  announcedMax: number | undefined;
  driftSamples: number;
  driftMaxAbsMs: number;
  driftBeyond: number;
}

/** Operations whose success returns a ciphertext that must still decrypt at the end. */
const SEALING: ReadonlySet<string> = new Set([
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'ReEncrypt',
]);

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function base64(value: unknown): Uint8Array | undefined {
  return typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'base64')) : undefined;
}

function context(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) if (typeof item === 'string') out[name] = item;
  return out;
}

/** What a successful sealing call left to verify: ciphertext, plaintext if known, context. */
function sealedOf(attempt: ExternalAttempt, responseBody: string): CallRecord['sealed'] {
  if (!SEALING.has(attempt.operation)) return undefined;
  const request = parseJson(attempt.requestBody) ?? {};
  const response = parseJson(responseBody) ?? {};
  const ciphertext = base64(response['CiphertextBlob']);
  if (!ciphertext) return undefined;
  const plaintext =
    attempt.operation === 'Encrypt'
      ? base64(request['Plaintext'])
      : attempt.operation === 'GenerateDataKey'
        ? base64(response['Plaintext'])
        : undefined;
  const encryptionContext = context(
    attempt.operation === 'ReEncrypt'
      ? request['DestinationEncryptionContext']
      : request['EncryptionContext'],
  );
  return { ciphertext, plaintext, keyName: attempt.keyName, context: encryptionContext };
}

export class ExternalCallLog {
  private readonly records: CallRecord[] = [];
  private readonly attemptSamples: AttemptSample[] = [];
  private readonly open = new Map<string, OpenCall>();
  private readonly tallies = new Map<string, ClientTally>();
  private sealedKept = 0;
  /** Calls beyond MAX_CALLS, and ciphertexts beyond MAX_SEALED: counted, not judged. */
  droppedCalls = 0;
  unverifiedCiphertexts = 0;
  /**
   * Where an in-step client clock reads, relative to virtual time: 0 under libfaketime; the
   * constant offset of the real clock when exec had to run the command without it.
   */
  clientClockOffsetMs = 0;

  constructor(private readonly options: ExternalCallLogOptions) {}

  add(attempt: ExternalAttempt): void {
    const tally = this.tally(attempt.client);
    tally.attempts += 1;
    if (this.attemptSamples.length < MAX_ATTEMPTS)
      this.attemptSamples.push({
        client: attempt.client,
        atMs: attempt.atMs,
        errorType:
          attempt.outcome.kind === 'connection'
            ? attempt.outcome.error
            : attempt.outcome.status === 200
              ? null
              : (attempt.outcome.errorType ?? `HTTP ${attempt.outcome.status}`),
      });
    if (attempt.headers.maxAttempts !== undefined)
      tally.announcedMax = Math.max(tally.announcedMax ?? 0, attempt.headers.maxAttempts);
    this.measureDrift(tally, attempt);
    const invocation = attempt.headers.invocationId;
    if (invocation === undefined) tally.ungrouped += 1;
    const key = invocation === undefined ? undefined : `${attempt.client}\u0000${invocation}`;
    let call = key === undefined ? undefined : this.open.get(key);
    if (call?.finished) call = undefined;
    if (!call) {
      if (this.records.length >= MAX_CALLS) {
        this.droppedCalls += 1;
        return;
      }
      call = this.startCall(attempt, key);
    }
    this.applyAttempt(call, attempt);
  }

  /** Every attempt seen so far, for the metrics (as attemptsFromTrace reads them from a trace). */
  attempts(): readonly AttemptSample[] {
    return this.attemptSamples;
  }

  /** Every call seen so far, in the order they started. */
  calls(): readonly CallRecord[] {
    return this.records;
  }

  /** Finishes every call still waiting for another attempt: the run is over. */
  finishAll(): void {
    for (const call of this.open.values()) if (!call.finished) this.finish(call);
    this.open.clear();
  }

  summaries(): ExternalClientSummary[] {
    return [...this.tallies.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([client, tally]) => ({
        client,
        attempts: tally.attempts,
        ungroupedAttempts: tally.ungrouped,
        announcedMaxAttempts: tally.announcedMax,
        drift: {
          samples: tally.driftSamples,
          maxAbsMs: tally.driftMaxAbsMs,
          beyondTolerance: tally.driftBeyond,
          toleranceMs: this.options.driftToleranceMs,
        },
      }));
  }

  private tally(client: string): ClientTally {
    let tally = this.tallies.get(client);
    if (!tally) {
      tally = {
        attempts: 0,
        ungrouped: 0,
        announcedMax: undefined,
        driftSamples: 0,
        driftMaxAbsMs: 0,
        driftBeyond: 0,
      };
      this.tallies.set(client, tally);
    }
    return tally;
  }

  private measureDrift(tally: ClientTally, attempt: ExternalAttempt): void {
    const signed = attempt.headers.signedAtEpochMs;
    if (signed === undefined) return;
    // X-Amz-Date has whole seconds, truncated: a client exactly in step reads up to 999 ms behind.
    const driftMs = signed - (attempt.virtualEpochMs + this.clientClockOffsetMs);
    const absMs = driftMs <= 0 && driftMs > -1000 ? 0 : Math.abs(driftMs);
    tally.driftSamples += 1;
    tally.driftMaxAbsMs = Math.max(tally.driftMaxAbsMs, absMs);
    if (absMs > this.options.driftToleranceMs) tally.driftBeyond += 1;
  }

  private startCall(attempt: ExternalAttempt, key: string | undefined): OpenCall {
    const record: CallRecord = {
      seq: this.records.length,
      client: attempt.client,
      operation: attempt.operation,
      key: attempt.keyName,
      startMs: attempt.atMs,
      endMs: attempt.atMs,
      ok: false,
      errorName: undefined,
      message: undefined,
      attempts: 0,
      sealed: undefined,
    };
    this.records.push(record);
    const call: OpenCall = {
      record,
      key: key ?? `#${record.seq}`,
      finished: false,
      lastAttempt: undefined,
      maxAttempts: undefined,
    };
    if (key !== undefined) this.open.set(key, call);
    return call;
  }

  private applyAttempt(call: OpenCall, attempt: ExternalAttempt): void {
    const record = call.record;
    record.attempts += 1;
    record.endMs = attempt.atMs;
    call.lastAttempt = attempt.headers.attempt ?? record.attempts;
    if (attempt.headers.maxAttempts !== undefined) call.maxAttempts = attempt.headers.maxAttempts;
    const outcome = attempt.outcome;
    record.errorCode = undefined;
    record.httpStatusCode = undefined;
    if (outcome.kind === 'connection') {
      record.ok = false;
      record.errorName = outcome.error;
      record.message = undefined;
      record.errorCode = outcome.error === 'ECONNRESET' ? 'ECONNRESET' : 'ETIMEDOUT';
    } else if (outcome.status === 200) {
      record.ok = true;
      record.errorName = undefined;
      record.message = undefined;
      this.keepSealed(record, attempt, outcome.body);
    } else {
      record.ok = false;
      record.errorName = outcome.errorType ?? `HTTP ${outcome.status}`;
      record.httpStatusCode = outcome.status;
      const body = parseJson(outcome.body);
      const message = body?.['message'] ?? body?.['Message'];
      record.message = typeof message === 'string' ? message : undefined;
    }
    const lastAnnounced =
      call.maxAttempts !== undefined &&
      call.lastAttempt !== undefined &&
      call.lastAttempt >= call.maxAttempts;
    if (call.key.startsWith('#') || record.ok || !isRetryableFailure(record) || lastAnnounced)
      this.finish(call);
  }

  private keepSealed(record: CallRecord, attempt: ExternalAttempt, body: string): void {
    if (!this.options.keepSealed) return;
    const sealed = sealedOf(attempt, body);
    if (!sealed) return;
    if (this.sealedKept >= MAX_SEALED) {
      this.unverifiedCiphertexts += 1;
      return;
    }
    this.sealedKept += 1;
    record.sealed = sealed;
  }

  private finish(call: OpenCall): void {
    call.finished = true;
    if (!call.key.startsWith('#')) this.open.delete(call.key);
    const record = call.record;
    this.options.record('client.call', {
      ...clientCallEvent(record, this.options.originMs),
      external: true,
    });
    this.options.onFinished?.(record);
  }
}
