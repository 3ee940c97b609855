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
import {
  ConnectCustomKeyStoreCommand,
  CreateAliasCommand,
  CreateCustomKeyStoreCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  DisconnectCustomKeyStoreCommand,
} from '@aws-sdk/client-kms';
import type { WorldSpec } from '../scenario.js';
import type { PathSegment } from '../file/problem.js';
import type { ScenarioNames } from './scenario-names.js';
import { type Operator, SCENARIO_TRUST_ANCHOR } from './operator.js';

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
  for (const [index, cluster] of clusters.entries())
    names.clusters.set(
      cluster.name,
      await building(['world', 'clusters', index], 'CreateCluster', () => operator.createCluster()),
    );
  operator.sim.advanceMs(timings.clusterCreateMs);
  for (const [index, cluster] of clusters.entries()) {
    for (const [hsm, az] of cluster.hsms.entries())
      await building(['world', 'clusters', index, 'hsms', hsm], `CreateHsm in ${az}`, () =>
        operator.createHsm(names.clusterId(cluster.name), az),
      );
  }
  operator.sim.advanceMs(timings.hsmCreateMs);
  for (const [index, cluster] of clusters.entries()) {
    await building(['world', 'clusters', index], 'InitializeCluster and activation', () =>
      operator.initializeAndActivate(
        names.clusterId(cluster.name),
        cluster.kmsuserPassword ?? DEFAULT_KMSUSER_PASSWORD,
      ),
    );
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
    const created = await building(path, 'CreateCustomKeyStore', () =>
      operator.kms.send(
        new CreateCustomKeyStoreCommand({
          CustomKeyStoreName: store.name,
          CloudHsmClusterId: names.clusterId(store.cluster),
          TrustAnchorCertificate: SCENARIO_TRUST_ANCHOR,
          KeyStorePassword: cluster.kmsuserPassword ?? DEFAULT_KMSUSER_PASSWORD,
        }),
      ),
    );
    names.keyStores.set(store.name, created.CustomKeyStoreId!);
    await building(path, 'ConnectCustomKeyStore', () =>
      operator.kms.send(
        new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: created.CustomKeyStoreId! }),
      ),
    );
  }
  operator.sim.advanceMs(operator.sim.world.timings.connectMs);
}

async function buildKeys(operator: Operator, spec: WorldSpec, names: ScenarioNames): Promise<void> {
  for (const [index, key] of (spec.keys ?? []).entries()) {
    const path = ['world', 'keys', index];
    const inStore = key.keyStore !== undefined;
    const created = await building(path, 'CreateKey', () =>
      operator.kms.send(
        new CreateKeyCommand({
          Description: `scenario key ${key.name}`,
          ...(inStore
            ? { Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: names.keyStoreId(key.keyStore!) }
            : {}),
        }),
      ),
    );
    const keyId = created.KeyMetadata!.KeyId!;
    names.keys.set(key.name, keyId);
    for (const [alias, aliasName] of (key.aliases ?? []).entries())
      await building([...path, 'aliases', alias], 'CreateAlias', () =>
        operator.kms.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: keyId })),
      );
    if (key.enabled === false)
      await building([...path, 'enabled'], 'DisableKey', () =>
        operator.kms.send(new DisableKeyCommand({ KeyId: keyId })),
      );
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
      () =>
        operator.kms.send(
          new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: names.keyStoreId(store.name) }),
        ),
    );
  if (disconnected.length > 0) operator.sim.advanceMs(operator.sim.world.timings.disconnectMs);
}
