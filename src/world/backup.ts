/**
 * A cluster backup (docs/behaviour.md §6.3): a point-in-time clone of the cluster's users and keys, taken when an
 * HSM is added or removed, at activation and daily. States CREATE_IN_PROGRESS → READY;
 * DeleteBackup → PENDING_DELETION (restorable for 7 days) → DELETED.
 */
import type { HsmContents } from './hsm-contents.js';

export type BackupState = 'CREATE_IN_PROGRESS' | 'READY' | 'PENDING_DELETION' | 'DELETED';

export type BackupTrigger = 'activation' | 'hsm-added' | 'hsm-removed' | 'daily' | 'fixture';

export interface Backup {
  readonly backupId: string;
  readonly clusterId: string;
  readonly createdAtMs: number;
  readonly trigger: BackupTrigger;
  readonly hsmType: string;
  readonly mode: string;
  /** Certificate lineage of the source cluster (docs/behaviour.md §6.4 related clusters). */
  readonly lineage: string;
  /**
   * The cluster's PKI at backup time: the trust anchor and signed cluster certificate it was
   * initialized with. A cluster restored from the backup shares them (docs/behaviour.md §2.5 CreateCluster,
   * §6.4), so KMS accepts the original trust anchor for it.
   */
  readonly trustAnchor: string | undefined;
  readonly clusterCertificate: string | undefined;
  /** The cluster's users and keys when the backup was taken; never changes afterwards. */
  readonly contents: HsmContents;
  state: BackupState;
  neverExpires: boolean;
  deleteAtMs: number | undefined;
  tags: { Key: string; Value: string }[];
  /** PutResourcePolicy's document, byte for byte (world/backup-sharing.ts). */
  resourcePolicy: string | undefined;
}
