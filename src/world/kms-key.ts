/**
 * A KMS key (docs/behaviour.md §2.2, §3). The state a caller sees is derived, not stored: a key of a custom key
 * store that is not CONNECTED shows `Unavailable` unless it is pending deletion (docs/behaviour.md §3.3), and
 * Enable/Disable while unavailable only change the intent, applied when the store reconnects.
 */
import type { CustomKeyStore } from './custom-key-store.js';
import type { KeyMaterial } from './key-material.js';

export type KeyState =
  | 'Creating'
  | 'Enabled'
  | 'Disabled'
  | 'PendingDeletion'
  | 'PendingImport'
  | 'PendingReplicaDeletion'
  | 'Unavailable'
  | 'Updating';

export type KeyOrigin = 'AWS_KMS' | 'AWS_CLOUDHSM' | 'EXTERNAL' | 'EXTERNAL_KEY_STORE';

/** Customer managed keys are the account's; AWS managed keys belong to a service (issue #10). */
export type KeyManager = 'CUSTOMER' | 'AWS';

export interface KeyTag {
  readonly TagKey: string;
  readonly TagValue: string;
}

/** Automatic rotation while enabled (EnableKeyRotation; issue #10). */
export interface AutomaticRotation {
  readonly periodDays: number;
  /** When the current period began: enabling, or the last automatic rotation. */
  readonly anchorMs: number;
  readonly nextAtMs: number;
  /** Cancels the pending rotation timer (undefined while a due rotation waits for the key to be enabled). */
  cancel: (() => void) | undefined;
}

/** The last successful cryptographic use of a key (GetKeyLastUsage). */
export interface KeyLastUse {
  readonly operation: string;
  readonly atMs: number;
  readonly requestId: string;
}

export interface KmsKey {
  readonly keyId: string;
  readonly arn: string;
  readonly createdAtMs: number;
  description: string;
  readonly keyManager: KeyManager;
  readonly keyUsage: 'ENCRYPT_DECRYPT';
  readonly keySpec: 'SYMMETRIC_DEFAULT';
  readonly origin: 'AWS_KMS' | 'AWS_CLOUDHSM';
  readonly customKeyStoreId: string | undefined;
  /**
   * Handle of the current backing key in the store's cluster, or in KMS's own HSMs for AWS_KMS keys;
   * always the handle of the newest entry of `materials`.
   */
  backingHandle: number;
  /** Every material the key has had, oldest first; the last is current (key-material.ts). */
  readonly materials: KeyMaterial[];
  /** The key policy document, stored and returned byte for byte (issue #10). */
  policy: string;
  /** Enabled/Disabled as last requested (the intent; docs/behaviour.md §3.3). */
  enabledIntent: boolean;
  pendingDeletion:
    | { readonly deletionAtMs: number; readonly windowDays: number; cancel: () => void }
    | undefined;
  tags: KeyTag[];
  rotation: AutomaticRotation | undefined;
  /** RotateKeyOnDemand calls that rotated this key (a per-key limit applies). */
  onDemandRotations: number;
  lastUse: KeyLastUse | undefined;
}

/** The KeyState DescribeKey shows (docs/behaviour.md §3.1, §3.3). */
export function effectiveKeyState(key: KmsKey, store: CustomKeyStore | undefined): KeyState {
  if (key.pendingDeletion) return 'PendingDeletion';
  if (key.customKeyStoreId !== undefined && store?.connectionState !== 'CONNECTED')
    return 'Unavailable';
  return key.enabledIntent ? 'Enabled' : 'Disabled';
}
