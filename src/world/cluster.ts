/**
 * A CloudHSM cluster (docs/behaviour.md §6.1) and the questions KMS asks about it (docs/behaviour.md §4.4).
 */
import type { Backup } from './backup.js';
import type { ClusterCertificates } from './cluster-pki.js';
import type { Hsm } from './hsm.js';
import type { HsmContents } from './hsm-contents.js';

export type ClusterState =
  | 'CREATE_IN_PROGRESS'
  | 'UNINITIALIZED'
  | 'INITIALIZE_IN_PROGRESS'
  | 'INITIALIZED'
  | 'ACTIVE'
  | 'UPDATE_IN_PROGRESS'
  | 'MODIFY_IN_PROGRESS'
  | 'ROLLBACK_IN_PROGRESS'
  | 'DELETE_IN_PROGRESS'
  | 'DELETED'
  | 'DEGRADED';

export interface Cluster {
  readonly clusterId: string;
  state: ClusterState;
  stateMessage: string | undefined;
  readonly hsmType: string;
  readonly mode: string;
  readonly networkType: string;
  readonly vpcId: string;
  readonly securityGroup: string;
  /** AZ → subnet id, one per AZ (docs/behaviour.md §2.5 CreateCluster). */
  readonly subnetMapping: ReadonlyMap<string, string>;
  readonly createdAtMs: number;
  readonly sourceBackupId: string | undefined;
  backupRetentionDays: number;
  /**
   * Identity of the cluster certificate. Clusters restored from a backup share the lineage of the
   * cluster the backup came from: KMS calls them related (docs/behaviour.md §4.4, §6.4).
   */
  readonly lineage: string;
  /** PEM the cluster was initialized with, compared with the key store's trust anchor (docs/behaviour.md §4.4). */
  trustAnchor: string | undefined;
  signedCert: string | undefined;
  readonly hsms: Map<string, Hsm>;
  /** What the HSMs hold; undefined once the last HSM is gone (restored from a backup by the next one). */
  contents: HsmContents | undefined;
  /** The backup the next first HSM restores when the cluster was created from a backup. */
  pendingRestore: Backup | undefined;
  /** Set when the cluster has ever had an HSM: a later first HSM restores the newest backup (docs/behaviour.md §2.5 CreateHsm). */
  hadHsms: boolean;
  tags: { Key: string; Value: string }[];
  /**
   * The CSR and certificates the first ACTIVE HSM generated, built on first request and kept, by the
   * HSM they belong to (world/cluster-pki.ts).
   */
  hsmCertificates?: { readonly hsmId: string; readonly certificates: ClusterCertificates };
  /** Extra virtual latency every HSM operation on this cluster takes (a slow HSM; docs/behaviour.md §10). */
  hsmLatencyMs: number;
  /**
   * PKCS#11 sessions exhausted: the next `remaining` cryptographic requests fail with
   * KMSInternalException (docs/behaviour.md §4.6); Infinity until healed.
   */
  sessionsExhausted: { remaining: number } | undefined;
}

export function activeHsms(cluster: Cluster): Hsm[] {
  // A loop, not a spread and a filter: every request on a CloudHSM key asks (issue #12).
  const active: Hsm[] = [];
  for (const hsm of cluster.hsms.values()) if (hsm.state === 'ACTIVE') active.push(hsm);
  return active;
}

/** The ids of the cluster's ACTIVE HSMs, in the cluster's order (what capacity admission takes). */
export function activeHsmIds(cluster: Cluster): string[] {
  const ids: string[] = [];
  for (const hsm of cluster.hsms.values()) if (hsm.state === 'ACTIVE') ids.push(hsm.hsmId);
  return ids;
}

/** How many of the cluster's HSMs are ACTIVE, without listing them. */
export function countActiveHsms(cluster: Cluster): number {
  let count = 0;
  for (const hsm of cluster.hsms.values()) if (hsm.state === 'ACTIVE') count++;
  return count;
}

/** KMS's requirement for creating a store or a key: two active HSMs in different AZs (docs/behaviour.md §4.4). */
export function hasActiveHsmsInTwoAzs(cluster: Cluster): boolean {
  return new Set(activeHsms(cluster).map((hsm) => hsm.availabilityZone)).size >= 2;
}

/** Clusters that can hold key material: initialized by the customer or restored from a backup. */
export function isInitializedOrActive(cluster: Cluster): boolean {
  return (
    cluster.state === 'INITIALIZED' || cluster.state === 'ACTIVE' || cluster.state === 'DEGRADED'
  );
}
