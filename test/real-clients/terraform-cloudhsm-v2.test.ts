/**
 * Terraform's aws_cloudhsm_v2_cluster and aws_cloudhsm_v2_hsm against `kmsim serve`: create, read,
 * update (tags) and delete, with the provider's exact call sequence and waiter timing
 * (terraform/cloudhsm-v2-resources.ts names the terraform-provider-aws commits it was read from),
 * driven by the real CloudHSMV2Client over HTTP. Virtual time moves only when the replayed waiter
 * sleeps, so every poll lands where the provider's would.
 */
import {
  type CloudHSMV2Client as Client,
  CloudHSMV2Client,
  DescribeBackupsCommand,
  InitializeClusterCommand,
} from '@aws-sdk/client-cloudhsm-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KMSUSER_PASSWORD, TEST_CERT } from '../support/connected-store.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';
import { CloudHsmV2Resources } from './terraform/cloudhsm-v2-resources.js';
import { short, Transcript } from './transcript.js';

interface Call {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

/** Records every command the client sends, in order, before any retry logic. */
function recordCalls(client: Client): Call[] {
  const calls: Call[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push({
        operation: String(context.commandName).replace(/Command$/, ''),
        input: args.input as Record<string, unknown>,
      });
      return next(args);
    },
    { step: 'initialize', name: 'kmsimReplayRecorder' },
  );
  return calls;
}

/** `DescribeClusters` with the cluster-id filter (cluster reads) or none (HSM reads). */
const byId = (id: string): Call => ({
  operation: 'DescribeClusters',
  input: { Filters: { clusterIds: [id] } },
});
const all: Call = { operation: 'DescribeClusters', input: {} };
const times = (n: number, call: Call): Call[] => Array.from({ length: n }, () => call);

// Polls of the provider's waiter (Delay 30 s, MinTimeout 30 s) fall at 30, 60, 70, 100, 110, 140,
// 150, 180 s...; kmsim's durations (docs/fidelity.md): cluster 120 s, HSM 180 s, deletes 60 s.
const CLUSTER_CREATE_POLLS = 6;
const HSM_CREATE_POLLS = 8;
const DELETE_POLLS = 2;

