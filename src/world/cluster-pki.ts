/**
 * The certificates an uninitialized cluster's first HSM offers (CloudHSM user guide "Verify the
 * identity and authenticity of your cluster's HSM", docs/behaviour.md §2.5 Certificates):
 * - ClusterCsr: the request the customer's CA signs to initialize (claim) the cluster;
 * - HsmCertificate: the same HSM key, certified by the HSM hardware;
 * - AwsHardwareCertificate and ManufacturerHardwareCertificate: the hardware key, certified by
 *   AWS CloudHSM's root and by the manufacturer's root, so the HSM certificate verifies along both
 *   chains, and its public key equals the CSR's.
 * They exist only while the cluster is UNINITIALIZED and has an ACTIVE HSM; a cluster restored
 * from a backup is never initialized and has none.
 *
 * The real AWS and manufacturer roots sign with keys nobody outside has, so kmsim has its own
 * simulated roots (rootCertificates), clearly named as such: the structure is real and verifies,
 * the trust is not. Keys are ECDSA P-256 from labelled forks of the simulator's random stream
 * (forks draw nothing from their parent, so other ids and numbers do not shift), so one seed gives
 * the same certificates byte for byte (docs/fidelity.md).
 */
import { P256Key } from '../crypto/p256-key.js';
import { certificate, certificationRequest, type DistinguishedName, pem } from '../crypto/x509.js';
import { activeHsms, type Cluster } from './cluster.js';
import type { Hsm } from './hsm.js';
import type { World } from './world.js';

export interface ClusterCertificates {
  readonly clusterCsr: string;
  readonly hsmCertificate: string;
  readonly awsHardwareCertificate: string;
  readonly manufacturerHardwareCertificate: string;
}

const DAY_MS = 24 * 3_600_000;
const YEAR_MS = 365 * DAY_MS;

const AWS_ROOT: DistinguishedName = {
  C: 'US',
  O: 'kmsim simulated AWS CloudHSM',
  CN: 'kmsim simulated AWS CloudHSM root',
};
const MANUFACTURER_ROOT: DistinguishedName = {
  C: 'US',
  O: 'kmsim simulated HSM manufacturer',
  CN: 'kmsim simulated manufacturer root',
};

interface Party {
  readonly key: P256Key;
  readonly serial: bigint;
}

/** A key and a certificate serial (positive, under 2^127) from the fork named `label`. */
function party(world: World, label: string): Party {
  const stream = world.kernel.random.fork(`pki/${label}`);
  const key = P256Key.fromSeed(stream.bytes(32));
  const serialBytes = Buffer.from(stream.bytes(16));
  serialBytes[0] = serialBytes[0]! & 0x7f;
  return { key, serial: BigInt(`0x${serialBytes.toString('hex')}`) || 1n };
}

function selfSigned(world: World, dn: DistinguishedName, who: Party): string {
  const epochMs = world.kernel.clock.epochMs;
  return pem(
    'CERTIFICATE',
    certificate({
      serial: who.serial,
      subject: dn,
      subjectKey: who.key,
      issuer: dn,
      issuerKey: who.key,
      notBeforeMs: epochMs - 5 * YEAR_MS,
      notAfterMs: epochMs + 25 * YEAR_MS,
      ca: true,
    }),
  );
}

/** kmsim's stand-ins for the AWS CloudHSM and manufacturer root certificates of this world. */
export function rootCertificates(world: World): { awsRoot: string; manufacturerRoot: string } {
  return {
    awsRoot: selfSigned(world, AWS_ROOT, party(world, 'aws-root')),
    manufacturerRoot: selfSigned(world, MANUFACTURER_ROOT, party(world, 'manufacturer-root')),
  };
}

function hardwareName(hsm: Hsm): DistinguishedName {
  return {
    C: 'US',
    O: 'kmsim simulated HSM manufacturer',
    OU: hsm.hsmType,
    CN: `HSM hardware of ${hsm.hsmId}`,
  };
}

/** The HSM that generated the cluster's CSR: its first ACTIVE HSM, in creation order. */
function firstActiveHsm(cluster: Cluster): Hsm | undefined {
  return activeHsms(cluster)[0];
}

export function certificatesBeforeInitialization(
  world: World,
  cluster: Cluster,
): ClusterCertificates | undefined {
  if (cluster.state !== 'UNINITIALIZED' || cluster.sourceBackupId !== undefined) return undefined;
  const hsm = firstActiveHsm(cluster);
  if (hsm === undefined) return undefined;
  if (cluster.hsmCertificates?.hsmId !== hsm.hsmId)
    cluster.hsmCertificates = { hsmId: hsm.hsmId, certificates: generate(world, cluster, hsm) };
  return cluster.hsmCertificates.certificates;
}

/** A pure function of the seed, the ids, the mode and the creation time, so caching is invisible. */
function generate(world: World, cluster: Cluster, hsm: Hsm): ClusterCertificates {
  const epochMs = world.kernel.clock.epochMs;
  const awsRoot = party(world, 'aws-root');
  const manufacturerRoot = party(world, 'manufacturer-root');
  const hardware = party(world, `hardware/${hsm.hsmId}`);
  const clusterKey = party(world, `cluster/${cluster.clusterId}/${hsm.hsmId}`);
  const hardwareDn = hardwareName(hsm);
  const hardwareCertificate = (issuer: DistinguishedName, issuerParty: Party, serial: bigint) =>
    pem(
      'CERTIFICATE',
      certificate({
        serial,
        subject: hardwareDn,
        subjectKey: hardware.key,
        issuer,
        issuerKey: issuerParty.key,
        // The hardware was made and added to the fleet before the simulation began.
        notBeforeMs: epochMs - YEAR_MS,
        notAfterMs: epochMs + 20 * YEAR_MS,
        ca: true,
      }),
    );
  const hsmDn: DistinguishedName = {
    O: 'kmsim simulated HSM',
    OU: cluster.mode === 'NON_FIPS' ? 'non-FIPS mode' : 'FIPS mode',
    CN: `HSM ${hsm.hsmId} of ${cluster.clusterId}`,
  };
  const createdMs = epochMs + cluster.createdAtMs;
  return {
    clusterCsr: pem('CERTIFICATE REQUEST', certificationRequest(hsmDn, clusterKey.key)),
    hsmCertificate: pem(
      'CERTIFICATE',
      certificate({
        serial: clusterKey.serial,
        subject: hsmDn,
        subjectKey: clusterKey.key,
        issuer: hardwareDn,
        issuerKey: hardware.key,
        notBeforeMs: createdMs,
        notAfterMs: createdMs + 10 * YEAR_MS,
        ca: false,
      }),
    ),
    awsHardwareCertificate: hardwareCertificate(AWS_ROOT, awsRoot, hardware.serial),
    // The manufacturer numbers its certificates independently of AWS.
    manufacturerHardwareCertificate: hardwareCertificate(
      MANUFACTURER_ROOT,
      manufacturerRoot,
      hardware.serial ^ manufacturerRoot.serial || 1n,
    ),
  };
}
