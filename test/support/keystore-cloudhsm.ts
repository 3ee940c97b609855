/**
 * Small steps for the CloudHSM v2 operation tests, through the real CloudHSMV2Client.
 */
import {
  CreateClusterCommand,
  DescribeBackupsCommand,
  DescribeClustersCommand,
  type Backup,
  type CloudHSMV2Client,
  type Cluster,
} from '@aws-sdk/client-cloudhsm-v2';
import type { KMSClient } from '@aws-sdk/client-kms';
import { Simulator } from '../../src/simulator.js';
import { createCloudHsmClient, createKmsClient } from '../../src/transport/sdk-clients.js';

export interface HsmWorld {
  readonly sim: Simulator;
  readonly hsm: CloudHSMV2Client;
  readonly kms: KMSClient;
}

export function freshHsmWorld(seed: number | string): HsmWorld {
  const sim = new Simulator({ seed });
  return {
    sim,
    hsm: createCloudHsmClient(sim, { maxAttempts: 1 }),
    kms: createKmsClient(sim, { maxAttempts: 1 }),
  };
}

/** The default VPC's subnets (one per AZ), in creation order. */
export function subnetIds(sim: Simulator, count = 3): string[] {
  return [...sim.world.network.subnets.values()].slice(0, count).map((subnet) => subnet.subnetId);
}

export function azOf(sim: Simulator, index: number): string {
  return [...sim.world.network.subnets.values()][index]!.availabilityZone;
}

/** CreateCluster over the first `subnetCount` subnets; optionally waits until it is UNINITIALIZED. */
export async function createBareCluster(
  w: HsmWorld,
  options: { subnetCount?: number; settle?: boolean; retentionDays?: number } = {},
): Promise<Cluster> {
  const created = await w.hsm.send(
    new CreateClusterCommand({
      HsmType: 'hsm1.medium',
      SubnetIds: subnetIds(w.sim, options.subnetCount ?? 3),
      ...(options.retentionDays !== undefined
        ? { BackupRetentionPolicy: { Type: 'DAYS', Value: String(options.retentionDays) } }
        : {}),
    }),
  );
  if (options.settle ?? true) w.sim.advanceMs(w.sim.world.timings.clusterCreateMs);
  return created.Cluster!;
}

export async function describeCluster(
  hsm: CloudHSMV2Client,
  clusterId: string,
): Promise<Cluster | undefined> {
  const out = await hsm.send(new DescribeClustersCommand({ Filters: { clusterIds: [clusterId] } }));
  return out.Clusters?.[0];
}

export async function backupsOf(
  hsm: CloudHSMV2Client,
  clusterId: string,
  sortAscending = true,
): Promise<Backup[]> {
  const out = await hsm.send(
    new DescribeBackupsCommand({
      Filters: { clusterIds: [clusterId] },
      SortAscending: sortAscending,
    }),
  );
  return out.Backups ?? [];
}
