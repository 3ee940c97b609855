/**
 * A KMS key (spec §2.2, §3). The state a caller sees is derived, not stored: a key of a custom key
 * store that is not CONNECTED shows `Unavailable` unless it is pending deletion (spec §3.3), and
 * Enable/Disable while unavailable only change the intent, applied when the store reconnects.
 */
import type { CustomKeyStore } from './custom-key-store.js';

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

export interface KmsKey {
  readonly keyId: string;
  readonly arn: string;
  readonly createdAtMs: number;
  readonly description: string;
  readonly keyUsage: 'ENCRYPT_DECRYPT';
  readonly keySpec: 'SYMMETRIC_DEFAULT';
  readonly origin: 'AWS_KMS' | 'AWS_CLOUDHSM';
  readonly customKeyStoreId: string | undefined;
  /** Handle of the backing key in the store's cluster, or in KMS's own HSMs for AWS_KMS keys. */
  readonly backingHandle: number;
  /** Enabled/Disabled as last requested (the intent; spec §3.3). */
  enabledIntent: boolean;
  pendingDeletion:
    | { readonly deletionAtMs: number; readonly windowDays: number; cancel: () => void }
    | undefined;
  tags: { TagKey: string; TagValue: string }[];
}

/** The KeyState DescribeKey shows (spec §3.1, §3.3). */
export function effectiveKeyState(key: KmsKey, store: CustomKeyStore | undefined): KeyState {
  if (key.pendingDeletion) return 'PendingDeletion';
  if (key.customKeyStoreId !== undefined && store?.connectionState !== 'CONNECTED')
    return 'Unavailable';
  return key.enabledIntent ? 'Enabled' : 'Disabled';
}
