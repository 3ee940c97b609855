/**
 * TagResource, UntagResource and ListTags through the real CloudHSMV2Client (CloudHSM API
 * reference; world/tag-rules.ts): tags from CreateCluster's TagList can be changed afterwards,
 * ListTags pages, the 50-tag limit, the reserved `aws:` prefix, and clusters and backups alike.
 */
import { describe, expect, it } from 'vitest';
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeBackupsCommand,
  ListTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type Tag,
} from '@aws-sdk/client-cloudhsm-v2';
import { buildActiveCluster } from '../../support/connected-store.js';
import {
  createBareCluster,
  describeCluster,
  freshHsmWorld,
  subnetIds,
  type HsmWorld,
} from '../../support/keystore-cloudhsm.js';
import { expectClientError } from '../../support/keystore-expect.js';
import { newestBackupId, settleBackups } from '../../support/keystore-world.js';

const tagsNamed = (prefix: string, count: number, start = 0): Tag[] =>
  Array.from({ length: count }, (_, i) => ({ Key: `${prefix}${start + i}`, Value: `v${i}` }));

async function allTags(w: HsmWorld, resourceId: string): Promise<Tag[]> {
  return (await w.hsm.send(new ListTagsCommand({ ResourceId: resourceId }))).TagList ?? [];
}

async function taggedCluster(w: HsmWorld, tags: Tag[]): Promise<string> {
  const created = await w.hsm.send(
    new CreateClusterCommand({
      HsmType: 'hsm2m.medium',
      SubnetIds: subnetIds(w.sim),
      TagList: tags,
    }),
  );
  return created.Cluster!.ClusterId!;
}

