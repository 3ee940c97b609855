/**
 * The certificates and requests crypto/x509.ts builds are real: node:crypto parses and verifies
 * them, OpenSSL verifies a chain and a request, signatures are deterministic ECDSA that any verifier
 * accepts, and the same seed gives the same bytes.
 */
import { execFileSync } from 'node:child_process';
import { verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { P256Key } from '../../src/crypto/p256-key.js';
import { certificate, certificationRequest, pem } from '../../src/crypto/x509.js';
import { RandomStream } from '../../src/sim/random.js';
import { detectOpenssl, gate, OPENSSL_PATH } from '../support/real-client-detection.js';

const OPENSSL = OPENSSL_PATH;
const openssl = gate(detectOpenssl());
const T0 = Date.UTC(2026, 0, 1);
const YEAR = 365 * 24 * 3_600_000;

const key = (label: string) => P256Key.fromSeed(new RandomStream(`x509-test/${label}`).bytes(32));
const root = key('root');
const middle = key('middle');
const leaf = key('leaf');
const ROOT_DN = { C: 'US', O: 'kmsim test', CN: 'test root' };
const MIDDLE_DN = { C: 'US', O: 'kmsim test', OU: 'hardware', CN: 'test middle' };
const LEAF_DN = { CN: 'HSM:test:PARTN:1' };

const rootDer = certificate({
  serial: 1n,
  subject: ROOT_DN,
  subjectKey: root,
  issuer: ROOT_DN,
  issuerKey: root,
  notBeforeMs: T0 - YEAR,
  // Past 2049: GeneralizedTime.
  notAfterMs: T0 + 30 * YEAR,
  ca: true,
});
const middleDer = certificate({
  serial: 0x80n,
  subject: MIDDLE_DN,
  subjectKey: middle,
  issuer: ROOT_DN,
  issuerKey: root,
  notBeforeMs: T0 - YEAR,
  notAfterMs: T0 + 10 * YEAR,
  ca: true,
});
const leafDer = certificate({
  serial: 0xdeadbeefn,
  subject: LEAF_DN,
  subjectKey: leaf,
  issuer: MIDDLE_DN,
  issuerKey: middle,
  notBeforeMs: T0,
  notAfterMs: T0 + 10 * YEAR,
  ca: false,
});
const csrDer = certificationRequest(LEAF_DN, leaf);

const scratch = mkdtempSync(join(tmpdir(), 'kmsim-x509-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

describe('crypto: x509', () => {
  it('crypto: x509: node:crypto parses the chain, each signature verifies under its issuer, names and validity are as built', () => {
    const [r, m, l] = [rootDer, middleDer, leafDer].map(
      (der) => new X509Certificate(pem('CERTIFICATE', der)),
    );
    expect(r!.verify(r!.publicKey)).toBe(true);
    expect(m!.verify(r!.publicKey)).toBe(true);
    expect(l!.verify(m!.publicKey)).toBe(true);
    expect(l!.verify(r!.publicKey)).toBe(false);
    expect(m!.checkIssued(r!)).toBe(true);
    expect(l!.checkIssued(m!)).toBe(true);
    expect(r!.ca).toBe(true);
    expect(l!.ca).toBe(false);
    expect(l!.subject).toBe('CN=HSM:test:PARTN:1');
    expect(m!.subject).toBe('C=US\nO=kmsim test\nOU=hardware\nCN=test middle');
    expect(l!.serialNumber.toUpperCase()).toBe('DEADBEEF');
    expect(m!.serialNumber).toBe('80');
    expect(new Date(l!.validFrom).getTime()).toBe(T0);
    expect(new Date(r!.validTo).getTime()).toBe(T0 + 30 * YEAR);
    expect(l!.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
  });

  it('crypto: x509: the request is signed by the key it carries (verified with node:crypto)', () => {
    // CertificationRequest ::= SEQUENCE { info, algorithm, signature }; walk the outer TLVs.
    const tlvAt = (der: Buffer, at: number) => {
      const first = der[at + 1]!;
      const lengthBytes = first & 0x80 ? first & 0x7f : 0;
      const length = lengthBytes
        ? der.subarray(at + 2, at + 2 + lengthBytes).reduce((n, b) => n * 256 + b, 0)
        : first;
      const start = at + 2 + lengthBytes;
      return { start, end: start + length, whole: der.subarray(at, start + length) };
    };
    const outer = tlvAt(csrDer, 0);
    const info = tlvAt(csrDer, outer.start);
    const algorithm = tlvAt(csrDer, info.end);
    const signature = tlvAt(csrDer, algorithm.end);
    const signatureBytes = csrDer.subarray(signature.start + 1, signature.end);
    const publicKey = new X509Certificate(pem('CERTIFICATE', leafDer)).publicKey;
    expect(verify('sha256', info.whole, publicKey, signatureBytes)).toBe(true);
    expect(
      verify('sha256', Buffer.concat([info.whole, Buffer.from([0])]), publicKey, signatureBytes),
    ).toBe(false);
  });

  it('crypto: x509: the same keys give the same bytes; another seed gives other bytes', () => {
    expect(certificationRequest(LEAF_DN, key('leaf')).equals(csrDer)).toBe(true);
    expect(certificationRequest(LEAF_DN, key('other')).equals(csrDer)).toBe(false);
    expect(
      key('leaf')
        .sign(Buffer.from('m'))
        .equals(leaf.sign(Buffer.from('m'))),
    ).toBe(true);
  });

  if (openssl.mustFail)
    it('crypto: x509: OpenSSL is required in CI', () => {
      throw new Error(openssl.message);
    });
  it.skipIf(openssl.skip)(
    'crypto: x509: OpenSSL verifies the chain at a time inside the validity and the request, and reads the subject',
    () => {
      const rootFile = file('root.pem', pem('CERTIFICATE', rootDer));
      const middleFile = file('middle.pem', pem('CERTIFICATE', middleDer));
      const leafFile = file('leaf.pem', pem('CERTIFICATE', leafDer));
      const csrFile = file('leaf.csr', pem('CERTIFICATE REQUEST', csrDer));
      const at = String(T0 / 1000 + 3600);
      const verified = execFileSync(
        OPENSSL,
        ['verify', '-attime', at, '-CAfile', rootFile, '-untrusted', middleFile, leafFile],
        { encoding: 'utf8' },
      );
      expect(verified.trim()).toBe(`${leafFile}: OK`);
      const request = execFileSync(
        OPENSSL,
        ['req', '-in', csrFile, '-noout', '-verify', '-subject'],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      expect(request).toContain('subject=CN = HSM:test:PARTN:1');
    },
  );
});
