/**
 * The world the crypto-path properties run in, built through the real SDK clients: a CONNECTED
 * CloudHSM key store on an ACTIVE two-HSM cluster, and two keys in each store (two, so ReEncrypt
 * can cross keys as well as stores). Request quotas are off; each property run moves virtual time
 * by a second so the HSMs' queues drain (PKCS#11 sessions are finite: docs/fidelity.md).
 */
import {
  ConnectCustomKeyStoreCommand,
  CreateKeyCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { Simulator } from '../../../src/simulator.js';
import { createCloudHsmClient, createKmsClient } from '../../../src/transport/sdk-clients.js';
import { UNLIMITED_QUOTAS } from '../../../src/world/request-quotas.js';
import { buildActiveCluster, createStore } from '../../support/connected-store.js';

export interface CryptoKey {
  readonly label: string;
  readonly keyId: string;
  readonly arn: string;
}

export interface CryptoWorld {
  readonly sim: Simulator;
  readonly kms: KMSClient;
  readonly customKeyStoreId: string;
  /** AWS_KMS key, CloudHSM key, second AWS_KMS key, second CloudHSM key. */
  readonly keys: readonly CryptoKey[];
}

export async function createKeyIn(
  kms: KMSClient,
  customKeyStoreId: string | undefined,
  label: string,
): Promise<CryptoKey> {
  const input = customKeyStoreId
    ? { Origin: 'AWS_CLOUDHSM' as const, CustomKeyStoreId: customKeyStoreId }
    : {};
  const metadata = (await kms.send(new CreateKeyCommand(input))).KeyMetadata!;
  return { label, keyId: metadata.KeyId!, arn: metadata.Arn! };
}

export async function buildCryptoWorld(seed: number | string): Promise<CryptoWorld> {
  const sim = new Simulator({ seed, quotas: UNLIMITED_QUOTAS });
  const kms = createKmsClient(sim, { maxAttempts: 1 });
  const { clusterId } = await buildActiveCluster(
    sim,
    createCloudHsmClient(sim, { maxAttempts: 1 }),
  );
  const customKeyStoreId = await createStore(kms, 'crypto-path', clusterId);
  await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: customKeyStoreId }));
  sim.advanceMs(sim.world.timings.connectMs);
  const keys = [
    await createKeyIn(kms, undefined, 'AWS_KMS key A'),
    await createKeyIn(kms, customKeyStoreId, 'CloudHSM key A'),
    await createKeyIn(kms, undefined, 'AWS_KMS key B'),
    await createKeyIn(kms, customKeyStoreId, 'CloudHSM key B'),
  ];
  return { sim, kms, customKeyStoreId, keys };
}
