/**
 * crypto/: the virtual HSM's cryptography. Sits beside sim/ at the bottom of the stack (world/
 * holds key objects in clusters and backups, kms/ seals and opens blobs).
 * - key-object-store.ts  key objects by handle; cloned into backups
 * - aes-gcm.ts           real AES-256-GCM (node:crypto) with caller-supplied IVs
 * - encryption-context.ts canonical AAD bytes for an encryption context
 * - ciphertext-blob.ts   the blob format: header naming the key, GCM body, context bound as AAD
 * - der.ts               the ASN.1 DER encodings certificates need
 * - p256-key.ts          seeded ECDSA P-256 keys with deterministic (RFC 6979) signatures
 * - x509.ts              X.509 certificates and PKCS#10 requests, PEM-armoured
 */
export * from './key-object-store.js';
export * from './aes-gcm.js';
export * from './encryption-context.js';
export * from './ciphertext-blob.js';
export * from './p256-key.js';
export * from './x509.js';
