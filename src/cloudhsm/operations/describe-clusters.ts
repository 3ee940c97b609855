/** DescribeClusters (docs/behaviour.md §2.5): filters clusterIds / vpcIds / states; unknown ids filter to nothing. */
import { checkFilterNames, passes } from '../filters.js';
import { defineOperation } from '../operation.js';
import { pageOf } from '../page.js';
import { clusterWire } from '../wire-shapes.js';

export const describeClusters = defineOperation({
  name: 'DescribeClusters',
  errors: [
    'CloudHsmAccessDeniedException',
    'CloudHsmInternalFailureException',
    'CloudHsmInvalidRequestException',
    'CloudHsmServiceException',
    'CloudHsmTagException',
  ],
  run(world, input) {
    checkFilterNames(input.Filters, ['clusterIds', 'vpcIds', 'states']);
    const clusters = [...world.clusters.values()].filter(
      (cluster) =>
        passes(input.Filters, 'clusterIds', cluster.clusterId) &&
        passes(input.Filters, 'vpcIds', cluster.vpcId) &&
        passes(input.Filters, 'states', cluster.state),
    );
    const page = pageOf(clusters, input.NextToken, input.MaxResults, 25);
    return {
      Clusters: page.items.map((cluster) => clusterWire(world, cluster)),
      NextToken: page.next,
    };
  },
});
