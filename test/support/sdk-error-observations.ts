/**
 * What a transport test observes of the SDK client's side of a request: the rejected error's
 * identity, and the warnings its logger got with the virtual time of each. Shared by the
 * in-process and msw transport tests, which must see the same things.
 */

/** The fields by which a caller tells SDK errors apart (a TimeoutError with or without ETIMEDOUT, ...). */
export function errorIdentity(
  error: { name?: string; code?: unknown; message?: string } | undefined,
): { name: string | undefined; code: unknown; message: string | undefined } {
  return { name: error?.name, code: error?.code, message: error?.message };
}

/** A logger for the SDK (client or request handler) that notes each warning with the virtual time it came at. */
export function recordingLogger(clock: { readonly sim: { readonly nowMs: number } }) {
  const warnings: { text: string; atMs: number }[] = [];
  const logger = {
    warn: (text: string) => warnings.push({ text, atMs: clock.sim.nowMs }),
    debug: () => {},
    info: () => {},
    error: () => {},
  };
  return { warnings, logger };
}
