/**
 * The contract of one KMS operation: its wire name, the errors the model lets it raise (docs/behaviour.md §2.1;
 * raising anything else is a simulator bug, ARCHITECTURE convention 4), and a synchronous handler
 * over the world that returns the output members (blobs as Uint8Array, omitted members undefined).
 */
import type { RequestLatency } from '../sim/request-latency.js';
import type { World } from '../world/world.js';
import type { KmsErrorName } from './errors.js';
import type { KmsInput, KmsOperationName } from './input-shapes.js';

export interface KmsOperation<Op extends KmsOperationName = KmsOperationName> {
  readonly name: Op;
  readonly errors: readonly KmsErrorName[];
  /** `latency`: the time the request spends on HSMs, added by what the operation uses. */
  run(world: World, input: KmsInput<Op>, latency: RequestLatency): Record<string, unknown>;
}

export function defineOperation<Op extends KmsOperationName>(
  operation: KmsOperation<Op>,
): KmsOperation<Op> {
  return operation;
}

/** Modeled error lists shared by several operations (docs/behaviour.md §2.1). */
export const CRYPTO_ERRORS: readonly KmsErrorName[] = [
  'NotFoundException',
  'DisabledException',
  'KeyUnavailableException',
  'DependencyTimeoutException',
  'InvalidKeyUsageException',
  'InvalidGrantTokenException',
  'KMSInternalException',
  'KMSInvalidStateException',
  'DryRunOperationException',
];

export const DECRYPT_ERRORS: readonly KmsErrorName[] = [
  ...CRYPTO_ERRORS,
  'InvalidCiphertextException',
  'IncorrectKeyException',
];
