/**
 * The key of a state-changing call (EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion),
 * counted against that key's hot-key limit (docs/behaviour.md §5.1): a burst or steady stream of state changes
 * on one key is throttled even below each operation's own quota. The count comes once the key is
 * known and before its state is checked, so a request the state would refuse still counts
 * (docs/fidelity.md).
 */
import type { World } from '../world/world.js';
import type { KmsKey } from '../world/kms-key.js';
import { KMS_MESSAGES, KmsError } from './errors.js';
import { resolveKey } from './key-resolution.js';

export function resolveKeyToChange(world: World, keyIdInput: string, operation: string): KmsKey {
  const key = resolveKey(world, keyIdInput, { keysOnly: true });
  const verdict = world.quotas.admitKeyStateChange(key.keyId, world.nowMs);
  if (!verdict.ok) {
    world.record('kms.throttled', { operation, quota: verdict.quota, keyId: key.keyId });
    // docs/behaviour.md §5.3: the one throttling text KMS sends, whichever limit was exceeded.
    throw new KmsError('ThrottlingException', KMS_MESSAGES.throttling);
  }
  return key;
}
