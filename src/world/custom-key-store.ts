/**
 * A CloudHSM custom key store (docs/behaviour.md §4.1-4.3). ConnectionState is changed only by Connect and
 * Disconnect: HSM loss, lost key material or a partition leave a CONNECTED store CONNECTED.
 */
export type ConnectionState =
  | 'DISCONNECTED'
  | 'CONNECTING'
  | 'CONNECTED'
  | 'DISCONNECTING'
  | 'FAILED';

export type ConnectionErrorCode =
  | 'INTERNAL_ERROR'
  | 'NETWORK_ERRORS'
  | 'CLUSTER_NOT_FOUND'
  | 'INSUFFICIENT_CLOUDHSM_HSMS'
  | 'INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET'
  | 'INVALID_CREDENTIALS'
  | 'SUBNET_NOT_FOUND'
  | 'USER_LOCKED_OUT'
  | 'USER_LOGGED_IN'
  | 'USER_NOT_FOUND';

export interface KmsEni {
  readonly eniId: string;
  readonly subnetId: string;
  readonly ip: string;
}

export interface CustomKeyStore {
  readonly customKeyStoreId: string;
  name: string;
  clusterId: string;
  readonly trustAnchorCertificate: string;
  /** The `kmsuser` password as KMS knows it; KMS rotates it at every successful connect (docs/behaviour.md §4.3). */
  kmsuserPassword: string;
  connectionState: ConnectionState;
  connectionErrorCode: ConnectionErrorCode | undefined;
  readonly createdAtMs: number;
  /** ENIs KMS created in the cluster subnets while connected (docs/behaviour.md §4.3). */
  enis: KmsEni[];
  /** Cancels the pending CONNECTING/DISCONNECTING completion. */
  cancelTransition: (() => void) | undefined;
}

/** A key of this store is usable only while the store is CONNECTED (docs/behaviour.md §3.3). */
export function isConnected(store: CustomKeyStore): boolean {
  return store.connectionState === 'CONNECTED';
}
