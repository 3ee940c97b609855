/**
 * Assertions on errors the real SDK clients raise for key-store and CloudHSM tests: the exception
 * name (the wire `__type`), the HTTP status (400 for every client error, docs/behaviour.md §1.4/§1.5), the fault
 * side, and the message where the spec gives one.
 */
import { expect } from 'vitest';

export interface SdkError extends Error {
  readonly $fault?: string;
  readonly $metadata?: { httpStatusCode?: number; attempts?: number };
  readonly Message?: string;
}

/** Awaits a call that must fail and returns the error; fails the test if the call succeeds. */
export async function rejectionOf(promise: Promise<unknown>): Promise<SdkError> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error(`expected the call to fail, but it returned ${JSON.stringify(value)}`);
}

/**
 * Expects `promise` to reject with the exception `name`, HTTP 400, client fault, and (when given)
 * exactly `message` or a message matching the pattern.
 */
export async function expectClientError(
  promise: Promise<unknown>,
  name: string,
  message?: string | RegExp,
): Promise<SdkError> {
  const error = await rejectionOf(promise);
  expect(error.name, `exception name (message: ${error.message})`).toBe(name);
  expect(error.$metadata?.httpStatusCode, 'HTTP status').toBe(400);
  expect(error.$fault, 'fault side').toBe('client');
  if (typeof message === 'string') expect(error.message).toBe(message);
  else if (message) expect(error.message).toMatch(message);
  return error;
}
