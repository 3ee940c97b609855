/**
 * Cluster lifecycle (docs/behaviour.md §6.1): create (optionally from a backup), initialize, activate (the
 * out-of-band CloudHSM CLI step that also creates `kmsuser`), delete.
 */
import type { Backup } from './backup.js';
import { findBackup, scheduleDailyBackups, takeBackup } from './backup-lifecycle.js';
import { activeHsms, type Cluster } from './cluster.js';
import { KMSUSER } from './crypto-user.js';
import { checkRetentionDays, DEFAULT_RETENTION_DAYS } from './backup-retention.js';
import { checkHsmType, clusterModeFor } from './hsm-types.js';
import { fail, ok, type Result } from './result.js';
import { checkTagKeys } from './tag-rules.js';
import type { World } from './world.js';

export type ClusterProblem = 'not-found' | 'invalid-request';

export interface CreateClusterInput {
  readonly hsmType: string;
  readonly subnetIds: readonly string[];
  readonly sourceBackupId?: string | undefined;
  readonly backupRetentionDays?: number | undefined;
  readonly mode?: string | undefined;
  readonly networkType?: string | undefined;
  readonly tags?: { Key: string; Value: string }[] | undefined;
}

const PEM_CERTIFICATE = /^\s*-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/;

export function findCluster(world: World, clusterId: string): Result<Cluster, ClusterProblem> {
  const cluster = world.clusters.get(clusterId);
  if (!cluster || cluster.state === 'DELETED')
    return fail('not-found', `Cluster ${clusterId} not found.`);
  return ok(cluster);
}

function subnetMappingFor(
  world: World,
  subnetIds: readonly string[],
): Result<Map<string, string>, ClusterProblem> {
  const mapping = new Map<string, string>();
  for (const subnetId of subnetIds) {
    const subnet = world.network.subnet(subnetId);
    if (!subnet || subnet.deleted)
      return fail('invalid-request', `Subnet ${subnetId} does not exist.`);
    if (mapping.has(subnet.availabilityZone)) {
      return fail(
        'invalid-request',
        `Subnets must be in different Availability Zones; ${subnet.availabilityZone} appears twice.`,
      );
    }
    mapping.set(subnet.availabilityZone, subnetId);
  }
  return ok(mapping);
}

export function createCluster(
  world: World,
  input: CreateClusterInput,
): Result<Cluster, ClusterProblem> {
  const hsmType = checkHsmType(input.hsmType);
  if (!hsmType.ok) return hsmType;
  if (input.backupRetentionDays !== undefined) {
    const retention = checkRetentionDays(input.backupRetentionDays);
    if (!retention.ok) return retention;
  }
  const tagKeys = checkTagKeys((input.tags ?? []).map((tag) => tag.Key));
  if (!tagKeys.ok) return tagKeys;
  const mapping = subnetMappingFor(world, input.subnetIds);
  if (!mapping.ok) return mapping;
  let source: Backup | undefined;
  if (input.sourceBackupId !== undefined) {
    const found = findBackup(world, input.sourceBackupId);
    if (!found.ok) return found;
    if (found.value.state !== 'READY')
      return fail('invalid-request', `Backup ${found.value.backupId} is not in READY state.`);
    source = found.value;
  }
  const mode = clusterModeFor(input.hsmType, input.mode, source);
  if (!mode.ok) return mode;
  const clusterId = world.kernel.ids.clusterId();
  const cluster: Cluster = {
    clusterId,
    state: 'CREATE_IN_PROGRESS',
    stateMessage: undefined,
    hsmType: input.hsmType,
    mode: mode.value,
    networkType: input.networkType ?? 'IPV4',
    vpcId: world.network.vpcId,
    securityGroup: world.kernel.ids.securityGroupId(),
    subnetMapping: mapping.value,
    createdAtMs: world.nowMs,
    sourceBackupId: source?.backupId,
    backupRetentionDays: input.backupRetentionDays ?? DEFAULT_RETENTION_DAYS,
    lineage: source?.lineage ?? clusterId,
    // A restored cluster keeps the source cluster's certificate and trust anchor (docs/behaviour.md §2.5, §6.4).
    trustAnchor: source?.trustAnchor,
    signedCert: source?.clusterCertificate,
    hsms: new Map(),
    contents: undefined,
    pendingRestore: source,
    hadHsms: false,
    tags: input.tags ?? [],
    hsmLatencyMs: 0,
    sessionsExhausted: undefined,
  };
  world.clusters.set(clusterId, cluster);
  world.record('cloudhsm.cluster.created', { clusterId, sourceBackupId: source?.backupId ?? null });
  world.kernel.schedule(world.timings.clusterCreateMs, `cluster ${clusterId} created`, () => {
    if (cluster.state !== 'CREATE_IN_PROGRESS') return;
    // A cluster built from a backup needs no initialization and is ACTIVE before it has an HSM;
    // its first HSM restores the backup (docs/behaviour.md §2.5, §6.1). Terraform's aws_cloudhsm_v2_cluster
    // waits for exactly that: ACTIVE after CreateCluster with SourceBackupId (docs/fidelity.md).
    cluster.state = source ? 'ACTIVE' : 'UNINITIALIZED';
    world.record('cloudhsm.cluster.state', { clusterId, state: cluster.state });
  });
  return ok(cluster);
}

