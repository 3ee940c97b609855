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
import type { WorldSpec } from '../scenario.js';
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
  for (const cluster of clusters) names.clusters.set(cluster.name, await operator.createCluster());
  operator.sim.advanceMs(timings.clusterCreateMs);
  for (const cluster of clusters) {
    for (const az of cluster.hsms) await operator.createHsm(names.clusterId(cluster.name), az);
  }
  operator.sim.advanceMs(timings.hsmCreateMs);
  for (const cluster of clusters) {
    await operator.initializeAndActivate(
      names.clusterId(cluster.name),
      cluster.kmsuserPassword ?? DEFAULT_KMSUSER_PASSWORD,
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
