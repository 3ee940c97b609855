/**
 * The message of UnknownOperationException. Real services send none (spec §1.1; Coral), but kmsim
 * names what it was asked for, so a user can tell "kmsim does not serve this" from a routing bug
 * (issue #10; docs/fidelity.md). The name is quoted as sent, whatever it contains.
 */
export function unknownOperationMessage(service: string, operation: string): string {
  return `kmsim does not serve ${service} operation "${operation}".`;
}

/** For a request whose X-Amz-Target names neither service (or is missing). */
export function unknownTargetMessage(target: string): string {
  return target === ''
    ? 'kmsim does not serve a request without an X-Amz-Target header.'
    : `kmsim does not serve X-Amz-Target "${target}".`;
}
