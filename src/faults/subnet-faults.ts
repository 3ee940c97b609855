/**
 * Cluster subnet problems KMS meets when it creates its ENIs at connect (spec §4.2, §4.3):
 * a deleted subnet → FAILED / SUBNET_NOT_FOUND; a subnet without a free address →
 * FAILED / INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET. A connected store is not affected. Heal: the
 * subnet exists again / addresses are freed.
 */
import { ADDRESSES_PER_SUBNET } from '../world/network.js';
import { injected, refused, type FaultInjector } from './fault.js';
import { subnetParam } from './world-lookups.js';

const subnetOnly = {
  subnetId: { type: 'string', required: true, description: 'the subnet' },
} as const;

export const subnetMissing: FaultInjector = {
  name: 'subnet-missing',
  summary: 'a cluster subnet is deleted',
  symptom: false,
  params: subnetOnly,
  inject(world, params) {
    const subnet = subnetParam(world, params.subnetId);
    if (!subnet.ok) return refused(subnet.message);
    subnet.value.deleted = true;
    world.record('fault.subnet', { subnetId: subnet.value.subnetId, change: 'deleted' });
    return injected(() => {
      subnet.value.deleted = false;
    });
  },
};

export const subnetFull: FaultInjector = {
  name: 'subnet-full',
  summary: 'a cluster subnet has no free IP address',
  symptom: false,
  params: subnetOnly,
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
};
