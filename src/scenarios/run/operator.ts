/**
 * The operator: real SDK clients (in-process, one attempt each) that build the scenario's world and
 * perform timeline actions through the same APIs a person would use, plus the CloudHSM CLI step
 * (activate-cluster) as a control action.
 */
import {
  type CloudHSMV2Client,
  CreateClusterCommand,
  CreateHsmCommand,
  DeleteHsmCommand,
  InitializeClusterCommand,
} from '@aws-sdk/client-cloudhsm-v2';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { Simulator } from '../../simulator.js';
import { createCloudHsmClient, createKmsClient } from '../../transport/sdk-clients.js';

/** Any PEM-armoured certificate is accepted by the simulated cluster (docs/fidelity.md). */
export const SCENARIO_TRUST_ANCHOR =
  '-----BEGIN CERTIFICATE-----\nkmsim scenario trust anchor\n-----END CERTIFICATE-----\n';

export class Operator {
  readonly kms: KMSClient;
  readonly hsm: CloudHSMV2Client;

  constructor(readonly sim: Simulator) {
    this.kms = createKmsClient(sim, { maxAttempts: 1 });
    this.hsm = createCloudHsmClient(sim, { maxAttempts: 1 });
  }

  /** `a` → `us-east-1a`; full names pass through. */
  zone(az: string): string {
    return az.length === 1 ? `${this.sim.region}${az}` : az;
  }

  /** One subnet per AZ of the default VPC (issue #2 §3). */
  subnetIds(): string[] {
    return [...this.sim.world.network.subnets.values()]
      .filter((subnet) => !subnet.deleted)
      .map((subnet) => subnet.subnetId);
  }

  async createCluster(sourceBackupId?: string): Promise<string> {
    const created = await this.hsm.send(
      new CreateClusterCommand({
        HsmType: 'hsm1.medium',
        SubnetIds: this.subnetIds(),
        SourceBackupId: sourceBackupId,
      }),
    );
    return created.Cluster!.ClusterId!;
  }

  async createHsm(clusterId: string, az: string): Promise<string> {
    const created = await this.hsm.send(
      new CreateHsmCommand({ ClusterId: clusterId, AvailabilityZone: this.zone(az) }),
    );
    return created.Hsm!.HsmId!;
  }

  async deleteHsmIn(clusterId: string, az: string): Promise<void> {
    const zone = this.zone(az);
    const hsm = [...(this.sim.world.clusters.get(clusterId)?.hsms.values() ?? [])].find(
      (candidate) => candidate.availabilityZone === zone,
    );
    if (!hsm) throw new Error(`no HSM in ${zone} of cluster ${clusterId}`);
    await this.hsm.send(new DeleteHsmCommand({ ClusterId: clusterId, HsmId: hsm.hsmId }));
  }

  async initializeAndActivate(clusterId: string, kmsuserPassword: string): Promise<void> {
    await this.hsm.send(
      new InitializeClusterCommand({
        ClusterId: clusterId,
        SignedCert: SCENARIO_TRUST_ANCHOR,
        TrustAnchor: SCENARIO_TRUST_ANCHOR,
      }),
    );
    this.sim.advanceMs(this.sim.world.timings.clusterInitializeMs);
    this.sim.activateCluster(clusterId, kmsuserPassword);
  }
}
