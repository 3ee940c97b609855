/**
 * X.509 v3 certificates (RFC 5280) and PKCS#10 certification requests (RFC 2986) with ECDSA P-256
 * keys and ecdsa-with-SHA256 signatures, PEM-armoured (RFC 7468). Enough for the HSM certificates
 * CloudHSM shows before a cluster is initialized (world/cluster-pki.ts): real structures that
 * OpenSSL and node:crypto parse and verify.
 */
import { createHash } from 'node:crypto';
import {
  bitString,
  booleanValue,
  explicit,
  integer,
  namedBits,
  objectIdentifier,
  octetString,
  printableString,
  sequence,
  set,
  time,
  tlv,
  utf8String,
} from './der.js';
import type { P256Key } from './p256-key.js';

const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  prime256v1: '1.2.840.10045.3.1.7',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  country: '2.5.4.6',
  state: '2.5.4.8',
  locality: '2.5.4.7',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
} as const;

/** KeyUsage bits (RFC 5280 §4.2.1.3). */
const DIGITAL_SIGNATURE = 0;
const KEY_CERT_SIGN = 5;
const CRL_SIGN = 6;

export interface DistinguishedName {
  readonly C?: string;
  readonly ST?: string;
  readonly L?: string;
  readonly O?: string;
  readonly OU?: string;
  readonly CN: string;
}

export interface CertificateSpec {
  readonly serial: bigint;
  readonly subject: DistinguishedName;
  readonly subjectKey: P256Key;
  readonly issuer: DistinguishedName;
  readonly issuerKey: P256Key;
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
  /** A CA certificate may sign others (basicConstraints cA, keyCertSign). */
  readonly ca: boolean;
}

function name(dn: DistinguishedName): Buffer {
  const rdn = (oid: string, value: Buffer) => set(sequence(objectIdentifier(oid), value));
  const parts: Buffer[] = [];
  if (dn.C !== undefined) parts.push(rdn(OID.country, printableString(dn.C)));
  if (dn.ST !== undefined) parts.push(rdn(OID.state, utf8String(dn.ST)));
  if (dn.L !== undefined) parts.push(rdn(OID.locality, utf8String(dn.L)));
  if (dn.O !== undefined) parts.push(rdn(OID.organization, utf8String(dn.O)));
  if (dn.OU !== undefined) parts.push(rdn(OID.organizationalUnit, utf8String(dn.OU)));
  parts.push(rdn(OID.commonName, utf8String(dn.CN)));
  return sequence(...parts);
}

function subjectPublicKeyInfo(key: P256Key): Buffer {
  return sequence(
    sequence(objectIdentifier(OID.ecPublicKey), objectIdentifier(OID.prime256v1)),
    bitString(key.publicPoint),
  );
}

const SIGNATURE_ALGORITHM = sequence(objectIdentifier(OID.ecdsaWithSha256));

function keyIdentifier(key: P256Key): Buffer {
  return createHash('sha1').update(key.publicPoint).digest();
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? sequence(objectIdentifier(oid), booleanValue(true), octetString(value))
    : sequence(objectIdentifier(oid), octetString(value));
}

function signed(body: Buffer, signer: P256Key): Buffer {
  return sequence(body, SIGNATURE_ALGORITHM, bitString(signer.sign(body)));
}

export function pem(label: string, der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** DER of a signed X.509 v3 certificate. */
export function certificate(spec: CertificateSpec): Buffer {
  const extensions = [
    extension(OID.basicConstraints, true, sequence(...(spec.ca ? [booleanValue(true)] : []))),
    extension(
      OID.keyUsage,
      true,
      namedBits(spec.ca ? [KEY_CERT_SIGN, CRL_SIGN] : [DIGITAL_SIGNATURE]),
    ),
    extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(spec.subjectKey))),
    extension(
      OID.authorityKeyIdentifier,
      false,
      sequence(tlv(0x80, keyIdentifier(spec.issuerKey))),
    ),
  ];
  const tbs = sequence(
    explicit(0, integer(2n)),
    integer(spec.serial),
    SIGNATURE_ALGORITHM,
    name(spec.issuer),
    sequence(time(spec.notBeforeMs), time(spec.notAfterMs)),
    name(spec.subject),
    subjectPublicKeyInfo(spec.subjectKey),
    explicit(3, sequence(...extensions)),
  );
  return signed(tbs, spec.issuerKey);
}

/** DER of a PKCS#10 request for `subject`, signed by the key it certifies, with no attributes. */
export function certificationRequest(subject: DistinguishedName, key: P256Key): Buffer {
  const info = sequence(
    integer(0n),
    name(subject),
    subjectPublicKeyInfo(key),
    tlv(0xa0, Buffer.alloc(0)),
  );
  return signed(info, key);
}
