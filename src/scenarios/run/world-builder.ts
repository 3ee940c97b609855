/**
 * Builds a scenario's declared world through the real APIs before time 0: clusters with their HSMs,
 * initialized and activated; key stores created and connected; keys created, aliased and disabled
 * as declared; stores declared disconnected are disconnected last. Virtual time is advanced by
 * exactly the simulated durations, so the scenario starts from a world that really got there.
 */
import {
  ConnectCustomKeyStoreCommand,
  CreateAliasCommand,
  CreateCustomKeyStoreCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  DisconnectCustomKeyStoreCommand,
} from '@aws-sdk/client-kms';
import { newestReadyBackup } from '../../world/backup-lifecycle.js';
import type { ClusterSpec, WorldSpec } from '../scenario.js';
import type { ScenarioNames } from './scenario-names.js';
import { type Operator, SCENARIO_TRUST_ANCHOR } from './operator.js';

const DEFAULT_KMSUSER_PASSWORD = 'kmsuser-Scenario1';

async function buildClusters(
  operator: Operator,
  spec: WorldSpec,
  names: ScenarioNames,
): Promise<void> {
  const clusters = spec.clusters ?? [];
  if (clusters.length === 0) return;
  const timings = operator.sim.world.timings;
  const fresh = clusters.filter((cluster) => cluster.fromBackupOf === undefined);
  for (const cluster of fresh) names.clusters.set(cluster.name, await operator.createCluster());
  operator.sim.advanceMs(timings.clusterCreateMs);
  for (const cluster of fresh) {
    for (const az of cluster.hsms) await operator.createHsm(names.clusterId(cluster.name), az);
  }
  operator.sim.advanceMs(timings.hsmCreateMs);
  for (const cluster of fresh) {
    await operator.initializeAndActivate(
      names.clusterId(cluster.name),
      cluster.kmsuserPassword ?? DEFAULT_KMSUSER_PASSWORD,
    );
  }
  await buildRestoredClusters(operator, clusters, names);
}

/**
 * Clusters declared `fromBackupOf` another (issue #13 §3): CreateCluster with the source's newest
 * READY backup, so both share backup history (spec §2.5, §4.1: KMS then refuses the second with
 * CloudHsmClusterInUseException). A restored cluster comes up ACTIVE with the source's users and
 * trust anchor, so it is not initialized again. Sources are built first, in declaration order.
 */
async function buildRestoredClusters(
  operator: Operator,
  clusters: readonly ClusterSpec[],
  names: ScenarioNames,
): Promise<void> {
  const timings = operator.sim.world.timings;
  const pending = clusters.filter((cluster) => cluster.fromBackupOf !== undefined);
  while (pending.length > 0) {
    const ready = pending.filter((cluster) => names.clusters.has(cluster.fromBackupOf!));
    if (ready.length === 0)
      throw new Error(
        'scenario world: fromBackupOf forms a cycle (the loader should have rejected it)',
      );
    for (const cluster of ready) {
      pending.splice(pending.indexOf(cluster), 1);
      const sourceId = names.clusterId(cluster.fromBackupOf!);
      let backup = newestReadyBackup(operator.sim.world, sourceId);
      // A fresh cluster's first backup is taken with its second HSM; let it finish if it has not.
      for (let waited = 0; !backup && waited < 24 * 3_600_000; waited += 60_000) {
        operator.sim.advanceMs(60_000);
        backup = newestReadyBackup(operator.sim.world, sourceId);
      }
      if (!backup)
        throw new Error(
          `scenario world: cluster ${cluster.fromBackupOf} has no READY backup to restore ${cluster.name} from`,
        );
      names.clusters.set(cluster.name, await operator.createCluster(backup.backupId));
      operator.sim.advanceMs(timings.clusterCreateMs);
      for (const az of cluster.hsms) await operator.createHsm(names.clusterId(cluster.name), az);
      operator.sim.advanceMs(timings.hsmCreateMs);
    }
  }
}

async function buildKeyStores(
  operator: Operator,
  spec: WorldSpec,
  names: ScenarioNames,
): Promise<void> {
  const stores = spec.keyStores ?? [];
  if (stores.length === 0) return;
  for (const store of stores) {
    const cluster = spec.clusters!.find((candidate) => candidate.name === store.cluster)!;
    const created = await operator.kms.send(
      new CreateCustomKeyStoreCommand({
        CustomKeyStoreName: store.name,
        CloudHsmClusterId: names.clusterId(store.cluster),
        TrustAnchorCertificate: SCENARIO_TRUST_ANCHOR,
        KeyStorePassword: cluster.kmsuserPassword ?? DEFAULT_KMSUSER_PASSWORD,
      }),
    );
    names.keyStores.set(store.name, created.CustomKeyStoreId!);
    await operator.kms.send(
      new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: created.CustomKeyStoreId! }),
    );
  }
  operator.sim.advanceMs(operator.sim.world.timings.connectMs);
}

async function buildKeys(operator: Operator, spec: WorldSpec, names: ScenarioNames): Promise<void> {
  for (const key of spec.keys ?? []) {
    const inStore = key.keyStore !== undefined;
    const created = await operator.kms.send(
      new CreateKeyCommand({
        Description: `scenario key ${key.name}`,
        ...(inStore
          ? { Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: names.keyStoreId(key.keyStore!) }
          : {}),
      }),
    );
    const keyId = created.KeyMetadata!.KeyId!;
    names.keys.set(key.name, keyId);
    for (const alias of key.aliases ?? [])
      await operator.kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId }));
    if (key.enabled === false) await operator.kms.send(new DisableKeyCommand({ KeyId: keyId }));
  }
}

export async function buildWorld(
  operator: Operator,
  spec: WorldSpec,
  names: ScenarioNames,
): Promise<void> {
  await buildClusters(operator, spec, names);
  await buildKeyStores(operator, spec, names);
  await buildKeys(operator, spec, names);
  const disconnected = (spec.keyStores ?? []).filter((store) => store.connected === false);
  for (const store of disconnected)
    await operator.kms.send(
      new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: names.keyStoreId(store.name) }),
    );
  if (disconnected.length > 0) operator.sim.advanceMs(operator.sim.world.timings.disconnectMs);
}
