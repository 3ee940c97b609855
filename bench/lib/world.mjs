/**
 * The world every benchmark starts from, built through the real SDK clients like a user would:
 * an ACTIVE two-HSM cluster, a CONNECTED CloudHSM key store, one key in it and one AWS_KMS key.
 *
 * Virtual time stands still during a benchmark (nothing advances it), so two limits that count per
 * virtual instant are lifted, and every section that uses this world says so:
 * - request quotas (UNLIMITED_QUOTAS): the store's 1,800 rps and the account pool count requests per
 *   virtual second, and every benchmark request lands in the same virtual second;
 * - HSM capacity (unbounded ops/s and PKCS#11 sessions): a request holds a session until its HSM
 *   finishes it in virtual time, so at most 1,024 requests could ever be in flight in one instant.
 */
import {
  CreateClusterCommand,
  CreateHsmCommand,
  DescribeClustersCommand,
  InitializeClusterCommand,
} from '@aws-sdk/client-cloudhsm-v2';
import {
  ConnectCustomKeyStoreCommand,
  CreateCustomKeyStoreCommand,
  CreateKeyCommand,
} from '@aws-sdk/client-kms';
import {
  Simulator,
  UNLIMITED_QUOTAS,
  createCloudHsmClient,
  createKmsClient,
} from '../../dist/index.js';

const CERT = `-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIUB0kmsimBENCHTRUSTANCHORfakecertificateMAoGCCqGSM49BAMCMC8x
-----END CERTIFICATE-----
`;
const KMSUSER_PASSWORD = 'kmsuser-Bench0nly';

export const UNBOUNDED_CAPACITY = { hsmOpsPerSecond: Infinity, sessionsPerCluster: Infinity };

export const LIFTED_LIMITS_NOTE =
  'quotas: UNLIMITED_QUOTAS and unbounded HSM capacity (virtual time stands still here, and both count per virtual instant)';

/** A simulator with a connected CloudHSM store; resolves to the ids the benchmarks need. */
export async function buildBenchWorld(seed = 4) {
  const sim = new Simulator({ seed, quotas: UNLIMITED_QUOTAS, capacity: UNBOUNDED_CAPACITY });
  const hsm = createCloudHsmClient(sim, { maxAttempts: 1 });
  const kms = createKmsClient(sim, { maxAttempts: 1 });
  const subnets = [...sim.world.network.subnets.values()].slice(0, 2);
  const created = await hsm.send(
    new CreateClusterCommand({ HsmType: 'hsm1.medium', SubnetIds: subnets.map((s) => s.subnetId) }),
  );
  const clusterId = created.Cluster.ClusterId;
  sim.advanceSeconds(sim.world.timings.clusterCreateMs / 1000);
  for (const subnet of subnets) {
    await hsm.send(
      new CreateHsmCommand({ ClusterId: clusterId, AvailabilityZone: subnet.availabilityZone }),
    );
  }
  sim.advanceSeconds(sim.world.timings.hsmCreateMs / 1000);
  await hsm.send(new DescribeClustersCommand({ Filters: { clusterIds: [clusterId] } }));
  await hsm.send(
    new InitializeClusterCommand({ ClusterId: clusterId, SignedCert: CERT, TrustAnchor: CERT }),
  );
  sim.advanceSeconds(sim.world.timings.clusterInitializeMs / 1000);
  sim.activateCluster(clusterId, KMSUSER_PASSWORD);
  const store = await kms.send(
    new CreateCustomKeyStoreCommand({
      CustomKeyStoreName: 'bench-store',
      CloudHsmClusterId: clusterId,
      TrustAnchorCertificate: CERT,
      KeyStorePassword: KMSUSER_PASSWORD,
    }),
  );
  const customKeyStoreId = store.CustomKeyStoreId;
  await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: customKeyStoreId }));
  sim.advanceSeconds(sim.world.timings.connectMs / 1000);
  const hsmKey = await kms.send(
    new CreateKeyCommand({
      Origin: 'AWS_CLOUDHSM',
      CustomKeyStoreId: customKeyStoreId,
      Description: 'bench cloudhsm key',
    }),
  );
  const awsKey = await kms.send(new CreateKeyCommand({ Description: 'bench aws_kms key' }));
  return {
    sim,
    clusterId,
    customKeyStoreId,
    hsmKeyId: hsmKey.KeyMetadata.KeyId,
    awsKeyId: awsKey.KeyMetadata.KeyId,
  };
}
