/**
 * Creating, updating and deleting CloudHSM key stores, with the preconditions of docs/behaviour.md §4.4 checked
 * in the order of its table.
 */
import { activeHsms, hasActiveHsmsInTwoAzs, type Cluster } from './cluster.js';
import type { CustomKeyStore } from './custom-key-store.js';
import type { KmsProblemKind } from './kms-problem.js';
import { fail, ok, type Result } from './result.js';
import type { World } from './world.js';

/** Custom key stores per account and Region (docs/behaviour.md §5.4). */
export const MAX_CUSTOM_KEY_STORES = 10;

export interface CreateKeyStoreInput {
  readonly name: string;
  readonly clusterId: string;
  readonly trustAnchorCertificate: string;
  readonly kmsuserPassword: string;
}

function sameCertificate(a: string, b: string | undefined): boolean {
  return b !== undefined && a.replace(/\s+/g, '') === b.replace(/\s+/g, '');
}

/** The cluster KMS would use, if it exists in a usable form (deleting/deleted clusters do not). */
export function liveCluster(world: World, clusterId: string): Cluster | undefined {
  const cluster = world.clusters.get(clusterId);
  return cluster && cluster.state !== 'DELETED' && cluster.state !== 'DELETE_IN_PROGRESS'
    ? cluster
    : undefined;
}

/** Configuration KMS requires to create a store or a key (docs/behaviour.md §4.4). */
export function clusterConfigurationProblem(cluster: Cluster): string | undefined {
  if (cluster.subnetMapping.size < 2)
    return `The cluster ${cluster.clusterId} must have private subnets in at least two Availability Zones.`;
  if (!hasActiveHsmsInTwoAzs(cluster)) {
    return `The cluster ${cluster.clusterId} must contain at least two active HSMs in different Availability Zones; it has ${activeHsms(cluster).length} active HSM(s).`;
  }
  return undefined;
}

export function findKeyStore(
  world: World,
  customKeyStoreId: string,
): Result<CustomKeyStore, KmsProblemKind> {
  const store = world.keyStores.get(customKeyStoreId);
  return store
    ? ok(store)
    : fail('key-store-not-found', `Custom key store ${customKeyStoreId} does not exist.`);
}

export function createKeyStore(
  world: World,
  input: CreateKeyStoreInput,
): Result<CustomKeyStore, KmsProblemKind> {
  const named = [...world.keyStores.values()].find((store) => store.name === input.name);
  if (named) {
    // An exact retry of a create whose store is still disconnected returns the same store (docs/behaviour.md §4.4).
    const duplicate =
      named.clusterId === input.clusterId &&
      sameCertificate(input.trustAnchorCertificate, named.trustAnchorCertificate) &&
      named.kmsuserPassword === input.kmsuserPassword &&
      named.connectionState === 'DISCONNECTED';
    return duplicate
      ? ok(named)
      : fail('key-store-name-in-use', `Custom key store name ${input.name} is already in use.`);
  }
  const cluster = liveCluster(world, input.clusterId);
  if (!cluster)
    return fail('cluster-not-found', `AWS CloudHSM cluster ${input.clusterId} was not found.`);
  const user = [...world.keyStores.values()].find((store) => {
    const other = world.clusters.get(store.clusterId);
    return store.clusterId === cluster.clusterId || other?.lineage === cluster.lineage;
  });
  if (user)
    return fail(
      'cluster-in-use',
      `AWS CloudHSM cluster ${cluster.clusterId} is already associated with custom key store ${user.customKeyStoreId}, or shares its backup history.`,
    );
  if (cluster.state !== 'ACTIVE')
    return fail(
      'cluster-not-active',
      `AWS CloudHSM cluster ${cluster.clusterId} is not active (state ${cluster.state}).`,
    );
  if (!sameCertificate(input.trustAnchorCertificate, cluster.trustAnchor)) {
    return fail(
      'incorrect-trust-anchor',
      `The trust anchor certificate does not match the trust anchor of cluster ${cluster.clusterId}.`,
    );
  }
  const configuration = clusterConfigurationProblem(cluster);
  if (configuration) return fail('cluster-invalid-configuration', configuration);
  if (world.keyStores.size >= MAX_CUSTOM_KEY_STORES)
    return fail(
      'key-store-limit',
      `You have reached the limit of ${MAX_CUSTOM_KEY_STORES} custom key stores.`,
    );
  const store: CustomKeyStore = {
    customKeyStoreId: world.kernel.ids.customKeyStoreId(),
    name: input.name,
    clusterId: cluster.clusterId,
    trustAnchorCertificate: input.trustAnchorCertificate,
    kmsuserPassword: input.kmsuserPassword,
    connectionState: 'DISCONNECTED',
    connectionErrorCode: undefined,
    createdAtMs: world.nowMs,
    enis: [],
    cancelTransition: undefined,
  };
  world.keyStores.set(store.customKeyStoreId, store);
  world.record('kms.key-store.created', {
    customKeyStoreId: store.customKeyStoreId,
    clusterId: store.clusterId,
  });
  return ok(store);
}

export interface UpdateKeyStoreInput {
  readonly newName?: string | undefined;
  readonly kmsuserPassword?: string | undefined;
  readonly clusterId?: string | undefined;
}

