/**
 * The account's default VPC in the simulated Region: one subnet per Availability Zone (issue #2 §3),
 * each with a count of free addresses (KMS needs one free address per cluster subnet to connect,
 * docs/behaviour.md §4.2 INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET), and the set of clusters KMS cannot reach
 * (a network partition, docs/behaviour.md §10).
 */
import type { IdFactory } from '../sim/id-factory.js';

export interface Subnet {
  readonly subnetId: string;
  readonly availabilityZone: string;
  readonly vpcId: string;
  readonly cidrBlock: string;
  /** Host numbers (last octet) held by ENIs the world models: HSMs and KMS's own ENIs. */
  readonly usedHosts: Set<number>;
  /** Addresses held by things outside the model (other workloads); a full subnet holds them all. */
  heldElsewhere: number;
  /** A deleted subnet stays in the map so a cluster's mapping can still name it (SUBNET_NOT_FOUND). */
  deleted: boolean;
}

/** AZ letters per Region; unknown Regions get three. us-east-1 really has six. */
const AZ_LETTERS: Record<string, string> = {
  'us-east-1': 'abcdef',
  'us-west-2': 'abcd',
  'eu-west-1': 'abc',
};

/** Usable addresses in a /24 after AWS reserves five (.0-.3 and .255). */
export const ADDRESSES_PER_SUBNET = 251;
const FIRST_HOST = 4;

/** Addresses still free for a new ENI (docs/behaviour.md §4.2 INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET). */
export function freeAddresses(subnet: Subnet): number {
  return Math.max(0, ADDRESSES_PER_SUBNET - subnet.heldElsewhere - subnet.usedHosts.size);
}

export class Network {
  readonly vpcId: string;
  readonly subnets = new Map<string, Subnet>();
  /** Clusters that KMS cannot reach right now. */
  readonly partitionedClusters = new Set<string>();

  constructor(
    readonly region: string,
    ids: IdFactory,
  ) {
    this.vpcId = ids.vpcId();
    const letters = Object.hasOwn(AZ_LETTERS, region) ? AZ_LETTERS[region]! : 'abc';
    [...letters].forEach((letter, index) => {
      const subnetId = ids.subnetId();
      this.subnets.set(subnetId, {
        subnetId,
        availabilityZone: `${region}${letter}`,
        vpcId: this.vpcId,
        cidrBlock: `172.31.${index}.0/24`,
        usedHosts: new Set(),
        heldElsewhere: 0,
        deleted: false,
      });
    });
  }

  subnet(subnetId: string): Subnet | undefined {
    return this.subnets.get(subnetId);
  }

  liveSubnets(): Subnet[] {
    return [...this.subnets.values()].filter((subnet) => !subnet.deleted);
  }

  /** The lowest free private address of the subnet, for an ENI; the caller checked freeAddresses. */
  allocateAddress(subnet: Subnet): string {
    let host = FIRST_HOST;
    while (subnet.usedHosts.has(host)) host++;
    subnet.usedHosts.add(host);
    return `${subnet.cidrBlock.split('.').slice(0, 3).join('.')}.${host}`;
  }

  /**
   * Why `ip` cannot be given to a new ENI in `subnet` (outside the /24, one of the five addresses AWS
   * reserves, or already held by a modelled ENI), or undefined when it can.
   */
  unavailableReason(subnet: Subnet, ip: string): string | undefined {
    const prefix = subnet.cidrBlock.split('.').slice(0, 3).join('.');
    const octets = ip.split('.').map(Number);
    if (octets.slice(0, 3).join('.') !== prefix || !(octets[3]! >= 0 && octets[3]! <= 255))
      return `${ip} is not in subnet ${subnet.subnetId} (${subnet.cidrBlock}).`;
    const host = octets[3]!;
    if (host < FIRST_HOST || host === 255)
      return `${ip} is reserved by AWS in subnet ${subnet.subnetId}.`;
    if (subnet.usedHosts.has(host)) return `${ip} is already in use in subnet ${subnet.subnetId}.`;
    return undefined;
  }

  /** Takes the requested address; the caller checked unavailableReason and freeAddresses. */
  allocateRequestedAddress(subnet: Subnet, ip: string): string {
    subnet.usedHosts.add(Number(ip.split('.')[3]));
    return ip;
  }

  releaseAddress(subnet: Subnet, ip: string): void {
    subnet.usedHosts.delete(Number(ip.split('.')[3]));
  }
}
