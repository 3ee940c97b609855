/**
 * A JSON-ready view of the whole world for `/_sim/world` and for tests: subnets with their AZs,
 * clusters with HSMs and the key handles they hold, backups, key stores and keys. Passwords and key
 * material are never included.
 */
import { activeHsms } from './cluster.js';
import { effectiveKeyState } from './kms-key.js';
import { freeAddresses } from './network.js';
import type { World } from './world.js';

export function worldSnapshot(world: World): Record<string, unknown> {
  return {
    nowMs: world.nowMs,
    region: world.region,
    accountId: world.accountId,
    vpcId: world.network.vpcId,
    subnets: [...world.network.subnets.values()].map((subnet) => ({
      subnetId: subnet.subnetId,
      availabilityZone: subnet.availabilityZone,
      vpcId: subnet.vpcId,
      cidrBlock: subnet.cidrBlock,
      freeAddresses: freeAddresses(subnet),
      deleted: subnet.deleted,
    })),
    partitionedClusters: [...world.network.partitionedClusters].sort(),
    clusters: [...world.clusters.values()].map((cluster) => ({
      clusterId: cluster.clusterId,
      state: cluster.state,
      lineage: cluster.lineage,
      sourceBackupId: cluster.sourceBackupId ?? null,
      subnetMapping: Object.fromEntries(cluster.subnetMapping),
      activeHsmCount: activeHsms(cluster).length,
      hsms: [...cluster.hsms.values()].map((hsm) => ({ ...hsm })),
      keyHandles: cluster.contents?.keys.handles() ?? null,
      users: cluster.contents
        ? [...cluster.contents.users.values()].map((user) => ({
            name: user.name,
            failedLogins: user.failedLogins,
            loggedInElsewhere: user.loggedInElsewhere,
          }))
        : null,
    })),
    backups: [...world.backups.values()].map((backup) => ({
      backupId: backup.backupId,
      clusterId: backup.clusterId,
      state: backup.state,
      trigger: backup.trigger,
      createdAtMs: backup.createdAtMs,
      neverExpires: backup.neverExpires,
      keyHandles: backup.contents.keys.handles(),
    })),
    keyStores: [...world.keyStores.values()].map((store) => ({
      customKeyStoreId: store.customKeyStoreId,
      name: store.name,
      clusterId: store.clusterId,
      connectionState: store.connectionState,
      connectionErrorCode: store.connectionErrorCode ?? null,
      enis: store.enis.map((eni) => ({ ...eni })),
    })),
    keys: [...world.keys.values()].map((key) => ({
      keyId: key.keyId,
      arn: key.arn,
      origin: key.origin,
      customKeyStoreId: key.customKeyStoreId ?? null,
      keyState: effectiveKeyState(
        key,
        key.customKeyStoreId ? world.keyStores.get(key.customKeyStoreId) : undefined,
      ),
      backingHandle: key.backingHandle,
      deletionAtMs: key.pendingDeletion?.deletionAtMs ?? null,
    })),
    aliases: [...world.aliases.values()].map((alias) => ({ ...alias })),
  };
}
