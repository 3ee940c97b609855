/**
 * One model run's starting point, built through the real SDK clients (plus the activate-cluster
 * control step): an ACTIVE cluster with subnets in three AZs and two HSMs in two of them, a
 * CONNECTED key store, one AWS_KMS key and one key in the store — and the model's picture of
 * exactly that world.
 *
 * Request quotas are switched off (`UNLIMITED_QUOTAS`): generated sequences fire management calls
 * within one virtual second, and throttling is out of this model's scope (test/load covers it).
 */
import { DescribeClustersCommand, type CloudHSMV2Client } from '@aws-sdk/client-cloudhsm-v2';
import {
  ConnectCustomKeyStoreCommand,
  CreateCustomKeyStoreCommand,
  CreateKeyCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { Simulator } from '../../../src/simulator.js';
import { createCloudHsmClient, createKmsClient } from '../../../src/transport/sdk-clients.js';
import { UNLIMITED_QUOTAS } from '../../../src/world/request-quotas.js';
import { buildActiveCluster, KMSUSER_PASSWORD, TEST_CERT } from '../../support/connected-store.js';
import { addKey } from './model-rules.js';
import {
  BACKUP_READY_MS,
  CONNECT_MS,
  DAILY_BACKUP_MS,
  schedule,
  type Model,
} from './model-state.js';

export const REGION = 'us-east-1';
export const ACCOUNT_ID = '111122223333';
/** Wall-clock instant of virtual time 0, given explicitly so the model need not know a default. */
export const EPOCH_MS = Date.UTC(2026, 0, 1);

export interface Real {
  readonly sim: Simulator;
  readonly kms: KMSClient;
  readonly hsm: CloudHSMV2Client;
  /** Ids of the faults this run has open, for heal(). */
  readonly faults: { hsmLoss?: string | undefined; partition?: string | undefined };
}

export async function setUpRun(seed: number): Promise<{ model: Model; real: Real }> {
  const sim = new Simulator({
    seed,
    quotas: UNLIMITED_QUOTAS,
    epochMs: EPOCH_MS,
    region: REGION,
    accountId: ACCOUNT_ID,
  });
  const kms = createKmsClient(sim, { maxAttempts: 1 });
  const hsm = createCloudHsmClient(sim, { maxAttempts: 1 });
  const { clusterId } = await buildActiveCluster(sim, hsm);
  // buildActiveCluster ends with the activation: the first backup and the daily cycle start here.
  const activatedAtMs = sim.nowMs;
  const store = await kms.send(
    new CreateCustomKeyStoreCommand({
      CustomKeyStoreName: 'model-store',
      CloudHsmClusterId: clusterId,
      TrustAnchorCertificate: TEST_CERT,
      KeyStorePassword: KMSUSER_PASSWORD,
    }),
  );
  const customKeyStoreId = store.CustomKeyStoreId!;
  await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: customKeyStoreId }));
  sim.advanceMs(CONNECT_MS);
  // The ids and AZs the builder chose: learned, like key ids, from what the service answers.
  const cluster = (
    await hsm.send(new DescribeClustersCommand({ Filters: { clusterIds: [clusterId] } }))
  ).Clusters![0]!;
  const model: Model = {
    nowMs: activatedAtMs,
    epochMs: EPOCH_MS,
    region: REGION,
    accountId: ACCOUNT_ID,
    clusterId,
    zones: Object.keys(cluster.SubnetMapping!).sort(),
    customKeyStoreId,
    // Connected once: KMS rotated kmsuser's password away from the one it was given.
    store: { state: 'CONNECTED', errorCode: undefined, kmsuserPassword: 'rotated by KMS #1' },
    cluster: {
      hsms: cluster.Hsms!.map((described) => ({
        hsmId: described.HsmId!,
        az: described.AvailabilityZone!,
        state: 'ACTIVE' as const,
      })),
      contents: { kmsuserPassword: 'rotated by KMS #1', failedLogins: 0, material: new Set() },
      partitioned: false,
      // The activation backup holds kmsuser with the password it was created with, and no keys.
      // READY a minute after activation, long before the connect above finished.
      backups: [
        {
          takenAtMs: activatedAtMs,
          contents: { kmsuserPassword: KMSUSER_PASSWORD, failedLogins: 0, material: new Set() },
          state: 'READY',
        },
      ],
    },
    lostHsmZones: undefined,
    keys: [],
    ciphertexts: [],
    nextPassword: 2,
    nextSeq: 0,
    queue: [],
  };
  if (sim.nowMs - activatedAtMs < BACKUP_READY_MS)
    throw new Error('run setup: the activation backup must be READY before the run starts');
  // Daily backups count from the activation (kmsim's choice; docs/behaviour.md §6.3 says at least every 24 hours).
  schedule(model, DAILY_BACKUP_MS, { kind: 'daily-backup' });
  model.nowMs = sim.nowMs;
  for (const origin of ['AWS_KMS', 'AWS_CLOUDHSM'] as const) {
    const created = await kms.send(
      new CreateKeyCommand(
        origin === 'AWS_KMS' ? {} : { Origin: origin, CustomKeyStoreId: customKeyStoreId },
      ),
    );
    addKey(model, created.KeyMetadata!.KeyId!, origin);
  }
  sim.assertNoBugs();
  return { model, real: { sim, kms, hsm, faults: {} } };
}
