/**
 * The certificates an uninitialized cluster carries (world/cluster-pki.ts), read through the real
 * CloudHSMV2Client and checked the way the CloudHSM user guide's "verify the identity of your HSM"
 * steps do: the HSM certificate verifies along the AWS chain and the manufacturer chain (to kmsim's
 * simulated roots), and its public key is the CSR's. Then the guide's initialize flow with OpenSSL:
 * a customer CA signs the CSR and InitializeCluster takes the result.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InitializeClusterCommand, type Certificates } from '@aws-sdk/client-cloudhsm-v2';
import { rootCertificates } from '../../../src/world/cluster-pki.js';
import { KMSUSER_PASSWORD } from '../../support/connected-store.js';
import {
  createBareCluster,
  describeCluster,
  freshHsmWorld,
  type HsmWorld,
} from '../../support/keystore-cloudhsm.js';
import {
  addHsms,
  createClusterFromBackup,
  newestBackupId,
  settleBackups,
} from '../../support/keystore-world.js';
import { detectOpenssl, gate, OPENSSL_PATH } from '../../support/real-client-detection.js';

const openssl = gate(detectOpenssl());
const scratch = mkdtempSync(join(tmpdir(), 'kmsim-cluster-pki-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};

/** An UNINITIALIZED cluster with one ACTIVE HSM, and what DescribeClusters says about it. */
async function uninitialized(
  seed: number,
): Promise<{ w: HsmWorld; clusterId: string; certs: Certificates }> {
  const w = freshHsmWorld(seed);
  const { ClusterId } = await createBareCluster(w);
  await addHsms(w.sim, w.hsm, ClusterId!, [0]);
  const certs = (await describeCluster(w.hsm, ClusterId!))!.Certificates!;
  return { w, clusterId: ClusterId!, certs };
}

