/**
 * The "does nothing" counterparts of kmsim: each answers every request with the same canned 200
 * Encrypt response, captured once from the simulator itself, so the SDK parses exactly the same
 * bytes on both sides of a comparison.
 */
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
 * An SDK request handler that does nothing but return the canned response, shaped like kmsim's
 * in-process handler returns its answers (statusCode, headers, a Readable body), so the two differ
 * only in what produces the response.
 */
export class CannedRequestHandler {
  metadata = { handlerProtocol: 'http/1.1' };
  #config = {};

  constructor(canned) {
    this.canned = canned;
  }

  async handle() {
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