describe('real client: Terraform aws_cloudhsm_v2_cluster + aws_cloudhsm_v2_hsm replay (JS SDK over HTTP)', () => {
  let server: ServeProcess;
  let client: CloudHSMV2Client;
  let calls: Call[];
  let resources: CloudHsmV2Resources;
  const transcript = new Transcript('Terraform aws_cloudhsm_v2_* replay against kmsim serve');

  beforeAll(async () => {
    server = await startServe({ seed: 10010 });
    client = new CloudHSMV2Client({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'AKIAKMSIMTERRAFORM', secretAccessKey: 'not-a-secret' },
    });
    calls = recordCalls(client);
    resources = new CloudHsmV2Resources(client, async (seconds) => {
      await server.advance(seconds);
    });
  });

  afterAll(async () => {
    transcript.print();
    client?.destroy();
    await server?.close();
  });

  /** The calls made by `step`, which are removed from the record. */
  async function callsOf<T>(step: () => Promise<T>): Promise<{ value: T; made: Call[] }> {
    calls.length = 0;
    const value = await step();
    return { value, made: calls.splice(0) };
  }

  it('create → read → update tags → delete, for a cluster and two HSMs (one by AZ, one by subnet)', async () => {
    const world = await server.world();
    const subnets = world.subnets.slice(0, 3);
    const config = {
      hsmType: 'hsm2m.medium',
      subnetIds: subnets.map((subnet) => subnet.subnetId),
      tags: { Name: 'kmsim-tf', env: 'test' },
    };

    // terraform apply: the cluster.
    const created = await callsOf(() => resources.createCluster(config));
    const clusterId = created.value.id;
    expect(created.made).toEqual([
      {
        operation: 'CreateCluster',
        input: {
          HsmType: 'hsm2m.medium',
          SubnetIds: config.subnetIds,
          TagList: [
            { Key: 'Name', Value: 'kmsim-tf' },
            { Key: 'env', Value: 'test' },
          ],
        },
      },
      ...times(CLUSTER_CREATE_POLLS, byId(clusterId)),
      byId(clusterId),
    ]);
    expect(created.value).toMatchObject({
      clusterState: 'UNINITIALIZED',
      hsmType: 'hsm2m.medium',
      tags: config.tags,
      vpcId: expect.stringMatching(/^vpc-/),
    });
    expect([...created.value.subnetIds].sort()).toEqual([...config.subnetIds].sort());
    // No HSM yet, so no CSR: the provider stores the (empty) certificate block.
    expect(created.value.clusterCertificates).toEqual([
      {
        cluster_csr: '',
        aws_hardware_certificate: '',
        hsm_certificate: '',
        manufacturer_hardware_certificate: '',
      },
    ]);
    transcript.step(
      `terraform apply aws_cloudhsm_v2_cluster (${created.made.length} calls)`,
      `${clusterId} ${created.value.clusterState}`,
    );

    // terraform apply: two HSMs, one placed by availability_zone and one by subnet_id.
    const hsmA = await callsOf(() =>
      resources.createHsm({ clusterId, availabilityZone: subnets[0]!.availabilityZone }),
    );
    expect(hsmA.made).toEqual([
      {
        operation: 'CreateHsm',
        input: { ClusterId: clusterId, AvailabilityZone: subnets[0]!.availabilityZone },
      },
      ...times(HSM_CREATE_POLLS, all),
      all,
    ]);
    const hsmB = await callsOf(() =>
      resources.createHsm({ clusterId, subnetId: subnets[1]!.subnetId }),
    );
    expect(hsmB.made).toEqual([
      byId(clusterId),
      {
        operation: 'CreateHsm',
        input: { ClusterId: clusterId, AvailabilityZone: subnets[1]!.availabilityZone },
      },
      ...times(HSM_CREATE_POLLS, all),
      all,
    ]);
    for (const [hsm, subnet] of [
      [hsmA.value, subnets[0]!],
      [hsmB.value, subnets[1]!],
    ] as const)
      expect(hsm).toMatchObject({
        clusterId,
        hsmState: 'ACTIVE',
        availabilityZone: subnet.availabilityZone,
        subnetId: subnet.subnetId,
        hsmEniId: expect.stringMatching(/^eni-/),
        ipAddress: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/),
      });
    transcript.step(
      'terraform apply aws_cloudhsm_v2_hsm.a (availability_zone), .b (subnet_id)',
      `${hsmA.value.id} ${hsmB.value.id} ACTIVE`,
    );

    // terraform plan (refresh): the cluster now offers its CSR and HSM certificates.
    const refreshed = await callsOf(async () => ({
      cluster: await resources.readCluster(clusterId),
      a: await resources.readHsm(hsmA.value.id, hsmA.value.hsmEniId!),
      b: await resources.readHsm(hsmB.value.id, hsmB.value.hsmEniId!),
    }));
    expect(refreshed.made).toEqual([byId(clusterId), all, all]);
    const [certificates] = refreshed.value.cluster!.clusterCertificates;
    expect(certificates!.cluster_csr).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/);
    for (const name of [
      'aws_hardware_certificate',
      'hsm_certificate',
      'manufacturer_hardware_certificate',
    ])
      expect(certificates![name]).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(refreshed.value.a).toEqual(hsmA.value);
    expect(refreshed.value.b).toEqual(hsmB.value);
    transcript.step(
      'terraform plan (refresh)',
      `cluster_csr ${short(certificates!.cluster_csr!.replace(/\n/g, ' '), 70)}`,
    );

    // terraform apply: tags change in place (env removed, Name changed, team added).
    const newTags = { Name: 'kmsim-tf-2', team: 'crypto' };
    const updated = await callsOf(() =>
      resources.updateClusterTags(refreshed.value.cluster!, newTags),
    );
    expect(updated.made).toEqual([
      { operation: 'UntagResource', input: { ResourceId: clusterId, TagKeyList: ['env'] } },
      {
        operation: 'TagResource',
        input: {
          ResourceId: clusterId,
          TagList: [
            { Key: 'Name', Value: 'kmsim-tf-2' },
            { Key: 'team', Value: 'crypto' },
          ],
        },
      },
      byId(clusterId),
    ]);
    expect(updated.value?.tags).toEqual(newTags);
    transcript.step('terraform apply (tags)', JSON.stringify(updated.value?.tags));

    // terraform destroy: HSMs first (the cluster depends on nothing, they depend on it).
    const destroyed = await callsOf(async () => {
      await resources.deleteHsm(hsmB.value);
      await resources.deleteHsm(hsmA.value);
      await resources.deleteCluster(clusterId);
    });
    expect(destroyed.made).toEqual([
      { operation: 'DeleteHsm', input: { ClusterId: clusterId, HsmId: hsmB.value.id } },
      ...times(DELETE_POLLS, all),
      { operation: 'DeleteHsm', input: { ClusterId: clusterId, HsmId: hsmA.value.id } },
      ...times(DELETE_POLLS, all),
      { operation: 'DeleteCluster', input: { ClusterId: clusterId } },
      ...times(DELETE_POLLS, byId(clusterId)),
    ]);
    transcript.step(`terraform destroy (${destroyed.made.length} calls)`, 'done');

    // A later refresh finds nothing and drops the resources from state; destroying again is a no-op.
    expect(await resources.readCluster(clusterId)).toBeUndefined();
    expect(await resources.readHsm(hsmA.value.id, hsmA.value.hsmEniId!)).toBeUndefined();
    const again = await callsOf(() => resources.deleteCluster(clusterId));
    expect(again.made).toEqual([{ operation: 'DeleteCluster', input: { ClusterId: clusterId } }]);
    expect(await server.trace()).not.toContain('simulator.bug');
  });
  it('create from source_backup_identifier: the waiter sees ACTIVE without an HSM, the state keeps the cluster certificate; an HSM with ip_address added to it restores the backup; destroy', async () => {
    const world = await server.world();
    const subnets = world.subnets.slice(0, 3);
    const subnetIds = subnets.map((subnet) => subnet.subnetId);
    // Out of band (CLI and the CloudHSM client tools): a source cluster, claimed and activated.
    const source = await resources.createCluster({ hsmType: 'hsm1.medium', subnetIds });
    await resources.createHsm({
      clusterId: source.id,
      availabilityZone: subnets[0]!.availabilityZone,
    });
    await client.send(
      new InitializeClusterCommand({
        ClusterId: source.id,
        SignedCert: TEST_CERT,
        TrustAnchor: TEST_CERT,
      }),
    );
    await server.advance(120);
    const activated = await server.action({
      action: 'activate-cluster',
      clusterId: source.id,
      kmsuserPassword: KMSUSER_PASSWORD,
    });
    expect(activated.status).toBe(200);
    await server.advance(120);
    const backups = await client.send(
      new DescribeBackupsCommand({ Filters: { clusterIds: [source.id], states: ['READY'] } }),
    );
    const backupId = backups.Backups![0]!.BackupId!;

    const created = await callsOf(() =>
      resources.createCluster({
        hsmType: 'hsm1.medium',
        subnetIds,
        sourceBackupIdentifier: backupId,
      }),
    );
    const clusterId = created.value.id;
    expect(created.made).toEqual([
      {
        operation: 'CreateCluster',
        input: { HsmType: 'hsm1.medium', SubnetIds: subnetIds, SourceBackupId: backupId },
      },
      ...times(CLUSTER_CREATE_POLLS, byId(clusterId)),
      byId(clusterId),
    ]);
    expect(created.value).toMatchObject({
      clusterState: 'ACTIVE',
      sourceBackupIdentifier: backupId,
      clusterCertificates: [{ cluster_certificate: TEST_CERT }],
    });
    transcript.step(
      `terraform apply aws_cloudhsm_v2_cluster (source_backup_identifier = ${backupId})`,
      `${clusterId} ${created.value.clusterState}`,
    );

    // This HSM also pins its ip_address, which the provider passes as CreateHsm's IpAddress.
    const { cidrBlock } = world.subnets[1] as { cidrBlock?: string };
    const ipAddress = `${cidrBlock!.split('.').slice(0, 3).join('.')}.77`;
    const placed = await callsOf(() =>
      resources.createHsm({ clusterId, subnetId: subnets[1]!.subnetId, ipAddress }),
    );
    expect(placed.made.slice(0, 2)).toEqual([
      byId(clusterId),
      {
        operation: 'CreateHsm',
        input: {
          ClusterId: clusterId,
          AvailabilityZone: subnets[1]!.availabilityZone,
          IpAddress: ipAddress,
        },
      },
    ]);
    const hsm = placed.value;
    expect(hsm).toMatchObject({ hsmState: 'ACTIVE', ipAddress });
    expect((await resources.readCluster(clusterId))?.clusterState).toBe('ACTIVE');
    const restored = (await server.world()).clusters.find((c) => c.clusterId === clusterId) as
      | { users: { name: string }[] | null }
      | undefined;
    expect(restored?.users?.map((user) => user.name)).toEqual(['kmsuser']);
    transcript.step(
      `terraform apply aws_cloudhsm_v2_hsm on the restored cluster (ip_address = ${ipAddress})`,
      hsm.id,
    );

    await resources.deleteHsm(hsm);
    await resources.deleteCluster(clusterId);
    expect(await resources.readCluster(clusterId)).toBeUndefined();
    expect(await server.trace()).not.toContain('simulator.bug');
  });
});
