/**
 * The "does nothing" counterparts of kmsim: each answers every request with the same canned 200
 * Encrypt response, captured once from the simulator itself, so the SDK parses exactly the same
 * bytes on both sides of a comparison.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

export const PLAINTEXT = new Uint8Array(32).fill(7);

/** Fresh fake static credentials per client (the SDK writes a marker into the object it is given). */
export function benchCredentials() {
  return {
    accessKeyId: 'AKIAKMSIMBENCHEXAMPLE',
    secretAccessKey: 'kmsim/bench/not-a-real-aws-key/EXAMPLE',
  };
}

export function encryptBody(keyId, plaintext = PLAINTEXT) {
  return JSON.stringify({ KeyId: keyId, Plaintext: Buffer.from(plaintext).toString('base64') });
}

/** One real Encrypt response from `sim`, to replay: status, the headers that matter, body text. */
export function captureEncryptResponse(sim, keyId) {
  const response = sim.handleWireSync({
    target: 'TrentService.Encrypt',
    body: encryptBody(keyId),
    headers: {},
  });
  if (response.status !== 200)
    throw new Error(
      `capturing the canned Encrypt response failed: ${response.status} ${response.body}`,
    );
  const headers = {
    'content-type': response.headers['content-type'],
    'x-amzn-requestid': response.headers['x-amzn-requestid'],
    'content-length': String(Buffer.byteLength(response.body, 'utf8')),
  };
  return { status: 200, headers, body: response.body, bytes: Buffer.from(response.body, 'utf8') };
}

/**
 * One AES-256-GCM seal of PLAINTEXT per call (a counter IV, a 2-byte AAD), the crypto an Encrypt
 * does in the virtual HSM and nothing else. A do-nothing side that also calls it shows how close the
 * transport comparisons can come to 1 with the crypto kmsim must do (docs/benchmarks.md).
 */
export function gcmSealer() {
  const key = randomBytes(32);
  const aad = Buffer.from('{}');
  const iv = Buffer.alloc(12);
  let counter = 0;
  return () => {
    iv.writeUInt32BE(++counter >>> 0, 8);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
    cipher.setAAD(aad);
    cipher.update(PLAINTEXT);
    cipher.final();
    return cipher.getAuthTag();
  };
}

/**
 * An SDK request handler that does nothing but return the canned response (after one `seal()`, when
 * given one), shaped like kmsim's in-process handler returns its answers (statusCode, headers, a
 * Readable body), so the two differ only in what produces the response.
 */
export class CannedRequestHandler {
  metadata = { handlerProtocol: 'http/1.1' };
  #config = {};

  constructor(canned, seal) {
    this.canned = canned;
    this.seal = seal;
  }

  async handle() {
    this.seal?.();
    const { status, headers, bytes } = this.canned;
    return {
      response: { statusCode: status, headers: { ...headers }, body: Readable.from([bytes]) },
    };
  }

  updateHttpClientConfig(key, value) {
    this.#config = { ...this.#config, [key]: value };
  }

  httpHandlerConfigs() {
    return this.#config;
  }

  destroy() {}
}
