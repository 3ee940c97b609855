/**
 * A cluster subnet without a free IP address when KMS creates its ENIs at connect (docs/behaviour.md §4.2,
 * §4.3): the connect ends FAILED / INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET. A connected store is not
 * affected. Heal: the addresses are freed.
 */
import { ADDRESSES_PER_SUBNET } from '../world/network.js';
import { defineFault } from './fault.js';
import { subnetFault } from './subnet-fault.js';

export const subnetFull = defineFault({
  name: 'subnet-full',
  summary: 'a cluster subnet has no free IP address',
  ...subnetFault({
    heal: 'Free IP addresses in the cluster subnet.',
    change: 'full',
    apply(subnet) {
      // Other workloads take every address, including any KMS later releases on disconnect.
      const before = subnet.heldElsewhere;
      subnet.heldElsewhere = ADDRESSES_PER_SUBNET;
      return () => {
        subnet.heldElsewhere = before;
      };
    },
  }),
});
