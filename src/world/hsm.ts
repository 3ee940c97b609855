/**
 * One HSM of a cluster (docs/behaviour.md §6.2): CREATE_IN_PROGRESS → ACTIVE → DELETE_IN_PROGRESS → DELETED.
 * "Active HSM" in every KMS rule means state ACTIVE.
 */
export type HsmLifecycleState =
  | 'CREATE_IN_PROGRESS'
  | 'ACTIVE'
  | 'DEGRADED'
  | 'DELETE_IN_PROGRESS'
  | 'DELETED';

export interface Hsm {
  readonly hsmId: string;
  readonly clusterId: string;
  readonly availabilityZone: string;
  readonly subnetId: string;
  readonly eniId: string;
  readonly eniIp: string;
  readonly hsmType: string;
  state: HsmLifecycleState;
  stateMessage: string;
}
