// A custom RetryStrategyV2 with a bug seen in production: it treats every error as retryable,
// including KMSInvalidStateException (a key that is Unavailable stays Unavailable until someone
// reconnects its key store), so each call burns all of its attempts and its backoff before failing.
// Used by scenarios/custom-strategy-retries-invalid-state.yaml.
const MAX_ATTEMPTS = 4;
const DELAY_MS = 200;

function token(attempt) {
  return {
    attempt,
    getRetryCount: () => attempt - 1,
    getRetryDelay: () => DELAY_MS * 2 ** (attempt - 2),
  };
}

export const retryStrategy = () => ({
  mode: 'retry-everything',
  acquireInitialRetryToken: async () => token(1),
  refreshRetryTokenForRetry: async (previous, errorInfo) => {
    // The bug: no look at errorInfo.errorType, so a non-retryable client error is retried too.
    if (previous.attempt >= MAX_ATTEMPTS) throw errorInfo.error ?? new Error('out of attempts');
    return token(previous.attempt + 1);
  },
  recordSuccess: () => {},
});
