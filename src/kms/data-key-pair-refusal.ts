/**
 * GenerateDataKeyPair(WithoutPlaintext) (docs/behaviour.md §2.4, §4.6): not supported for keys in any custom key
 * store, whatever the key's state. For AWS_KMS keys kmsim does not generate asymmetric pairs (they
 * would need entropy outside the simulator's seeded streams), and says so instead of faking one.
 */
import type { World } from '../world/world.js';
import { KmsError } from './errors.js';
import { resolveKey } from './key-resolution.js';
import { assertUsableState } from './key-usability.js';

export function refuseDataKeyPair(world: World, keyIdInput: string): never {
  const key = resolveKey(world, keyIdInput);
  if (key.origin === 'AWS_CLOUDHSM') {
    // Wording mirrors the recorded `origin is EXTERNAL` message (docs/behaviour.md §2.4; exact text unverified).
    throw new KmsError(
      'UnsupportedOperationException',
      `${key.arn} origin is AWS_CLOUDHSM which is not valid for this operation.`,
    );
  }
  assertUsableState(world, key);
  throw new KmsError(
    'UnsupportedOperationException',
    'kmsim does not emulate GenerateDataKeyPair; it models symmetric keys only.',
  );
}
