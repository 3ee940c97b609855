/**
 * Builds a scenario's declared world through the real APIs before time 0: clusters with their HSMs,
 * initialized and activated; key stores created and connected; keys created, aliased and disabled
 * as declared; stores declared disconnected are disconnected last. Virtual time is advanced by
 * exactly the simulated durations, so the scenario starts from a world that really got there.
 *
 * A world the services refuse to build (one HSM cannot hold a key store, a password the cluster
 * will not take) is the scenario's mistake, not a simulator bug: it is thrown as a WorldBuildError
 * naming the declared item and what the service answered (issue 11 §3).
 */
import { newestReadyBackup } from '../../world/backup-lifecycle.js';
import type { ClusterSpec, WorldSpec } from '../scenario.js';
import type { PathSegment } from '../file/problem.js';
import type { ScenarioNames } from './scenario-names.js';
import type { Operator } from './operator.js';

const DEFAULT_KMSUSER_PASSWORD = 'kmsuser-Scenario1';

/** The declared world cannot be built: `path` names the item (`world.clusters[0]`). */
export class WorldBuildError extends Error {
  constructor(
    readonly path: readonly PathSegment[],
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'WorldBuildError';
  }
}

/** Runs one declared item's API calls; a refusal becomes a WorldBuildError at `path`. */
async function building<T>(
  path: readonly PathSegment[],
  what: string,
  step: () => Promise<T> | T,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof WorldBuildError) throw error;
    const named = error as { name?: string; message?: string };
    throw new WorldBuildError(
      path,
      `the declared world cannot be built: ${what} failed with ${named.name ?? 'Error'}: ${named.message ?? String(error)}`,
    );
  }
}

async function buildClusters(
  operator: Operator,
  spec: WorldSpec,
  names: ScenarioNames,
): Promise<void> {
  const clusters = spec.clusters ?? [];
  if (clusters.length === 0) return;
  const timings = operator.sim.world.timings;
  // Fresh clusters first, in declaration order; `index` stays the declared one for error paths.
  const fresh = [...clusters.entries()].filter(([, cluster]) => cluster.fromBackupOf === undefined);
  for (const [index, cluster] of fresh)
    names.clusters.set(
      cluster.name,
      await building(['world', 'clusters', index], 'CreateCluster', () => operator.createCluster()),
    );
  operator.sim.advanceMs(timings.clusterCreateMs);
  for (const [index, cluster] of fresh) {
    for (const [hsm, az] of cluster.hsms.entries())
      await building(['world', 'clusters', index, 'hsms', hsm], `CreateHsm in ${az}`, () =>
        operator.createHsm(names.clusterId(cluster.name), az),
      );
  }
  operator.sim.advanceMs(timings.hsmCreateMs);
  for (const [index, cluster] of fresh) {
    await building(['world', 'clusters', index], 'InitializeCluster and activation', () =>
      operator.initializeAndActivate(
        names.clusterId(cluster.name),
        cluster.kmsuserPassword ?? DEFAULT_KMSUSER_PASSWORD,
      ),
    );
  }
  await buildRestoredClusters(operator, clusters, names);
}

/**
 * Clusters declared `fromBackupOf` another (issue #13 §3): CreateCluster with the source's newest
 * READY backup, so both share backup history (docs/behaviour.md §2.5, §4.1: KMS then refuses the
 * second with CloudHsmClusterInUseException). A restored cluster comes up ACTIVE with the source's
 * users and trust anchor, so it is not initialized again. A source is built before the clusters
 * restored from it; the loader has refused cycles and unknown sources.
 */
async function buildRestoredClusters(
  operator: Operator,
  clusters: readonly ClusterSpec[],
  names: ScenarioNames,
): Promise<void> {
  const timings = operator.sim.world.timings;
  const pending = [...clusters.entries()].filter(([, cluster]) => cluster.fromBackupOf);
  while (pending.length > 0) {
    const ready = pending.filter(([, cluster]) => names.clusters.has(cluster.fromBackupOf!));
    if (ready.length === 0) {
      const [index, cluster] = pending[0]!;
      throw new WorldBuildError(
        ['world', 'clusters', index, 'fromBackupOf'],
        `the declared world cannot be built: cluster ${cluster.name} is restored from ${cluster.fromBackupOf}, which is never built`,
      );
    }
    for (const entry of ready) {
      const [index, cluster] = entry;
      pending.splice(pending.indexOf(entry), 1);
      const sourceId = names.clusterId(cluster.fromBackupOf!);
      let backup = newestReadyBackup(operator.sim.world, sourceId);
      // A fresh cluster's first backup is taken with its second HSM; let it finish if it has not.
      for (let waited = 0; !backup && waited < 24 * 3_600_000; waited += 60_000) {
        operator.sim.advanceMs(60_000);
        backup = newestReadyBackup(operator.sim.world, sourceId);
      }
      if (!backup)
        throw new WorldBuildError(
          ['world', 'clusters', index, 'fromBackupOf'],
          `the declared world cannot be built: cluster ${cluster.fromBackupOf} has no READY backup a day after it was built, so ${cluster.name} cannot be restored from it`,
        );
      names.clusters.set(
        cluster.name,
        await building(['world', 'clusters', index], 'CreateCluster from a backup', () =>
          operator.createCluster(backup.backupId),
        ),
      );
      operator.sim.advanceMs(timings.clusterCreateMs);
      for (const [hsm, az] of cluster.hsms.entries())
        await building(['world', 'clusters', index, 'hsms', hsm], `CreateHsm in ${az}`, () =>
          operator.createHsm(names.clusterId(cluster.name), az),
        );
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
  for (const [index, store] of stores.entries()) {
    const cluster = spec.clusters!.find((candidate) => candidate.name === store.cluster)!;
    const path = ['world', 'keyStores', index];
    const storeId = await building(path, 'CreateCustomKeyStore', () =>
      operator.createCustomKeyStore(
        store.name,
        names.clusterId(store.cluster),
        cluster.kmsuserPassword ?? DEFAULT_KMSUSER_PASSWORD,
      ),
    );
    names.keyStores.set(store.name, storeId);
    await building(path, 'ConnectCustomKeyStore', () => operator.connectCustomKeyStore(storeId));
  }
  operator.sim.advanceMs(operator.sim.world.timings.connectMs);
}

async function buildKeys(operator: Operator, spec: WorldSpec, names: ScenarioNames): Promise<void> {
  for (const [index, key] of (spec.keys ?? []).entries()) {
    const path = ['world', 'keys', index];
    const inStore = key.keyStore !== undefined;
    const keyId = await building(path, 'CreateKey', () =>
      operator.createKey(
        `scenario key ${key.name}`,
        inStore ? names.keyStoreId(key.keyStore!) : undefined,
      ),
    );
    names.keys.set(key.name, keyId);
    for (const [alias, aliasName] of (key.aliases ?? []).entries())
      await building([...path, 'aliases', alias], 'CreateAlias', () =>
        operator.createAlias(aliasName, keyId),
      );
    if (key.enabled === false)
      await building([...path, 'enabled'], 'DisableKey', () => operator.disableKey(keyId));
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
    await building(
      ['world', 'keyStores', (spec.keyStores ?? []).indexOf(store), 'connected'],
      'DisconnectCustomKeyStore',
      () => operator.disconnectCustomKeyStore(names.keyStoreId(store.name)),
    );
  if (disconnected.length > 0) operator.sim.advanceMs(operator.sim.world.timings.disconnectMs);
}
