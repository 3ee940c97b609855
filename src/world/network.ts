/**
 * The account's default VPC in the simulated Region: one subnet per Availability Zone (issue #2 §3),
 * each with a count of free addresses (KMS needs one free address per cluster subnet to connect,
 * spec §4.2 INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET), and the set of clusters KMS cannot reach
 * (a network partition, spec §10).
 */
import type { IdFactory } from '../sim/id-factory.js';

export interface Subnet {
  readonly subnetId: string;
  readonly availabilityZone: string;
  readonly vpcId: string;
  readonly cidrBlock: string;
  /** Free IPv4 addresses; each HSM ENI and each KMS ENI uses one. */
  freeAddresses: number;
  /** A deleted subnet stays in the map so a cluster's mapping can still name it (SUBNET_NOT_FOUND). */
  deleted: boolean;
}

/** AZ letters per Region; unknown Regions get three. us-east-1 really has six. */
const AZ_LETTERS: Record<string, string> = { 'us-east-1': 'abcdef', 'us-west-2': 'abcd', 'eu-west-1': 'abc' };

/** Usable addresses in a /24 after AWS reserves five. */
const FREE_ADDRESSES_PER_SUBNET = 251;

export class Network {
  readonly vpcId: string;
  readonly subnets = new Map<string, Subnet>();
  /** Clusters that KMS cannot reach right now. */
  readonly partitionedClusters = new Set<string>();

  constructor(readonly region: string, ids: IdFactory) {
    this.vpcId = ids.vpcId();
    const letters = AZ_LETTERS[region] ?? 'abc';
    [...letters].forEach((letter, index) => {
      const subnetId = ids.subnetId();
      this.subnets.set(subnetId, {
        subnetId,
        availabilityZone: `${region}${letter}`,
        vpcId: this.vpcId,
        cidrBlock: `172.31.${index * 16}.0/20`,
        freeAddresses: FREE_ADDRESSES_PER_SUBNET,
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

  /** A deterministic private address inside the subnet for an ENI. */
  allocateAddress(subnet: Subnet): string {
    subnet.freeAddresses -= 1;
    const [a, b, c] = subnet.cidrBlock.split('/')[0]!.split('.');
    const used = FREE_ADDRESSES_PER_SUBNET - subnet.freeAddresses;
    return `${a}.${b}.${Number(c) + Math.floor((used + 4) / 256)}.${(used + 4) % 256}`;
  }

  releaseAddress(subnet: Subnet): void {
    subnet.freeAddresses += 1;
  }
}
