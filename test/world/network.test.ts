/**
 * The default VPC (src/world/network.ts; issue #2 §3): one subnet per AZ of the Region, addresses
 * for HSM and KMS ENIs taken from and given back to each subnet.
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../src/simulator.js';
import { createHsm, deleteHsm } from '../../src/world/hsm-lifecycle.js';
import { azAt, directActiveCluster, must } from '../support/keystore-direct.js';

describe('world: network', () => {
  it('world: network: one subnet per AZ of the Region in one VPC (us-east-1 has six, unknown Regions three)', () => {
    const east = new Simulator({ seed: 651 }).world.network;
    expect([...east.subnets.values()].map((subnet) => subnet.availabilityZone)).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((letter) => `us-east-1${letter}`),
    );
    expect(new Set([...east.subnets.values()].map((subnet) => subnet.vpcId))).toEqual(
      new Set([east.vpcId]),
    );
    const elsewhere = new Simulator({ seed: 651, region: 'ap-south-2' }).world.network;
    expect([...elsewhere.subnets.values()].map((subnet) => subnet.availabilityZone)).toEqual([
      'ap-south-2a',
      'ap-south-2b',
      'ap-south-2c',
    ]);
  });

  it('world: network: a Region named like an inherited object member (constructor, toString) is an unknown Region, not a crash (issue 11 §4)', () => {
    for (const region of ['constructor', 'toString', '__proto__']) {
      const sim = new Simulator({ seed: 653, region });
      expect(
        [...sim.world.network.subnets.values()].map((subnet) => subnet.availabilityZone),
        region,
      ).toEqual([`${region}a`, `${region}b`, `${region}c`]);
      expect(sim.world.quotas.limits.accountSymmetricRps, region).toBe(10_000);
    }
  });

  it('world: network: addresses lie inside the subnet’s CIDR and are distinct while in use', () => {
    const sim = new Simulator({ seed: 652 });
    const cluster = directActiveCluster(sim, [0, 0, 0, 1]);
    const ips = [...cluster.hsms.values()].map((hsm) => hsm.eniIp);
    expect(new Set(ips).size).toBe(ips.length);
    const subnet = sim.world.network.subnet(cluster.subnetMapping.get(azAt(sim, 0))!)!;
    const prefix = subnet.cidrBlock.split('.').slice(0, 2).join('.');
    for (const hsm of cluster.hsms.values()) expect(hsm.eniIp.startsWith(`${prefix}.`)).toBe(true);
  });

  // Regression: allocateAddress once derived the next address from the count of free addresses,
  // so a released address could be handed out while a live ENI still held it.
  it('world: network: an address released by a deleted HSM is not handed to a new HSM while another HSM holds it', () => {
    const sim = new Simulator({ seed: 653 });
    const cluster = directActiveCluster(sim, [0, 0]);
    const [first, second] = [...cluster.hsms.values()];
    must(deleteHsm(sim.world, cluster.clusterId, { hsmId: first!.hsmId }));
    sim.advanceMs(sim.world.timings.hsmDeleteMs);
    const third = must(createHsm(sim.world, cluster.clusterId, azAt(sim, 0)));
    expect(third.eniIp).not.toBe(second!.eniIp);
  });
});
