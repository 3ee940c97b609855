/**
 * The API calls Terraform's `aws_cloudhsm_v2_cluster` and `aws_cloudhsm_v2_hsm` make, replayed with
 * a real CloudHSMV2Client. The call sequences, filters, waiter settings and state mapping were read
 * from hashicorp/terraform-provider-aws (main branch; the files as stored at these commits):
 *   internal/service/cloudhsmv2/cluster.go          013f1736b90439e5a19567a87d3e5cd11858c420
 *   internal/service/cloudhsmv2/hsm.go              01606926a0c0ab9174aec440f976a48b0baee722
 *   internal/service/cloudhsmv2/tags_gen.go         088e0878080a74fcf1e35d901992372e4c041214
 *   internal/provider/sdkv2/tags_interceptor.go     2c53338d0ee302f0b27030251ca3abdcb2ef75d1
 * (these include `hsm_type = "hsm2m.medium"` and the `mode` argument, added in the 5.x series,
 * PR #39206). The code is ours; only the facts come from there:
 * - cluster Create: CreateCluster {HsmType, SubnetIds, TagList (when tags are set), Mode (when
 *   set), SourceBackupId (when set)}; then wait for UNINITIALIZED (pending CREATE_IN_PROGRESS,
 *   INITIALIZE_IN_PROGRESS), or for ACTIVE when created from a backup; Delay 30 s, MinTimeout 30 s,
 *   timeout 120 min; then Read.
 * - cluster Read: DescribeClusters {Filters: {clusterIds: [id]}} through the paginator; exactly one
 *   cluster with that id, else not found; State DELETED counts as not found (removed from state).
 *   Certificates go to state only while UNINITIALIZED (CSR and the three HSM certificates) or
 *   ACTIVE (cluster certificate). Tags come from the cluster's TagList, so no ListTags.
 * - cluster Update (tags only; everything else forces a new cluster): UntagResource {ResourceId:
 *   id, TagKeyList: removed keys} when keys were removed, then TagResource {ResourceId: id,
 *   TagList: new and changed tags}; then Read.
 * - cluster Delete: DeleteCluster (CloudHsmResourceNotFoundException means done), then wait until
 *   it is gone (pending DELETE_IN_PROGRESS, target: not found).
 * - HSM Create: without availability_zone, DescribeClusters {clusterIds} and the AZ whose subnet
 *   is subnet_id; CreateHsm {ClusterId, AvailabilityZone, IpAddress (when set)}; wait for ACTIVE
 *   (pending CREATE_IN_PROGRESS) with the same waiter settings; then Read.
 * - HSM Read: DescribeClusters with no filter through the paginator, the HSM matched by HsmId or
 *   by EniId (the ENI survives HSM replacement).
 * - HSM Delete: DeleteHsm {ClusterId, HsmId} (not found means done), then wait until gone
 *   (pending DELETE_IN_PROGRESS).
 */
