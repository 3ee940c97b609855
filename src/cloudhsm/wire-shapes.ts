/**
 * Cluster, Hsm and Backup as CloudHSM v2 returns them (docs/behaviour.md §2.5 "Shapes"). Timestamps are epoch
 * seconds (docs/behaviour.md §1.2). Before initialization a cluster carries its first HSM's CSR and
 * certificates (world/cluster-pki.ts).
 */
import type { Backup } from '../world/backup.js';
import type { Cluster } from '../world/cluster.js';
import { certificatesBeforeInitialization } from '../world/cluster-pki.js';
import type { Hsm } from '../world/hsm.js';
import type { World } from '../world/world.js';

function seconds(world: World, virtualMs: number): number {
  return (world.kernel.clock.epochMs + virtualMs) / 1000;
}

export function hsmWire(hsm: Hsm): Record<string, unknown> {
  return {
    AvailabilityZone: hsm.availabilityZone,
    ClusterId: hsm.clusterId,
    SubnetId: hsm.subnetId,
    EniId: hsm.eniId,
    EniIp: hsm.eniIp,
    HsmId: hsm.hsmId,
    HsmType: hsm.hsmType,
    State: hsm.state,
    StateMessage: hsm.stateMessage,
  };
}

export function clusterWire(world: World, cluster: Cluster): Record<string, unknown> {
  const pki = certificatesBeforeInitialization(world, cluster);
  return {
    BackupPolicy: 'DEFAULT',
    BackupRetentionPolicy: { Type: 'DAYS', Value: String(cluster.backupRetentionDays) },
    ClusterId: cluster.clusterId,
    CreateTimestamp: seconds(world, cluster.createdAtMs),
    Hsms: [...cluster.hsms.values()].map(hsmWire),
    HsmType: cluster.hsmType,
    SecurityGroup: cluster.securityGroup,
    SourceBackupId: cluster.sourceBackupId,
    State: cluster.state,
    StateMessage: cluster.stateMessage,
    SubnetMapping: Object.fromEntries(cluster.subnetMapping),
    VpcId: cluster.vpcId,
    NetworkType: cluster.networkType,
    Certificates: {
      // Offered while the cluster waits to be initialized (docs/behaviour.md §2.5 InitializeCluster).
      ClusterCsr: pki?.clusterCsr,
      HsmCertificate: pki?.hsmCertificate,
      AwsHardwareCertificate: pki?.awsHardwareCertificate,
      ManufacturerHardwareCertificate: pki?.manufacturerHardwareCertificate,
      ClusterCertificate: cluster.signedCert,
    },
    TagList: cluster.tags.length > 0 ? cluster.tags : undefined,
    Mode: cluster.mode,
  };
}

export function backupWire(world: World, backup: Backup): Record<string, unknown> {
  return {
    BackupId: backup.backupId,
    BackupArn: world.backupArn(backup.backupId),
    BackupState: backup.state,
    ClusterId: backup.clusterId,
    CreateTimestamp: seconds(world, backup.createdAtMs),
    NeverExpires: backup.neverExpires,
    DeleteTimestamp:
      backup.deleteAtMs !== undefined ? seconds(world, backup.deleteAtMs) : undefined,
    TagList: backup.tags.length > 0 ? backup.tags : undefined,
    HsmType: backup.hsmType,
    Mode: backup.mode,
  };
}
