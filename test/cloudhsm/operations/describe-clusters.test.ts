/**
 * DescribeClusters through the real CloudHSMV2Client (docs/behaviour.md §2.5): filters clusterIds / states /
 * vpcIds, unknown ids filtering to nothing, paging; and the CloudHSM error body shape on the wire
 * (docs/behaviour.md §1.3, §1.5: `Message` with a capital M), checked once through `sim.handleWire`.
 */
import { describe, expect, it } from 'vitest';
import {
  CloudHsmResourceNotFoundException,
  DeleteClusterCommand,
  DescribeClustersCommand,
  paginateDescribeClusters,
} from '@aws-sdk/client-cloudhsm-v2';
import { buildActiveCluster } from '../../support/connected-store.js';
import { createBareCluster, freshHsmWorld } from '../../support/keystore-cloudhsm.js';
import { expectClientError, rejectionOf } from '../../support/keystore-expect.js';

async function threeClusters(seed: number) {
  const w = freshHsmWorld(seed);
  const uninitialized = await createBareCluster(w);
  const { clusterId: active } = await buildActiveCluster(w.sim, w.hsm);
  const creating = await createBareCluster(w, { settle: false });
  return { w, ids: [uninitialized.ClusterId!, active, creating.ClusterId!] };
}

const ids = (out: { Clusters?: { ClusterId?: string }[] }) =>
  out.Clusters?.map((cluster) => cluster.ClusterId);

describe('cloudhsm: DescribeClusters', () => {
  it('cloudhsm: DescribeClusters: no filter → every cluster in creation order with its HSMs', async () => {
    const { w, ids: all } = await threeClusters(231);
    const out = await w.hsm.send(new DescribeClustersCommand({}));
    expect(ids(out)).toEqual(all);
    expect(out.NextToken).toBeUndefined();
    expect(out.Clusters?.map((cluster) => cluster.State)).toEqual([
      'UNINITIALIZED',
      'ACTIVE',
      'CREATE_IN_PROGRESS',
    ]);
    const active = out.Clusters![1]!;
    expect(active.Hsms?.map((hsm) => hsm.State)).toEqual(['ACTIVE', 'ACTIVE']);
    expect(active.Hsms?.[0]).toMatchObject({
      ClusterId: all[1],
      HsmType: 'hsm1.medium',
      StateMessage: 'HSM created.',
    });
    expect(active.Hsms?.[0]?.EniIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('cloudhsm: DescribeClusters: clusterIds filter → only those; unknown ids filter to nothing, no error', async () => {
    const { w, ids: all } = await threeClusters(232);
    expect(
      ids(
        await w.hsm.send(
          new DescribeClustersCommand({ Filters: { clusterIds: [all[2]!, all[0]!] } }),
        ),
      ),
    ).toEqual([all[0], all[2]]);
    expect(
      ids(
        await w.hsm.send(
          new DescribeClustersCommand({ Filters: { clusterIds: ['cluster-abcdefghijk'] } }),
        ),
      ),
    ).toEqual([]);
  });

  it('cloudhsm: DescribeClusters: states filter → clusters in any of the given states', async () => {
    const { w, ids: all } = await threeClusters(233);
    expect(
      ids(await w.hsm.send(new DescribeClustersCommand({ Filters: { states: ['ACTIVE'] } }))),
    ).toEqual([all[1]]);
    expect(
      ids(
        await w.hsm.send(
          new DescribeClustersCommand({ Filters: { states: ['UNINITIALIZED', 'ACTIVE'] } }),
        ),
      ),
    ).toEqual(all.slice(0, 2));
    expect(
      ids(
        await w.hsm.send(
          new DescribeClustersCommand({ Filters: { states: ['CREATE_IN_PROGRESS'] } }),
        ),
      ),
    ).toEqual([all[2]]);
    expect(
      ids(await w.hsm.send(new DescribeClustersCommand({ Filters: { states: ['DELETED'] } }))),
    ).toEqual([]);
  });

  it('cloudhsm: DescribeClusters: vpcIds filter → the default VPC has them all, another VPC none', async () => {
    const { w, ids: all } = await threeClusters(234);
    expect(
      ids(
        await w.hsm.send(
          new DescribeClustersCommand({ Filters: { vpcIds: [w.sim.world.network.vpcId] } }),
        ),
      ),
    ).toEqual(all);
    expect(
      ids(
        await w.hsm.send(
          new DescribeClustersCommand({ Filters: { vpcIds: ['vpc-0123456789abcdef0'] } }),
        ),
      ),
    ).toEqual([]);
  });

  it('cloudhsm: DescribeClusters: filters combine with AND', async () => {
    const { w, ids: all } = await threeClusters(235);
    const out = await w.hsm.send(
      new DescribeClustersCommand({
        Filters: { clusterIds: [all[0]!, all[2]!], states: ['UNINITIALIZED', 'ACTIVE'] },
      }),
    );
    expect(ids(out)).toEqual([all[0]]);
  });

  it('cloudhsm: DescribeClusters: MaxResults and NextToken page through; the SDK paginator sees every cluster once', async () => {
    const { w, ids: all } = await threeClusters(236);
    const first = await w.hsm.send(new DescribeClustersCommand({ MaxResults: 2 }));
    expect(ids(first)).toEqual(all.slice(0, 2));
    expect(first.NextToken).toEqual(expect.any(String));
    const second = await w.hsm.send(
      new DescribeClustersCommand({ MaxResults: 2, NextToken: first.NextToken! }),
    );
    expect(ids(second)).toEqual(all.slice(2));
    expect(second.NextToken).toBeUndefined();
    const seen: string[] = [];
    for await (const page of paginateDescribeClusters({ client: w.hsm, pageSize: 1 }, {}))
      seen.push(...(ids(page) as string[]));
    expect(seen).toEqual(all);
  });

  it('cloudhsm: DescribeClusters: a NextToken the service never issued → CloudHsmInvalidRequestException', async () => {
    const { w } = await threeClusters(237);
    await expectClientError(
      w.hsm.send(new DescribeClustersCommand({ NextToken: 'bogus' })),
      'CloudHsmInvalidRequestException',
    );
  });

  it('cloudhsm: DescribeClusters: an unknown filter name → CloudHsmInvalidRequestException (our choice)', async () => {
    const { w } = await threeClusters(238);
    await expectClientError(
      w.hsm.send(new DescribeClustersCommand({ Filters: { backupIds: ['x'] } })),
      'CloudHsmInvalidRequestException',
    );
  });
});

describe('cloudhsm: error bodies', () => {
  it('cloudhsm: errors: the raw body carries __type and Message (capital M), never message; status 400', async () => {
    const w = freshHsmWorld(239);
    const response = await w.sim.handleWire({
      target: 'BaldrApiService.DeleteCluster',
      body: JSON.stringify({ ClusterId: 'cluster-abcdefghijk' }),
      headers: { 'content-type': 'application/x-amz-json-1.1' },
    });
    expect(response.status).toBe(400);
    const body = JSON.parse(response.body) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['Message', '__type']);
    expect(body.__type).toBe('CloudHsmResourceNotFoundException');
    expect(body.Message).toEqual(expect.stringContaining('cluster-abcdefghijk'));
  });

  it('cloudhsm: errors: the SDK surfaces the same error as its modeled class with the message', async () => {
    const w = freshHsmWorld(240);
    const error = await rejectionOf(
      w.hsm.send(new DeleteClusterCommand({ ClusterId: 'cluster-abcdefghijk' })),
    );
    expect(error).toBeInstanceOf(CloudHsmResourceNotFoundException);
    expect(error.message).toContain('cluster-abcdefghijk');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });
});