export function initializeCluster(
  world: World,
  clusterId: string,
  signedCert: string,
  trustAnchor: string,
): Result<Cluster, ClusterProblem> {
  const found = findCluster(world, clusterId);
  if (!found.ok) return found;
  const cluster = found.value;
  if (cluster.pendingRestore || cluster.sourceBackupId !== undefined) {
    return fail(
      'invalid-request',
      `Cluster ${clusterId} was created from a backup and must not be initialized.`,
    );
  }
  if (cluster.state !== 'UNINITIALIZED')
    return fail(
      'invalid-request',
      `Cluster ${clusterId} is in state ${cluster.state}, not UNINITIALIZED.`,
    );
  if (activeHsms(cluster).length === 0)
    return fail('invalid-request', `Cluster ${clusterId} has no active HSM to initialize.`);
  if (!PEM_CERTIFICATE.test(signedCert))
    return fail('invalid-request', 'SignedCert is not a PEM-encoded certificate.');
  if (!PEM_CERTIFICATE.test(trustAnchor))
    return fail('invalid-request', 'TrustAnchor is not a PEM-encoded certificate.');
  cluster.state = 'INITIALIZE_IN_PROGRESS';
  cluster.stateMessage = 'State will change to INITIALIZED upon completion.';
  cluster.signedCert = signedCert;
  cluster.trustAnchor = trustAnchor;
  world.record('cloudhsm.cluster.state', { clusterId, state: cluster.state });
  world.kernel.schedule(
    world.timings.clusterInitializeMs,
    `cluster ${clusterId} initialized`,
    () => {
      if (cluster.state !== 'INITIALIZE_IN_PROGRESS') return;
      cluster.state = 'INITIALIZED';
      cluster.stateMessage = undefined;
      world.record('cloudhsm.cluster.state', { clusterId, state: cluster.state });
    },
  );
  return ok(cluster);
}

/**
 * Activation with the CloudHSM CLI (not an AWS API; docs/behaviour.md §2.5 "(activation)"): sets the admin
 * password, and here also creates the `kmsuser` crypto user KMS needs (docs/behaviour.md §4.7). Triggers a backup.
 */
export function activateCluster(
  world: World,
  clusterId: string,
  kmsuserPassword: string,
): Result<Cluster, ClusterProblem> {
  const found = findCluster(world, clusterId);
  if (!found.ok) return found;
  const cluster = found.value;
  if (cluster.state !== 'INITIALIZED')
    return fail(
      'invalid-request',
      `cluster ${clusterId} is ${cluster.state}; only an INITIALIZED cluster can be activated`,
    );
  if (!cluster.contents || activeHsms(cluster).length === 0)
    return fail('invalid-request', `cluster ${clusterId} has no active HSM to activate against`);
  cluster.state = 'ACTIVE';
  cluster.contents.users.set(KMSUSER, {
    name: KMSUSER,
    password: kmsuserPassword,
    failedLogins: 0,
    loggedInElsewhere: false,
  });
  world.record('cloudhsm.cluster.state', { clusterId, state: cluster.state, kmsuserCreated: true });
  takeBackup(world, cluster, 'activation');
  scheduleDailyBackups(world, cluster);
  return ok(cluster);
}

/** DeleteCluster: every HSM must be deleted first (docs/behaviour.md §2.5). Backups survive the cluster. */
export function deleteCluster(world: World, clusterId: string): Result<Cluster, ClusterProblem> {
  const found = findCluster(world, clusterId);
  if (!found.ok) return found;
  const cluster = found.value;
  if (cluster.state === 'DELETE_IN_PROGRESS')
    return fail('invalid-request', `Cluster ${clusterId} is already being deleted.`);
  if (cluster.hsms.size > 0)
    return fail(
      'invalid-request',
      `Cluster ${clusterId} still has HSMs. Delete all HSMs before deleting the cluster.`,
    );
  cluster.state = 'DELETE_IN_PROGRESS';
  world.record('cloudhsm.cluster.state', { clusterId, state: cluster.state });
  world.kernel.schedule(world.timings.clusterDeleteMs, `cluster ${clusterId} deleted`, () => {
    cluster.state = 'DELETED';
    cluster.contents = undefined;
    world.record('cloudhsm.cluster.state', { clusterId, state: cluster.state });
  });
  return ok(cluster);
}
