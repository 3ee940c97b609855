/**
 * A cluster subnet without a free IP address when KMS creates its ENIs at connect (docs/behaviour.md §4.2,
 * §4.3): the connect ends FAILED / INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET. A connected store is not
 * affected. Heal: the addresses are freed.
 */
import { ADDRESSES_PER_SUBNET } from '../world/network.js';
import { defineFault, injected, refused } from './fault.js';
import { subnetParam } from './world-lookups.js';

export const subnetFull = defineFault({
  name: 'subnet-full',
  summary: 'a cluster subnet has no free IP address',
  symptom: false,
  healable: true,
  params: {
    cluster: {
      kind: 'cluster',
      required: true,
      description: 'the cluster whose AZ names the subnet',
    },
    az: { kind: 'az', required: true, as: 'subnetId', description: 'the subnet' },
  },
  schedule: { byDefault: false, draw: { az: { draw: 'az' } }, breaksConnect: true },
  runbook: { heal: 'Free IP addresses in the cluster subnet.' },
  inject(world, params) {
    const subnet = subnetParam(world, params.subnetId);
    if (!subnet.ok) return refused(subnet.message);
    // Other workloads take every address, including any KMS later releases on disconnect.
    const before = subnet.value.heldElsewhere;
    subnet.value.heldElsewhere = ADDRESSES_PER_SUBNET;
    world.record('fault.subnet', { subnetId: subnet.value.subnetId, change: 'full' });
    return injected(() => {
      subnet.value.heldElsewhere = before;
    });
  },
});
