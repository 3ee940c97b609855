/**
 * A deleted cluster subnet, which KMS meets when it creates its ENIs at connect (docs/behaviour.md §4.2, §4.3):
 * the connect ends FAILED / SUBNET_NOT_FOUND. A connected store is not affected. Heal: the subnet
 * exists again.
 */
import { defineFault, injected, refused } from './fault.js';
import { subnetParam } from './world-lookups.js';

export const subnetMissing = defineFault({
  name: 'subnet-missing',
  summary: 'a cluster subnet is deleted',
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
  runbook: { heal: 'Recreate the subnet.' },
  inject(world, params) {
    const subnet = subnetParam(world, params.subnetId);
    if (!subnet.ok) return refused(subnet.message);
    subnet.value.deleted = true;
    world.record('fault.subnet', { subnetId: subnet.value.subnetId, change: 'deleted' });
    return injected(() => {
      subnet.value.deleted = false;
    });
  },
});
