/**
 * The errors a broken or slow connection gives the SDK, shared by the in-process handler and the
 * msw transport so that a scenario sees the same error whichever way its client is wired. They
 * have the shape Node's http client and the pinned SDK's node handler (@smithy/node-http-handler
 * 4.14.2) give (name, message, code), which is what the SDK's retry classification reads
 * (docs/behaviour.md §1.6: ECONNRESET and timeouts are transient and retried, by name or by code,
 * at the same retry-quota cost).
 */

/** The node handler's prefix on the errors and warnings it raises itself. */
const NODE_HANDLER = '@smithy/node-http-handler';

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

/** The node handler's `connectionTimeout`: no connection within that long (no code). */
export function connectionTimeoutError(timeoutMs: number): Error {
  const error = new Error(
    `${NODE_HANDLER} - the request socket did not establish a connection with the server within the configured timeout of ${timeoutMs} ms.`,
  );
  error.name = 'TimeoutError';
  return error;
}

/** The node handler's `requestTimeout` with `throwOnRequestTimeout: true`. */
export function requestTimeoutError(timeoutMs: number): Error {
  const error = Object.assign(
    new Error(
      `${NODE_HANDLER} - [ERROR] a request has exceeded the configured ${timeoutMs} ms requestTimeout.`,
    ),
    { code: 'ETIMEDOUT' },
  );
  error.name = 'TimeoutError';
  return error;
}

/** What the node handler logs (warn) at `requestTimeout` when `throwOnRequestTimeout` is not set. */
export function requestTimeoutWarning(timeoutMs: number): string {
  return `${NODE_HANDLER} - [WARN] a request has exceeded the configured ${timeoutMs} ms requestTimeout. Init client requestHandler with throwOnRequestTimeout=true to turn this into an error.`;
}

/** The node handler's `socketTimeout`: no bytes on a connected socket for that long (no code). */
export function socketTimeoutError(timeoutMs: number): Error {
  const error = new Error(
    `${NODE_HANDLER} - the request socket timed out after ${timeoutMs} ms of inactivity (configured by client requestHandler).`,
  );
  error.name = 'TimeoutError';
  return error;
}
