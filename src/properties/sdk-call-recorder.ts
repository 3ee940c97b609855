/**
 * Records every logical SDK call a user's KMSClient makes (one `send`, all its retries inside):
 * operation, key, virtual start and end, attempts, outcome, and what it sealed, so properties can
 * judge the run and a counterexample can replay the same calls as scenario workloads.
 *
 * The recorder is a middleware in the `initialize` step, which wraps the SDK's retry middleware
 * (finalizeRequest step): it sees the call once, with `$metadata.attempts` filled in. Which
 * invocation of the user's function made the call comes from an AsyncLocalStorage, which follows
 * the invocation through its awaits (and through the virtual timers of the SDK's backoff).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { KMSClient } from '@aws-sdk/client-kms';
import { isRetryableFailure } from '../scenarios/check/client-metrics.js';

/** One logical SDK call of the client under test. Times are scenario ms (0 = the run's start). */
export interface SdkCall {
  readonly seq: number;
  /** The invocation of the user's function that made it (undefined: made outside any invocation). */
  readonly invocation: number | undefined;
  /** Wire operation name: Encrypt, Decrypt, ... */
  readonly operation: string;
  readonly startMs: number;
  endMs: number;
  ok: boolean;
  errorName: string | undefined;
  message: string | undefined;
  /** Node error code of a connection failure (ECONNRESET, ...). */
  errorCode: string | undefined;
  httpStatusCode: number | undefined;
  /** Attempts the SDK made ($metadata.attempts). */
  attempts: number;
  /** Whether the SDK classifies the failure as retryable (docs/behaviour.md §1.6). */
  retryable: boolean;
  /** Logical name of the key the call used (or, for Decrypt, the key that answered). */
  keyName: string | undefined;
  /** ReEncrypt's destination, GenerateRandom's store: logical names. */
  readonly destinationKeyName: string | undefined;
  readonly keyStoreName: string | undefined;
  readonly plaintextBytes: number | undefined;
  readonly encryptionContext: Readonly<Record<string, string>> | undefined;
  /** A ciphertext the call returned, with the plaintext it stands for when known. */
  sealed:
    | {
        readonly ciphertext: Uint8Array;
        readonly plaintext: Uint8Array | undefined;
        readonly context: Record<string, string> | undefined;
      }
    | undefined;
  /** The error object the SDK rejected with (to match an invocation's error to its call). */
  error: unknown;
}

/** Logical names for the ids, ARNs and aliases a user may pass. */
export interface NameLookup {
  keyName(idOrArnOrAlias: string | undefined): string | undefined;
  keyStoreName(id: string | undefined): string | undefined;
}

type Input = Record<string, unknown>;
type Output = Record<string, unknown> & { $metadata?: { attempts?: number } };

function bytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return Uint8Array.from(value);
  if (typeof value === 'string') return new Uint8Array(Buffer.from(value, 'utf8'));
  return undefined;
}

function context(value: unknown): Record<string, string> | undefined {
  return typeof value === 'object' && value !== null
    ? { ...(value as Record<string, string>) }
    : undefined;
}

/** What a successful call sealed, if anything. */
function sealedBy(
  operation: string,
  input: Input,
  output: Output,
  plaintextOf: (ciphertext: Uint8Array) => Uint8Array | undefined,
): SdkCall['sealed'] {
  const ciphertext = bytes(output['CiphertextBlob']);
  if (!ciphertext) return undefined;
  switch (operation) {
    case 'Encrypt':
      return {
        ciphertext,
        plaintext: bytes(input['Plaintext']),
        context: context(input['EncryptionContext']),
      };
    case 'GenerateDataKey':
      return {
        ciphertext,
        plaintext: bytes(output['Plaintext']),
        context: context(input['EncryptionContext']),
      };
    case 'GenerateDataKeyWithoutPlaintext':
      return { ciphertext, plaintext: undefined, context: context(input['EncryptionContext']) };
    case 'ReEncrypt': {
      const source = bytes(input['CiphertextBlob']);
      return {
        ciphertext,
        plaintext: source ? plaintextOf(source) : undefined,
        context: context(input['DestinationEncryptionContext']),
      };
    }
    default:
      return undefined;
  }
}

