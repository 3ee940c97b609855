/**
 * The errors a broken or slow connection gives the SDK, shared by the in-process handler and the
 * msw transport so that a scenario sees the same error whichever way its client is wired. They
 * have the shape Node's http client and the SDK's node handler give (name, message, code), which
 * is what the SDK's retry classification reads (docs/behaviour.md §1.6: ECONNRESET and timeouts are
 * transient and retried).
 */

/** Node's http client on a reset connection. */
export function connectionResetError(): Error {
  return Object.assign(new Error('read ECONNRESET'), {
    code: 'ECONNRESET',
    errno: -104,
    syscall: 'read',
  });
}

/** A connection that never answered within the injected fault's `afterMs` (no client timeout was shorter). */
export function connectionTimedOutError(afterMs: number): Error {
  const error = Object.assign(new Error(`Connection timed out after ${afterMs} ms`), {
    code: 'ETIMEDOUT',
  });
  error.name = 'TimeoutError';
  return error;
}

/** The client's own connection or request timeout (`TimeoutError`, which the SDK retries as transient). */
export function clientTimeoutError(kind: 'Connection' | 'Request', afterMs: number): Error {
  const error = new Error(
    kind === 'Connection'
      ? `Socket timed out without establishing a connection within ${afterMs} ms`
      : `Connection timed out after ${afterMs} ms`,
  );
  error.name = 'TimeoutError';
  return error;
}