import {
  type Certificates,
  type CloudHSMV2Client,
  type Cluster,
  CreateClusterCommand,
  type CreateClusterCommandInput,
  CreateHsmCommand,
  DeleteClusterCommand,
  DeleteHsmCommand,
  type Hsm,
  paginateDescribeClusters,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudhsm-v2';
import { waitForState } from './state-change-wait.js';

const WAIT = { delaySeconds: 30, minTimeoutSeconds: 30, timeoutSeconds: 120 * 60 } as const;

export type Tags = Record<string, string>;

export interface ClusterConfig {
  readonly hsmType: string;
  readonly subnetIds: readonly string[];
  readonly tags?: Tags;
  readonly mode?: string;
  readonly sourceBackupIdentifier?: string;
}

/** What Terraform keeps in state for an aws_cloudhsm_v2_cluster. */
export interface ClusterState {
  readonly id: string;
  readonly clusterId: string;
  readonly clusterState: string;
  readonly hsmType: string;
  readonly mode: string | undefined;
  readonly securityGroupId: string | undefined;
  readonly sourceBackupIdentifier: string | undefined;
  readonly subnetIds: string[];
  readonly vpcId: string | undefined;
  readonly tags: Tags;
  readonly clusterCertificates: Record<string, string>[];
}

export interface HsmConfig {
  readonly clusterId: string;
  readonly availabilityZone?: string;
  readonly subnetId?: string;
  readonly ipAddress?: string;
}

/** What Terraform keeps in state for an aws_cloudhsm_v2_hsm. */
export interface HsmState {
  readonly id: string;
  readonly availabilityZone: string | undefined;
  readonly clusterId: string | undefined;
  readonly hsmEniId: string | undefined;
  readonly hsmId: string | undefined;
  readonly hsmState: string | undefined;
  readonly ipAddress: string | undefined;
  readonly subnetId: string | undefined;
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

export class CloudHsmV2Resources {
  constructor(
    private readonly client: CloudHSMV2Client,
    private readonly sleep: (seconds: number) => Promise<void>,
  ) {}

  private async allClusters(filters?: Record<string, string[]>): Promise<Cluster[]> {
    const clusters: Cluster[] = [];
    for await (const page of paginateDescribeClusters(
      { client: this.client },
      filters ? { Filters: filters } : {},
    ))
      clusters.push(...(page.Clusters ?? []));
    return clusters;
  }

  /** findClusterByID: undefined when missing or DELETED. */
  async findCluster(id: string): Promise<Cluster | undefined> {
    const found = await this.allClusters({ clusterIds: [id] });
    if (found.length > 1) throw new Error(`expected one cluster ${id}, found ${found.length}`);
    const cluster = found[0];
    if (!cluster || cluster.State === 'DELETED' || cluster.ClusterId !== id) return undefined;
    return cluster;
  }

  private waitCluster(id: string, pending: string[], target: string[]) {
    return waitForState({
      ...WAIT,
      pending,
      target,
      sleep: this.sleep,
      refresh: async () => {
        const cluster = await this.findCluster(id);
        return { value: cluster, state: cluster?.State ?? '' };
      },
    });
  }

  async createCluster(config: ClusterConfig): Promise<ClusterState> {
    const tags = Object.entries(config.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
    const input = {
      HsmType: config.hsmType,
      SubnetIds: [...config.subnetIds],
      TagList: tags.length > 0 ? tags : undefined,
      ...(config.mode ? { Mode: config.mode } : {}),
      ...(config.sourceBackupIdentifier ? { SourceBackupId: config.sourceBackupIdentifier } : {}),
    } as CreateClusterCommandInput;
    const out = await this.client.send(new CreateClusterCommand(input));
    const id = out.Cluster!.ClusterId!;
    const fromBackup = config.sourceBackupIdentifier !== undefined;
    await this.waitCluster(
      id,
      ['CREATE_IN_PROGRESS', 'INITIALIZE_IN_PROGRESS'],
      [fromBackup ? 'ACTIVE' : 'UNINITIALIZED'],
    );
    const state = await this.readCluster(id, true);
    if (!state) throw new Error(`reading CloudHSMv2 Cluster (${id}): not found`);
    return state;
  }

  /** undefined: the resource is gone and Terraform drops it from state. */
  async readCluster(id: string, isNewResource = false): Promise<ClusterState | undefined> {
    const cluster = await this.findCluster(id);
    if (!cluster) {
      if (isNewResource) throw new Error(`reading CloudHSMv2 Cluster (${id}): not found`);
      return undefined;
    }
    return {
      id,
      clusterId: cluster.ClusterId!,
      clusterState: cluster.State!,
      hsmType: cluster.HsmType!,
      // The pinned JS SDK drops Mode from responses (the Go SDK keeps it).
      mode: (cluster as Cluster & { Mode?: string }).Mode,
      securityGroupId: cluster.SecurityGroup,
      sourceBackupIdentifier: cluster.SourceBackupId,
      subnetIds: Object.values(cluster.SubnetMapping ?? {}),
      vpcId: cluster.VpcId,
      tags: Object.fromEntries((cluster.TagList ?? []).map((tag) => [tag.Key!, tag.Value!])),
      clusterCertificates: certificatesInState(cluster.State, cluster.Certificates),
    };
  }

  /** Update of `tags` (the only in-place change): remove, then add or change. */
  async updateClusterTags(state: ClusterState, tags: Tags): Promise<ClusterState | undefined> {
    const removed = Object.keys(state.tags).filter((key) => !(key in tags));
    const updated = Object.entries(tags).filter(([key, value]) => state.tags[key] !== value);
    if (removed.length > 0)
      await this.client.send(
        new UntagResourceCommand({ ResourceId: state.id, TagKeyList: removed }),
      );
    if (updated.length > 0)
      await this.client.send(
        new TagResourceCommand({
          ResourceId: state.id,
          TagList: updated.map(([Key, Value]) => ({ Key, Value })),
        }),
      );
    return this.readCluster(state.id);
  }

  async deleteCluster(id: string): Promise<void> {
    try {
      await this.client.send(new DeleteClusterCommand({ ClusterId: id }));
    } catch (error) {
      if (errorName(error) === 'CloudHsmResourceNotFoundException') return;
      throw error;
    }
    await this.waitCluster(id, ['DELETE_IN_PROGRESS'], []);
  }

  /** findHSMByTwoPartKey: every cluster, the HSM by id or ENI id. */
  async findHsm(hsmId: string, eniId: string): Promise<Hsm | undefined> {
    for (const cluster of await this.allClusters())
      for (const hsm of cluster.Hsms ?? [])
        if (hsm.HsmId === hsmId || hsm.EniId === eniId) return hsm;
    return undefined;
  }

  private waitHsm(id: string, pending: string[], target: string[]) {
    return waitForState({
      ...WAIT,
      pending,
      target,
      sleep: this.sleep,
      refresh: async () => {
        const hsm = await this.findHsm(id, '');
        return { value: hsm, state: hsm?.State ?? '' };
      },
    });
  }

  async createHsm(config: HsmConfig): Promise<HsmState> {
    let availabilityZone = config.availabilityZone;
    if (availabilityZone === undefined) {
      const cluster = await this.findCluster(config.clusterId);
      if (!cluster) throw new Error(`reading CloudHSMv2 Cluster (${config.clusterId}): not found`);
      for (const [az, subnet] of Object.entries(cluster.SubnetMapping ?? {}))
        if (subnet === config.subnetId) availabilityZone = az;
    }
    const out = await this.client.send(
      new CreateHsmCommand({
        ClusterId: config.clusterId,
        AvailabilityZone: availabilityZone,
        ...(config.ipAddress ? { IpAddress: config.ipAddress } : {}),
      }),
    );
    const id = out.Hsm!.HsmId!;
    await this.waitHsm(id, ['CREATE_IN_PROGRESS'], ['ACTIVE']);
    const state = await this.readHsm(id, '', true);
    if (!state) throw new Error(`reading CloudHSMv2 HSM (${id}): not found`);
    return state;
  }

  async readHsm(id: string, eniId: string, isNewResource = false): Promise<HsmState | undefined> {
    const hsm = await this.findHsm(id, eniId);
    if (!hsm) {
      if (isNewResource) throw new Error(`reading CloudHSMv2 HSM (${id}): not found`);
      return undefined;
    }
    return {
      // Matched by ENI id, the HSM id in state follows the replacement.
      id: hsm.HsmId!,
      availabilityZone: hsm.AvailabilityZone,
      clusterId: hsm.ClusterId,
      hsmEniId: hsm.EniId,
      hsmId: hsm.HsmId,
      hsmState: hsm.State,
      ipAddress: hsm.EniIp,
      subnetId: hsm.SubnetId,
    };
  }

  async deleteHsm(state: HsmState): Promise<void> {
    try {
      await this.client.send(new DeleteHsmCommand({ ClusterId: state.clusterId, HsmId: state.id }));
    } catch (error) {
      if (errorName(error) === 'CloudHsmResourceNotFoundException') return;
      throw error;
    }
    await this.waitHsm(state.id, ['DELETE_IN_PROGRESS'], []);
  }
}

/** flattenCertificates: which certificates the provider keeps, by cluster state. */
function certificatesInState(
  state: string | undefined,
  certificates: Certificates | undefined,
): Record<string, string>[] {
  if (!certificates) return [];
  if (state === 'UNINITIALIZED')
    return [
      {
        cluster_csr: certificates.ClusterCsr ?? '',
        aws_hardware_certificate: certificates.AwsHardwareCertificate ?? '',
        hsm_certificate: certificates.HsmCertificate ?? '',
        manufacturer_hardware_certificate: certificates.ManufacturerHardwareCertificate ?? '',
      },
    ];
  if (state === 'ACTIVE') return [{ cluster_certificate: certificates.ClusterCertificate ?? '' }];
  return [];
}