export class SdkCallRecorder {
  readonly calls: SdkCall[] = [];
  private readonly invocation = new AsyncLocalStorage<number>();

  constructor(
    private readonly nowMs: () => number,
    private readonly names: NameLookup,
  ) {}

  /** Runs `fn` as invocation `index`: calls it makes are attributed to it. */
  runAs<T>(index: number, fn: () => Promise<T>): Promise<T> {
    return this.invocation.run(index, fn);
  }

  /** The plaintext behind a ciphertext this client sealed earlier, if any. */
  private plaintextOf(ciphertext: Uint8Array): Uint8Array | undefined {
    const wanted = Buffer.from(ciphertext);
    return this.calls.find(
      (call) => call.sealed && wanted.equals(Buffer.from(call.sealed.ciphertext)),
    )?.sealed?.plaintext;
  }

  private keyNameOfCiphertext(ciphertext: unknown): string | undefined {
    const wanted = bytes(ciphertext);
    if (!wanted) return undefined;
    return this.calls.find(
      (call) => call.sealed && Buffer.from(wanted).equals(Buffer.from(call.sealed.ciphertext)),
    )?.keyName;
  }

  private begin(operation: string, input: Input): SdkCall {
    const usesCiphertext = operation === 'Decrypt' || operation === 'ReEncrypt';
    const call: SdkCall = {
      seq: this.calls.length,
      invocation: this.invocation.getStore(),
      operation,
      startMs: this.nowMs(),
      endMs: this.nowMs(),
      ok: false,
      errorName: undefined,
      message: undefined,
      errorCode: undefined,
      httpStatusCode: undefined,
      attempts: 0,
      retryable: false,
      keyName:
        this.names.keyName(input['KeyId'] as string | undefined) ??
        this.names.keyName(input['SourceKeyId'] as string | undefined) ??
        (usesCiphertext ? this.keyNameOfCiphertext(input['CiphertextBlob']) : undefined),
      destinationKeyName: this.names.keyName(input['DestinationKeyId'] as string | undefined),
      keyStoreName: this.names.keyStoreName(input['CustomKeyStoreId'] as string | undefined),
      plaintextBytes:
        bytes(input['Plaintext'])?.length ??
        (usesCiphertext
          ? this.plaintextOf(bytes(input['CiphertextBlob']) ?? new Uint8Array())?.length
          : undefined),
      encryptionContext: context(input['EncryptionContext'] ?? input['SourceEncryptionContext']),
      sealed: undefined,
      error: undefined,
    };
    this.calls.push(call);
    return call;
  }

  private succeeded(call: SdkCall, input: Input, output: Output): void {
    call.ok = true;
    call.attempts = output.$metadata?.attempts ?? 1;
    call.keyName ??= this.names.keyName(output['KeyId'] as string | undefined);
    call.sealed = sealedBy(call.operation, input, output, (ciphertext) =>
      this.plaintextOf(ciphertext),
    );
  }

  private failed(call: SdkCall, error: unknown): void {
    const named = error as {
      name?: string;
      message?: string;
      code?: unknown;
      $metadata?: { attempts?: number; httpStatusCode?: number };
    };
    call.errorName = named?.name ?? 'Error';
    call.message = named?.message;
    call.errorCode = typeof named?.code === 'string' ? named.code : undefined;
    call.httpStatusCode = named?.$metadata?.httpStatusCode;
    call.attempts = named?.$metadata?.attempts ?? 1;
    call.retryable = isRetryableFailure(call);
    call.error = error;
  }

  /** Adds the recording middleware to the user's client. */
  attach(client: KMSClient): void {
    client.middlewareStack.add(
      (next, handlerContext) => async (args) => {
        const operation = String(
          (handlerContext as { commandName?: string }).commandName ?? 'Unknown',
        ).replace(/Command$/, '');
        const input = (args.input ?? {}) as Input;
        const call = this.begin(operation, input);
        try {
          const result = await next(args);
          this.succeeded(call, input, result.output as Output);
          return result;
        } catch (error) {
          this.failed(call, error);
          throw error;
        } finally {
          call.endMs = this.nowMs();
        }
      },
      { step: 'initialize', name: 'kmsimPropertyCallRecorder', priority: 'high' },
    );
  }
}
