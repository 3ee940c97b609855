/**
 * Assertions on KMS errors as the real `@aws-sdk/client-kms` surfaces them, and raw wire calls for
 * what the SDK hides (docs/behaviour.md §1.3: whether the body carries a `message` member at all).
 */
import { expect } from 'vitest';
import type { Simulator } from '../../src/simulator.js';

/** What the JS SDK puts in `error.message` when the body has no message member (docs/behaviour.md §1.3). */
export const SDK_NO_MESSAGE_PLACEHOLDER = 'UnknownError';

interface SdkError {
  readonly name: string;
  readonly message: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $retryable?: unknown;
}

async function rejection(promise: Promise<unknown>): Promise<SdkError> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error(`expected the call to fail, but it succeeded with ${JSON.stringify(outcome)}`);
}

/**
 * The call fails with exactly this error name and message, on HTTP `status`, and the SDK does not
 * mark it retryable. `message: null` means the body must carry no message (docs/behaviour.md §1.3), which the
 * SDK shows as its `UnknownError` placeholder. A RegExp matches the message.
 */
export async function expectKmsError(
  promise: Promise<unknown>,
  name: string,
  message: string | RegExp | null,
  status = name === 'KMSInternalException' ? 500 : 400,
): Promise<SdkError> {
  const error = await rejection(promise);
  expect({ name: error.name, status: error.$metadata?.httpStatusCode }).toEqual({ name, status });
  if (message === null) expect(error.message).toBe(SDK_NO_MESSAGE_PLACEHOLDER);
  else if (message instanceof RegExp) expect(error.message).toMatch(message);
  else expect(error.message).toBe(message);
  expect(error.$retryable).toBeUndefined();
  return error;
}

/** Base64 for wire bodies. */
export function b64(bytes: Uint8Array | string): string {
  return Buffer.from(bytes).toString('base64');
}

export interface RawKmsResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly errorTypeHeader: string | undefined;
}

/** One KMS call straight through `sim.handleWire`, bypassing the SDK (blobs must be base64 already). */
export async function rawKms(
  sim: Simulator,
  operation: string,
  body: Record<string, unknown>,
): Promise<RawKmsResponse> {
  const response = await sim.handleWire({
    target: `TrentService.${operation}`,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/x-amz-json-1.1' },
  });
  return {
    status: response.status,
    body: JSON.parse(response.body) as Record<string, unknown>,
    errorTypeHeader: response.headers['x-amzn-errortype'],
  };
}

/** A raw error body is exactly `{"__type": name}`: no message member at all (docs/behaviour.md §1.3, §8.2, §8.3). */
export function expectBareError(response: RawKmsResponse, name: string): void {
  expect(response.status).toBe(400);
  expect(response.body).toEqual({ __type: name });
}

/** docs/behaviour.md §2.2: the documented DescribeKey example for a CloudHSM key has exactly these members. */
export const CLOUDHSM_KEY_MEMBERS: readonly string[] = [
  'AWSAccountId',
  'Arn',
  'CloudHsmClusterId',
  'CreationDate',
  'CustomKeyStoreId',
  'CustomerMasterKeySpec',
  'Description',
  'Enabled',
  'EncryptionAlgorithms',
  'KeyId',
  'KeyManager',
  'KeySpec',
  'KeyState',
  'KeyUsage',
  'MultiRegion',
  'Origin',
];
