/**
 * A deleted cluster subnet, which KMS meets when it creates its ENIs at connect (docs/behaviour.md §4.2, §4.3):
 * the connect ends FAILED / SUBNET_NOT_FOUND. A connected store is not affected. Heal: the subnet
 * exists again.
 */
import { defineFault } from './fault.js';
import { subnetFault } from './subnet-fault.js';

export const subnetMissing = defineFault({
  name: 'subnet-missing',
  summary: 'a cluster subnet is deleted',
  ...subnetFault({
    heal: 'Recreate the subnet.',
    change: 'deleted',
    apply(subnet) {
      subnet.deleted = true;
      return () => {
        subnet.deleted = false;
      };
    },
  }),
});
