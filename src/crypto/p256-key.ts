/**
 * ECDSA P-256 key pairs made from the simulator's seeded bytes, with deterministic signatures
 * (RFC 6979 §3.2, HMAC-SHA-256): the same seed gives the same keys, certificates and signatures
 * byte for byte. node:crypto cannot take a seed for key generation and signs ECDSA with a random
 * nonce, so the nonce is derived here and node:crypto only multiplies points (ECDH on the curve).
 * The output is ordinary ECDSA that any verifier accepts (test/crypto/p256-key.test.ts checks it
 * with node:crypto and OpenSSL). Insecure by design like all kmsim entropy: a test double.
 */
import { createECDH, createHash, createHmac } from 'node:crypto';
import { integer, sequence } from './der.js';

/** Order of the P-256 base point (SEC 2 §2.4.2). */
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const BYTES = 32;

function toBytes(value: bigint): Buffer {
  return Buffer.from(value.toString(16).padStart(BYTES * 2, '0'), 'hex');
}

function toBigInt(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/** Uncompressed point (04 ‖ X ‖ Y) of scalar·G. */
function multiplyBase(scalar: bigint): Buffer {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(toBytes(scalar));
  return ecdh.getPublicKey();
}

export class P256Key {
  /** 65 bytes, 04 ‖ X ‖ Y. */
  readonly publicPoint: Buffer;

  private constructor(private readonly d: bigint) {
    this.publicPoint = multiplyBase(d);
  }

  /** A key from at least 32 seeded bytes: the private scalar is their value reduced into [1, n-1]. */
  static fromSeed(seed: Uint8Array): P256Key {
    if (seed.length < BYTES) throw new RangeError(`a P-256 seed needs ${BYTES} bytes`);
    return new P256Key((toBigInt(seed.subarray(0, BYTES)) % (N - 1n)) + 1n);
  }

  /** DER `ECDSA-Sig-Value` (RFC 3279 §2.2.3) over SHA-256 of `message`. */
  sign(message: Uint8Array): Buffer {
    const digest = createHash('sha256').update(message).digest();
    const z = toBigInt(digest);
    for (const k of nonces(this.d, z)) {
      const r = toBigInt(multiplyBase(k).subarray(1, 1 + BYTES)) % N;
      if (r === 0n) continue;
      const s = (modPow(k, N - 2n, N) * ((z + r * this.d) % N)) % N;
      if (s === 0n) continue;
      return sequence(integer(r), integer(s));
    }
    throw new Error('unreachable: RFC 6979 yields a usable nonce');
  }
}

/** RFC 6979 §3.2 candidate nonces for private key `d` and message hash `z` (qlen = hlen = 256). */
function* nonces(d: bigint, z: bigint): Generator<bigint> {
  const hmac = (key: Buffer, ...parts: Buffer[]) =>
    createHmac('sha256', key).update(Buffer.concat(parts)).digest();
  const x = toBytes(d);
  const h1 = toBytes(z % N);
  let v = Buffer.alloc(BYTES, 0x01);
  let k = Buffer.alloc(BYTES, 0x00);
  k = hmac(k, v, Buffer.from([0x00]), x, h1);
  v = hmac(k, v);
  k = hmac(k, v, Buffer.from([0x01]), x, h1);
  v = hmac(k, v);
  for (;;) {
    v = hmac(k, v);
    const candidate = toBigInt(v);
    if (candidate >= 1n && candidate < N) yield candidate;
    k = hmac(k, v, Buffer.from([0x00]));
    v = hmac(k, v);
  }
}
