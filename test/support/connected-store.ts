/**
 * Builds, through the real SDK clients only (plus the activate-cluster control action), the world
 * most tests start from: an ACTIVE cluster with two HSMs in two AZs and a CONNECTED key store.
 */
import {
  type CloudHSMV2Client,
  CreateClusterCommand,
  CreateHsmCommand,
  DescribeClustersCommand,
  InitializeClusterCommand,
} from '@aws-sdk/client-cloudhsm-v2';
import {
  ConnectCustomKeyStoreCommand,
  CreateCustomKeyStoreCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { Simulator } from '../../src/simulator.js';
import { createCloudHsmClient, createKmsClient } from '../../src/transport/sdk-clients.js';

export const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIUB0kmsimTESTTRUSTANCHORfakecertificateMAoGCCqGSM49BAMCMC8x
-----END CERTIFICATE-----
`;
export const KMSUSER_PASSWORD = 'kmsuser-Passw0rd';

export interface ConnectedWorld {
  readonly sim: Simulator;
  readonly kms: KMSClient;
  readonly hsm: CloudHSMV2Client;
  readonly clusterId: string;
  readonly customKeyStoreId: string;
  readonly hsmIds: string[];
}

export async function buildActiveCluster(
  sim: Simulator,
  hsm: CloudHSMV2Client,
  hsmCount = 2,
): Promise<{ clusterId: string; hsmIds: string[] }> {
  const subnets = [...sim.world.network.subnets.values()].slice(0, 3);
  const created = await hsm.send(
    new CreateClusterCommand({
      HsmType: 'hsm1.medium',
      SubnetIds: subnets.map((subnet) => subnet.subnetId),
    }),
  );
  const clusterId = created.Cluster!.ClusterId!;
  sim.advanceSeconds(sim.world.timings.clusterCreateMs / 1000);
  const hsmIds: string[] = [];
  for (let i = 0; i < hsmCount; i++) {
    const added = await hsm.send(
      new CreateHsmCommand({
        ClusterId: clusterId,
        AvailabilityZone: subnets[i % subnets.length]!.availabilityZone,
      }),
    );
    hsmIds.push(added.Hsm!.HsmId!);
  }
  sim.advanceSeconds(sim.world.timings.hsmCreateMs / 1000);
  await hsm.send(new DescribeClustersCommand({ Filters: { clusterIds: [clusterId] } }));
  await initializeAndActivate(sim, hsm, clusterId);
  return { clusterId, hsmIds };
}

/**
 * Initializes a cluster with HSMs with the test PKI (TEST_CERT as signed certificate and trust
 * anchor), lets the initialize time pass, and activates it with kmsuser's test password.
 */
export async function initializeAndActivate(
  sim: Simulator,
  hsm: CloudHSMV2Client,
  clusterId: string,
): Promise<void> {
  await hsm.send(
    new InitializeClusterCommand({
      ClusterId: clusterId,
      SignedCert: TEST_CERT,
      TrustAnchor: TEST_CERT,
    }),
  );
  sim.advanceMs(sim.world.timings.clusterInitializeMs);
  sim.activateCluster(clusterId, KMSUSER_PASSWORD);
}

/** CreateCustomKeyStore with the test PKI and kmsuser's test password, unless told otherwise; its id. */
export async function createStore(
  kms: KMSClient,
  name: string,
  clusterId: string,
  password = KMSUSER_PASSWORD,
  trustAnchor = TEST_CERT,
): Promise<string> {
  const out = await kms.send(
    new CreateCustomKeyStoreCommand({
      CustomKeyStoreName: name,
      CloudHsmClusterId: clusterId,
      TrustAnchorCertificate: trustAnchor,
      KeyStorePassword: password,
    }),
  );
  return out.CustomKeyStoreId!;
}

export async function buildConnectedWorld(seed: number | string = 7): Promise<ConnectedWorld> {
  const sim = new Simulator({ seed });
  const kms = createKmsClient(sim, { maxAttempts: 1 });
  const hsm = createCloudHsmClient(sim, { maxAttempts: 1 });
  const { clusterId, hsmIds } = await buildActiveCluster(sim, hsm);
  const customKeyStoreId = await createStore(kms, 'store-1', clusterId);
  await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: customKeyStoreId }));
  sim.advanceSeconds(sim.world.timings.connectMs / 1000);
  return { sim, kms, hsm, clusterId, customKeyStoreId, hsmIds };
}
