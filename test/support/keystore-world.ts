/**
 * Steps the key-store and CloudHSM tests share, all through the real SDK clients except where a
 * test must inject a cause that has no API yet (those helpers touch the world and say so).
 */
import {
  CreateClusterCommand,
  CreateHsmCommand,
  DescribeBackupsCommand,
  type CloudHSMV2Client,
} from '@aws-sdk/client-cloudhsm-v2';
import {
  ConnectCustomKeyStoreCommand,
  CreateCustomKeyStoreCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeCustomKeyStoresCommand,
  DescribeKeyCommand,
  DisconnectCustomKeyStoreCommand,
  EncryptCommand,
  type CustomKeyStoresListEntry,
  type KeyMetadata,
  type KMSClient,
} from '@aws-sdk/client-kms';
import type { Simulator } from '../../src/simulator.js';
import { KMSUSER, type CryptoUser } from '../../src/world/crypto-user.js';
import {
  buildConnectedWorld,
  KMSUSER_PASSWORD,
  TEST_CERT,
  type ConnectedWorld,
} from './connected-store.js';

export interface KmsWorld {
  readonly sim: Simulator;
  readonly kms: KMSClient;
}

/** A second, different trust anchor (a cluster initialized with it is a different PKI). */
export const OTHER_CERT = `-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIUOTHERTRUSTANCHORforkmsimtestsonlyMAoGCCqGSM49BAMCMC8x
-----END CERTIFICATE-----
`;

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

export async function storeEntry(
  kms: KMSClient,
  customKeyStoreId: string,
): Promise<CustomKeyStoresListEntry> {
  const out = await kms.send(
    new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: customKeyStoreId }),
  );
  return out.CustomKeyStores![0]!;
}

/** Moves virtual time past the connect delay (docs/behaviour.md §4.3). */
export function settleConnect(sim: Simulator): void {
  sim.advanceMs(sim.world.timings.connectMs);
}

export function settleDisconnect(sim: Simulator): void {
  sim.advanceMs(sim.world.timings.disconnectMs);
}

/** ConnectCustomKeyStore, let the connect finish, and return the store as DescribeCustomKeyStores shows it. */
export async function connectAndSettle(
  w: KmsWorld,
  customKeyStoreId: string,
): Promise<CustomKeyStoresListEntry> {
  await w.kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: customKeyStoreId }));
  settleConnect(w.sim);
  return storeEntry(w.kms, customKeyStoreId);
}

export async function disconnectAndSettle(
  w: KmsWorld,
  customKeyStoreId: string,
): Promise<CustomKeyStoresListEntry> {
  await w.kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: customKeyStoreId }));
  settleDisconnect(w.sim);
  return storeEntry(w.kms, customKeyStoreId);
}

export async function createStoreKey(
  kms: KMSClient,
  customKeyStoreId: string,
  description = '',
): Promise<KeyMetadata> {
  const out = await kms.send(
    new CreateKeyCommand({
      Origin: 'AWS_CLOUDHSM',
      CustomKeyStoreId: customKeyStoreId,
      Description: description,
    }),
  );
  return out.KeyMetadata!;
}

export async function keyState(kms: KMSClient, keyId: string): Promise<string | undefined> {
  return (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState;
}

/** Encrypts and decrypts with `keyId`; rejects with the SDK error of whichever call fails. */
export async function roundTrip(kms: KMSClient, keyId: string, text = 'kmsim'): Promise<string> {
  const encrypted = await kms.send(
    new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(text) }),
  );
  const decrypted = await kms.send(
    new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob! }),
  );
  return Buffer.from(decrypted.Plaintext!).toString();
}

/**
 * The `kmsuser` crypto user as the cluster's HSMs hold it. World access: tests use it to inject
 * causes that have no API yet (logged in elsewhere, user removed).
 */
export function kmsuserOf(sim: Simulator, clusterId: string): CryptoUser {
  const user = sim.world.clusters.get(clusterId)?.contents?.users.get(KMSUSER);
  if (!user) throw new Error(`cluster ${clusterId} has no kmsuser`);
  return user;
}

/** The newest non-deleted backup of a cluster, through DescribeBackups. */
export async function newestBackupId(hsm: CloudHSMV2Client, clusterId: string): Promise<string> {
  const out = await hsm.send(
    new DescribeBackupsCommand({
      Filters: { clusterIds: [clusterId], states: ['READY'] },
      SortAscending: false,
    }),
  );
  const id = out.Backups?.[0]?.BackupId;
  if (!id) throw new Error(`cluster ${clusterId} has no READY backup`);
  return id;
}

/** Creates a cluster from a backup (shared backup history) and waits until it exists, without HSMs. */
export async function createClusterFromBackup(
  sim: Simulator,
  hsm: CloudHSMV2Client,
  backupId: string,
): Promise<string> {
  const subnets = [...sim.world.network.subnets.values()]
    .slice(0, 3)
    .map((subnet) => subnet.subnetId);
  const created = await hsm.send(
    new CreateClusterCommand({
      HsmType: 'hsm1.medium',
      SubnetIds: subnets,
      SourceBackupId: backupId,
    }),
  );
  sim.advanceMs(sim.world.timings.clusterCreateMs);
  return created.Cluster!.ClusterId!;
}

/** Adds one HSM per given AZ index (0 = first subnet's AZ) and waits until they are ACTIVE. */
export async function addHsms(
  sim: Simulator,
  hsm: CloudHSMV2Client,
  clusterId: string,
  azIndexes: readonly number[],
): Promise<string[]> {
  const subnets = [...sim.world.network.subnets.values()];
  const ids: string[] = [];
  for (const index of azIndexes) {
    const out = await hsm.send(
      new CreateHsmCommand({
        ClusterId: clusterId,
        AvailabilityZone: subnets[index]!.availabilityZone,
      }),
    );
    ids.push(out.Hsm!.HsmId!);
  }
  sim.advanceMs(sim.world.timings.hsmCreateMs);
  return ids;
}

/** Lets every backup started so far become READY. */
export function settleBackups(sim: Simulator): void {
  sim.advanceMs(sim.world.timings.backupCreateMs);
}

/** How many wire requests the simulator answered for one KMS operation (trace `api.call`). */
export function apiCalls(sim: Simulator, operation: string): number {
  return sim.kernel.trace.ofKind('api.call').filter((event) => event.data.operation === operation)
    .length;
}

/** The usual connected world, then disconnected again: KMS now holds the rotated kmsuser password. */
export async function buildDisconnectedWorld(seed: number | string): Promise<ConnectedWorld> {
  const w = await buildConnectedWorld(seed);
  await disconnectAndSettle(w, w.customKeyStoreId);
  return w;
}

/** The CloudHSM CLI step "crypto officer resets kmsuser's password" (a control action). */
export function setKmsuserPassword(sim: Simulator, clusterId: string, password: string): void {
  const result = sim.runAction({ action: 'set-kmsuser-password', clusterId, password });
  if (!result.ok) throw new Error(`set-kmsuser-password: ${result.message}`);
}
