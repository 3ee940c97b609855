/**
 * What the two cluster-subnet faults share (docs/behaviour.md §4.2, §4.3): a subnet named by a
 * cluster and an AZ, that KMS meets only when it creates its ENIs at connect (so property tests
 * keep a reconnect from overlapping it), a `fault.subnet` trace event, and a heal that puts the
 * subnet back as it was. Each fault says only what it changes.
 */
import type { Subnet } from '../world/network.js';
import { type FaultDeclaration, injected, refused } from './fault.js';
import { subnetParam } from './world-lookups.js';

export interface SubnetFaultSpec {
  /** The runbook's heal line. */
  readonly heal: string;
  /** The `change` of the `fault.subnet` trace event. */
  readonly change: string;
  /** Applies the cause to the subnet; returns how to undo it. */
  readonly apply: (subnet: Subnet) => () => void;
}

/** Everything of a cluster-subnet fault's declaration but its name and summary. */
export function subnetFault(spec: SubnetFaultSpec): Omit<FaultDeclaration, 'name' | 'summary'> {
  return {
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
    runbook: { heal: spec.heal },
    inject(world, params) {
      const subnet = subnetParam(world, params.subnetId);
      if (!subnet.ok) return refused(subnet.message);
      const undo = spec.apply(subnet.value);
      world.record('fault.subnet', { subnetId: subnet.value.subnetId, change: spec.change });
      return injected(undo);
    },
  };
}