/** A cluster KMS may use for a store: ACTIVE, with the configuration of docs/behaviour.md §4.4. */
function usableClusterProblem(cluster: Cluster): Result<never, KmsProblemKind> | undefined {
  if (cluster.state !== 'ACTIVE')
    return fail(
      'cluster-not-active',
      `AWS CloudHSM cluster ${cluster.clusterId} is not active (state ${cluster.state}).`,
    );
  const configuration = clusterConfigurationProblem(cluster);
  return configuration ? fail('cluster-invalid-configuration', configuration) : undefined;
}

/** UpdateCustomKeyStore naming another cluster: it must exist, be related, and be usable (docs/behaviour.md §4.4). */
function newClusterProblem(
  world: World,
  store: CustomKeyStore,
  clusterId: string,
): Result<never, KmsProblemKind> | undefined {
  const cluster = liveCluster(world, clusterId);
  if (!cluster)
    return fail('cluster-not-found', `AWS CloudHSM cluster ${clusterId} was not found.`);
  const current = world.clusters.get(store.clusterId);
  // Related means the same cluster certificate, i.e. shared backup history (docs/behaviour.md §4.4, §6.4).
  if (!current || current.lineage !== cluster.lineage) {
    return fail(
      'cluster-not-related',
      `AWS CloudHSM cluster ${cluster.clusterId} does not share backup history with cluster ${store.clusterId}.`,
    );
  }
  return usableClusterProblem(cluster);
}

/**
 * Every other UpdateCustomKeyStore (a password, a name, or the unchanged cluster id) checks the
 * store's own cluster: docs/behaviour.md §4.4 requires two ACTIVE HSMs in different AZs for UpdateCustomKeyStore
 * without limiting it to a new cluster, so a one-HSM cluster refuses the RB-3 password update until
 * an HSM is added (docs/fidelity.md).
 */
function currentClusterProblem(
  world: World,
  store: CustomKeyStore,
): Result<never, KmsProblemKind> | undefined {
  const cluster = liveCluster(world, store.clusterId);
  if (!cluster)
    return fail('cluster-not-found', `AWS CloudHSM cluster ${store.clusterId} was not found.`);
  return usableClusterProblem(cluster);
}

export function updateKeyStore(
  world: World,
  customKeyStoreId: string,
  input: UpdateKeyStoreInput,
): Result<CustomKeyStore, KmsProblemKind> {
  const found = findKeyStore(world, customKeyStoreId);
  if (!found.ok) return found;
  const store = found.value;
  const changesMoreThanName = input.kmsuserPassword !== undefined || input.clusterId !== undefined;
  if (changesMoreThanName && store.connectionState !== 'DISCONNECTED') {
    return fail(
      'key-store-invalid-state',
      `Custom key store ${customKeyStoreId} must be disconnected to change its password or cluster; it is ${store.connectionState}.`,
    );
  }
  if (
    input.newName !== undefined &&
    store.connectionState !== 'DISCONNECTED' &&
    store.connectionState !== 'CONNECTED'
  ) {
    return fail(
      'key-store-invalid-state',
      `Custom key store ${customKeyStoreId} can be renamed only when CONNECTED or DISCONNECTED; it is ${store.connectionState}.`,
    );
  }
  if (
    input.newName !== undefined &&
    [...world.keyStores.values()].some((other) => other !== store && other.name === input.newName)
  ) {
    return fail(
      'key-store-name-in-use',
      `Custom key store name ${input.newName} is already in use.`,
    );
  }
  const clusterCheck =
    input.clusterId !== undefined && input.clusterId !== store.clusterId
      ? newClusterProblem(world, store, input.clusterId)
      : currentClusterProblem(world, store);
  if (clusterCheck) return clusterCheck;
  if (input.newName !== undefined) store.name = input.newName;
  if (input.kmsuserPassword !== undefined) store.kmsuserPassword = input.kmsuserPassword;
  if (input.clusterId !== undefined) store.clusterId = input.clusterId;
  world.record('kms.key-store.updated', {
    customKeyStoreId,
    renamed: input.newName !== undefined,
    passwordChanged: input.kmsuserPassword !== undefined,
    clusterId: store.clusterId,
  });
  return ok(store);
}

export function deleteKeyStore(
  world: World,
  customKeyStoreId: string,
): Result<CustomKeyStore, KmsProblemKind> {
  const found = findKeyStore(world, customKeyStoreId);
  if (!found.ok) return found;
  const store = found.value;
  if (store.connectionState !== 'DISCONNECTED') {
    return fail(
      'key-store-invalid-state',
      `Custom key store ${customKeyStoreId} must be DISCONNECTED to be deleted; it is ${store.connectionState}.`,
    );
  }
  // Keys pending deletion still count until their waiting period ends (docs/behaviour.md §4.4).
  if ([...world.keys.values()].some((key) => key.customKeyStoreId === customKeyStoreId)) {
    return fail(
      'key-store-has-keys',
      `Custom key store ${customKeyStoreId} still contains KMS keys. Delete them before deleting the key store.`,
    );
  }
  world.keyStores.delete(customKeyStoreId);
  world.record('kms.key-store.deleted', { customKeyStoreId });
  return ok(store);
}