describe('cloudhsm: tags on a cluster', () => {
  it('cloudhsm: tags: CreateCluster TagList is listed, then TagResource overwrites and adds, UntagResource removes (absent keys ignored); DescribeClusters agrees', async () => {
    const w = freshHsmWorld(1001);
    const clusterId = await taggedCluster(w, [
      { Key: 'env', Value: 'test' },
      { Key: 'team', Value: 'crypto' },
    ]);
    expect(await allTags(w, clusterId)).toEqual([
      { Key: 'env', Value: 'test' },
      { Key: 'team', Value: 'crypto' },
    ]);
    const tagged = await w.hsm.send(
      new TagResourceCommand({
        ResourceId: clusterId,
        TagList: [
          { Key: 'env', Value: 'prod' },
          { Key: 'owner', Value: '' },
        ],
      }),
    );
    expect(Object.keys(tagged).filter((key) => key !== '$metadata')).toEqual([]);
    expect(await allTags(w, clusterId)).toEqual([
      { Key: 'env', Value: 'prod' },
      { Key: 'team', Value: 'crypto' },
      { Key: 'owner', Value: '' },
    ]);
    await w.hsm.send(
      new UntagResourceCommand({ ResourceId: clusterId, TagKeyList: ['team', 'never-set'] }),
    );
    expect(await allTags(w, clusterId)).toEqual([
      { Key: 'env', Value: 'prod' },
      { Key: 'owner', Value: '' },
    ]);
    expect((await describeCluster(w.hsm, clusterId))?.TagList).toEqual([
      { Key: 'env', Value: 'prod' },
      { Key: 'owner', Value: '' },
    ]);
    await w.hsm.send(
      new UntagResourceCommand({ ResourceId: clusterId, TagKeyList: ['env', 'owner'] }),
    );
    const out = await w.hsm.send(new ListTagsCommand({ ResourceId: clusterId }));
    expect(out.TagList).toEqual([]);
    expect(out.NextToken).toBeUndefined();
    expect((await describeCluster(w.hsm, clusterId))?.TagList).toBeUndefined();
  });

  it('cloudhsm: ListTags: MaxResults pages in order with NextToken; a token kmsim did not issue → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(1002);
    const clusterId = await taggedCluster(w, tagsNamed('k', 7));
    const pages: Tag[][] = [];
    let token: string | undefined;
    do {
      const out = await w.hsm.send(
        new ListTagsCommand({ ResourceId: clusterId, MaxResults: 3, NextToken: token }),
      );
      pages.push(out.TagList ?? []);
      token = out.NextToken;
    } while (token);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(tagsNamed('k', 7));
    await expectClientError(
      w.hsm.send(new ListTagsCommand({ ResourceId: clusterId, NextToken: 'bm90LWEtdG9rZW4=' })),
      'CloudHsmInvalidRequestException',
    );
    await expectClientError(
      w.hsm.send(new ListTagsCommand({ ResourceId: clusterId, MaxResults: 101 })),
      'ValidationException',
    );
  });

  it('cloudhsm: TagResource: more than 50 tags on a resource → CloudHsmResourceLimitExceededException and nothing changes; overwriting at 50 is fine', async () => {
    const w = freshHsmWorld(1003);
    const clusterId = await taggedCluster(w, tagsNamed('a', 48));
    await expectClientError(
      w.hsm.send(new TagResourceCommand({ ResourceId: clusterId, TagList: tagsNamed('b', 3) })),
      'CloudHsmResourceLimitExceededException',
      /51 tags; the limit is 50/,
    );
    expect(await allTags(w, clusterId)).toHaveLength(48);
    await w.hsm.send(new TagResourceCommand({ ResourceId: clusterId, TagList: tagsNamed('b', 2) }));
    await w.hsm.send(
      new TagResourceCommand({ ResourceId: clusterId, TagList: [{ Key: 'a0', Value: 'new' }] }),
    );
    const tags = await allTags(w, clusterId);
    expect(tags).toHaveLength(50);
    expect(tags[0]).toEqual({ Key: 'a0', Value: 'new' });
  });

  it('cloudhsm: tags: a key beginning with aws: (any case) or a key named twice → CloudHsmInvalidRequestException on CreateCluster, TagResource and UntagResource', async () => {
    const w = freshHsmWorld(1004);
    await expectClientError(
      w.hsm.send(
        new CreateClusterCommand({
          HsmType: 'hsm1.medium',
          SubnetIds: subnetIds(w.sim),
          TagList: [{ Key: 'AWS:cloudformation', Value: 'x' }],
        }),
      ),
      'CloudHsmInvalidRequestException',
      /reserved/,
    );
    expect(w.sim.world.clusters.size).toBe(0);
    const clusterId = await taggedCluster(w, [{ Key: 'env', Value: 'a' }]);
    for (const TagList of [
      [{ Key: 'aws:x', Value: 'y' }],
      [
        { Key: 'dup', Value: '1' },
        { Key: 'dup', Value: '2' },
      ],
    ]) {
      await expectClientError(
        w.hsm.send(new TagResourceCommand({ ResourceId: clusterId, TagList })),
        'CloudHsmInvalidRequestException',
      );
    }
    await expectClientError(
      w.hsm.send(new UntagResourceCommand({ ResourceId: clusterId, TagKeyList: ['aws:x'] })),
      'CloudHsmInvalidRequestException',
    );
    expect(await allTags(w, clusterId)).toEqual([{ Key: 'env', Value: 'a' }]);
  });

  it('cloudhsm: tags: model constraints (empty TagList, a 129-character key, a bad character) → ValidationException', async () => {
    const w = freshHsmWorld(1005);
    const clusterId = await taggedCluster(w, [{ Key: 'env', Value: 'a' }]);
    for (const TagList of [
      [],
      [{ Key: 'k'.repeat(129), Value: 'v' }],
      [{ Key: 'semi;colon', Value: 'v' }],
    ]) {
      await expectClientError(
        w.hsm.send(new TagResourceCommand({ ResourceId: clusterId, TagList })),
        'ValidationException',
      );
    }
    await expectClientError(
      w.hsm.send(new TagResourceCommand({ ResourceId: 'hsm-abcdefghijk', TagList: [] })),
      'ValidationException',
    );
  });

  it('cloudhsm: tags: an unknown or DELETED cluster → CloudHsmResourceNotFoundException', async () => {
    const w = freshHsmWorld(1006);
    for (const command of [
      new ListTagsCommand({ ResourceId: 'cluster-abcdefghijk' }),
      new TagResourceCommand({
        ResourceId: 'cluster-abcdefghijk',
        TagList: [{ Key: 'k', Value: 'v' }],
      }),
      new UntagResourceCommand({ ResourceId: 'backup-abcdefghijk', TagKeyList: ['k'] }),
    ]) {
      await expectClientError(
        w.hsm.send(command as TagResourceCommand),
        'CloudHsmResourceNotFoundException',
      );
    }
    const cluster = await createBareCluster(w);
    await w.hsm.send(new DeleteClusterCommand({ ClusterId: cluster.ClusterId! }));
    w.sim.advanceMs(w.sim.world.timings.clusterDeleteMs);
    await expectClientError(
      w.hsm.send(new ListTagsCommand({ ResourceId: cluster.ClusterId! })),
      'CloudHsmResourceNotFoundException',
    );
  });
});

describe('cloudhsm: tags on a backup', () => {
  it('cloudhsm: tags: a backup is tagged and untagged by its id; DescribeBackups shows its TagList', async () => {
    const w = freshHsmWorld(1007);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    settleBackups(w.sim);
    const backupId = await newestBackupId(w.hsm, clusterId);
    await w.hsm.send(
      new TagResourceCommand({
        ResourceId: backupId,
        TagList: [
          { Key: 'keep', Value: 'yes' },
          { Key: 'ticket', Value: 'OPS-1' },
        ],
      }),
    );
    await w.hsm.send(new UntagResourceCommand({ ResourceId: backupId, TagKeyList: ['ticket'] }));
    expect(await allTags(w, backupId)).toEqual([{ Key: 'keep', Value: 'yes' }]);
    const described = await w.hsm.send(
      new DescribeBackupsCommand({ Filters: { backupIds: [backupId] } }),
    );
    expect(described.Backups?.[0]?.TagList).toEqual([{ Key: 'keep', Value: 'yes' }]);
    // The cluster's own tags are a different list.
    expect(await allTags(w, clusterId)).toEqual([]);
  });
});