/** SubjectPublicKeyInfo DER of a PKCS#10 request: the third element of its first element. */
function requestPublicKey(csrPem: string): Buffer {
  const der = Buffer.from(csrPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const read = (at: number) => {
    const first = der[at + 1]!;
    const size = first & 0x80 ? first & 0x7f : 0;
    const length = size
      ? der.subarray(at + 2, at + 2 + size).reduce((n, b) => n * 256 + b, 0)
      : first;
    const start = at + 2 + size;
    return { at, start, end: start + length };
  };
  const info = read(read(0).start);
  const version = read(info.start);
  const subject = read(version.end);
  const spki = read(subject.end);
  return der.subarray(spki.at, spki.end);
}

describe('cloudhsm: certificates before InitializeCluster', () => {
  it('cloudhsm: certificates: an UNINITIALIZED cluster with an ACTIVE HSM carries the CSR, HSM, AWS hardware and manufacturer hardware certificates as PEM', async () => {
    const { certs } = await uninitialized(1501);
    expect(certs.ClusterCsr).toMatch(
      /^-----BEGIN CERTIFICATE REQUEST-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE REQUEST-----\n$/,
    );
    for (const pem of [
      certs.HsmCertificate,
      certs.AwsHardwareCertificate,
      certs.ManufacturerHardwareCertificate,
    ])
      expect(pem).toMatch(
        /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/,
      );
    expect(certs.ClusterCertificate).toBeUndefined();
  });

  it('cloudhsm: certificates: the HSM certificate verifies along the AWS chain and the manufacturer chain, and carries the CSR’s public key', async () => {
    const { w, certs } = await uninitialized(1502);
    const roots = rootCertificates(w.sim.world);
    const awsRoot = new X509Certificate(roots.awsRoot);
    const manufacturerRoot = new X509Certificate(roots.manufacturerRoot);
    const awsHardware = new X509Certificate(certs.AwsHardwareCertificate!);
    const manufacturerHardware = new X509Certificate(certs.ManufacturerHardwareCertificate!);
    const hsmCertificate = new X509Certificate(certs.HsmCertificate!);
    expect(awsHardware.verify(awsRoot.publicKey)).toBe(true);
    expect(manufacturerHardware.verify(manufacturerRoot.publicKey)).toBe(true);
    expect(awsHardware.verify(manufacturerRoot.publicKey)).toBe(false);
    expect(hsmCertificate.checkIssued(awsHardware)).toBe(true);
    expect(hsmCertificate.checkIssued(manufacturerHardware)).toBe(true);
    expect(hsmCertificate.verify(awsHardware.publicKey)).toBe(true);
    expect(awsHardware.publicKey.equals(manufacturerHardware.publicKey)).toBe(true);
    expect(awsRoot.subject).toMatch(/simulated/);
    const hsmKey = hsmCertificate.publicKey.export({ type: 'spki', format: 'der' });
    expect(requestPublicKey(certs.ClusterCsr!).equals(hsmKey)).toBe(true);
  });

  it('cloudhsm: certificates: the same seed gives the same certificates byte for byte; another seed other ones; rendering twice changes nothing', async () => {
    const first = await uninitialized(1503);
    const again = await uninitialized(1503);
    const other = await uninitialized(1504);
    expect(again.certs).toEqual(first.certs);
    expect(other.certs.ClusterCsr).not.toBe(first.certs.ClusterCsr);
    expect((await describeCluster(first.w.hsm, first.clusterId))!.Certificates).toEqual(
      first.certs,
    );
  });

  it('cloudhsm: certificates: none before an HSM is ACTIVE, none once InitializeCluster is under way, none on a cluster restored from a backup', async () => {
    const w = freshHsmWorld(1505);
    const { ClusterId } = await createBareCluster(w);
    expect((await describeCluster(w.hsm, ClusterId!))!.Certificates).toEqual({});
    await addHsms(w.sim, w.hsm, ClusterId!, [0]);
    const { Certificates } = (await describeCluster(w.hsm, ClusterId!))!;
    const anchor = rootCertificates(w.sim.world).awsRoot;
    await w.hsm.send(
      new InitializeClusterCommand({
        ClusterId,
        SignedCert: Certificates!.HsmCertificate!,
        TrustAnchor: anchor,
      }),
    );
    expect((await describeCluster(w.hsm, ClusterId!))!.Certificates).toEqual({
      ClusterCertificate: Certificates!.HsmCertificate,
    });
    w.sim.advanceMs(w.sim.world.timings.clusterInitializeMs);
    w.sim.activateCluster(ClusterId!, KMSUSER_PASSWORD);
    settleBackups(w.sim);
    const restoredId = await createClusterFromBackup(
      w.sim,
      w.hsm,
      await newestBackupId(w.hsm, ClusterId!),
    );
    await addHsms(w.sim, w.hsm, restoredId, [1]);
    const restored = (await describeCluster(w.hsm, restoredId))!;
    expect(restored.State).toBe('ACTIVE');
    expect(restored.Certificates?.ClusterCsr).toBeUndefined();
    expect(restored.Certificates?.HsmCertificate).toBeUndefined();
  });

  if (openssl.mustFail)
    it('cloudhsm: certificates: OpenSSL is required in CI', () => {
      throw new Error(openssl.message);
    });
  it.skipIf(openssl.skip)(
    'cloudhsm: certificates: the user guide’s flow with OpenSSL — verify both chains and the CSR, sign the CSR with a customer CA, InitializeCluster with the result',
    async () => {
      const { w, clusterId, certs } = await uninitialized(1506);
      const run = (...args: string[]) =>
        execFileSync(OPENSSL_PATH, args, {
          cwd: scratch,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      const roots = rootCertificates(w.sim.world);
      const at = String(Math.floor(w.sim.world.kernel.clock.epochMs / 1000) + 3600);
      file('aws-root.pem', roots.awsRoot);
      file('manufacturer-root.pem', roots.manufacturerRoot);
      file('aws-hw.pem', certs.AwsHardwareCertificate!);
      file('man-hw.pem', certs.ManufacturerHardwareCertificate!);
      file('hsm.pem', certs.HsmCertificate!);
      file('cluster.csr', certs.ClusterCsr!);
      // The HSM certificate chains to each root through that root's hardware certificate.
      const verifyHsm = (root: string, hardware: string): string =>
        run('verify', '-attime', at, '-CAfile', root, '-untrusted', hardware, 'hsm.pem').trim();
      expect(verifyHsm('aws-root.pem', 'aws-hw.pem')).toBe('hsm.pem: OK');
      expect(verifyHsm('manufacturer-root.pem', 'man-hw.pem')).toBe('hsm.pem: OK');
      expect(run('req', '-in', 'cluster.csr', '-noout', '-pubkey')).toBe(
        run('x509', '-in', 'hsm.pem', '-noout', '-pubkey'),
      );
      // The customer's CA, as the guide builds it, signs the cluster CSR.
      run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'customerCA.key');
      run(
        'req',
        '-new',
        '-x509',
        '-days',
        '3652',
        '-key',
        'customerCA.key',
        '-subj',
        '/CN=customer CA',
        '-out',
        'customerCA.crt',
      );
      run(
        'x509',
        '-req',
        '-days',
        '3652',
        '-in',
        'cluster.csr',
        '-CA',
        'customerCA.crt',
        '-CAkey',
        'customerCA.key',
        '-CAcreateserial',
        '-out',
        'cluster.crt',
      );
      const signedCert = readFileSync(join(scratch, 'cluster.crt'), 'utf8');
      const trustAnchor = readFileSync(join(scratch, 'customerCA.crt'), 'utf8');
      const out = await w.hsm.send(
        new InitializeClusterCommand({
          ClusterId: clusterId,
          SignedCert: signedCert,
          TrustAnchor: trustAnchor,
        }),
      );
      expect(out.State).toBe('INITIALIZE_IN_PROGRESS');
      w.sim.advanceMs(w.sim.world.timings.clusterInitializeMs);
      const initialized = (await describeCluster(w.hsm, clusterId))!;
      expect(initialized.State).toBe('INITIALIZED');
      expect(initialized.Certificates).toEqual({ ClusterCertificate: signedCert });
    },
  );
});
