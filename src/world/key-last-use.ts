/**
 * The last successful cryptographic use of a key, for GetKeyLastUsage (issue #10). Only
 * operations that really used the key count: a DryRun or a failure leaves it unchanged (API
 * reference: "the last successful cryptographic operation").
 */
import type { KmsKey } from './kms-key.js';
import type { World } from './world.js';

export function recordKeyUse(world: World, key: KmsKey, operation: string): void {
  key.lastUse = { operation, atMs: world.nowMs, requestId: world.currentRequestId ?? '' };
}
