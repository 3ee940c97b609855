import { Readable } from 'node:stream';
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  EncryptCommand,
  type KMSClientConfig,
} from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { VirtualTimeDriver } from '../../src/sim/driver.js';
import { createKmsClient } from '../../src/transport/sdk-clients.js';
import { buildConnectedWorld, type ConnectedWorld } from '../support/connected-store.js';
import { createStoreKey } from '../support/keystore-world.js';
import { errorIdentity, recordingLogger } from '../support/sdk-error-observations.js';
import {
  InProcessHttpHandler,
  toWireRequest,
  type SdkHttpRequestLike,
} from '../../src/transport/in-process-handler.js';
import type { WireResponse } from '../../src/protocol/wire.js';
import { Simulator } from '../../src/simulator.js';
import type { SimEndpoint } from '../../src/transport/sim-endpoint.js';
import { FakeEndpoint, json } from './fake-endpoint.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

function request(body: unknown, headers: Record<string, string> = {}): SdkHttpRequestLike {
  return {
    method: 'POST',
    hostname: 'kms.us-east-1.amazonaws.com',
    path: '/',
    headers: {
      'X-Amz-Target': 'TrentService.ListKeys',
      'Content-Type': 'application/x-amz-json-1.1',
      ...headers,
    },
    body,
  };
}

async function collect(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

describe('in-process handler: request conversion', () => {
  it('reads string, byte, Readable and missing bodies as text', async () => {
    expect((await toWireRequest(request('{"Limit":1}'))).body).toBe('{"Limit":1}');
    expect((await toWireRequest(request(new TextEncoder().encode('{"A":"é"}')))).body).toBe(
      '{"A":"é"}',
    );
    expect(
      (await toWireRequest(request(Readable.from([Buffer.from('{"B":'), Buffer.from('2}')])))).body,
    ).toBe('{"B":2}');
    expect((await toWireRequest(request(undefined))).body).toBe('');
  });

  it('routes on the X-Amz-Target header and lower-cases header names', async () => {
    const wire = await toWireRequest({ ...request('{}'), port: 4599 });
    expect(wire.target).toBe('TrentService.ListKeys');
    expect(wire.headers['x-amz-target']).toBe('TrentService.ListKeys');
    expect(wire.headers['X-Amz-Target']).toBeUndefined();
    expect(wire.host).toBe('kms.us-east-1.amazonaws.com:4599');
  });

  it('passes lower-case string headers as they are and turns any other value into a string', async () => {
    const lower = { 'x-amz-target': 'TrentService.ListKeys', 'content-length': '2' };
    const wire = await toWireRequest({ ...request('{}'), headers: lower });
    expect(wire.headers).toEqual(lower);
    const numeric = { ...lower, 'content-length': 2 as unknown as string };
    const converted = await toWireRequest({ ...request('{}'), headers: numeric });
    expect(converted.headers['content-length']).toBe('2');
  });

  it('gives an empty target when the header is missing', async () => {
    const wire = await toWireRequest({ ...request('{}'), headers: { 'content-type': 'x' } });
    expect(wire.target).toBe('');
  });
});

describe('in-process handler: responses', () => {
  it('returns status, headers and the body bytes as a Readable', async () => {
    const fake = new FakeEndpoint(() =>
      json(400, { __type: 'NotFoundException', message: 'nope' }),
    );
    const { response } = await new InProcessHttpHandler(fake).handle(request('{}'));
    expect(response.statusCode).toBe(400);
    expect(response.headers['x-amzn-requestid']).toBe('fake-request-id');
    expect(response.body).toBeInstanceOf(Readable);
    const text = await collect(response.body);
    expect(JSON.parse(text)).toEqual({ __type: 'NotFoundException', message: 'nope' });
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(text)));
  });

  it('turns a throwing endpoint into a non-retryable 400 KmsimSimulatorBugException', async () => {
    const fake = new FakeEndpoint(() => {
      throw new Error('invariant broke');
    });
    const { response } = await new InProcessHttpHandler(fake).handle(request('{}'));
    expect(response.statusCode).toBe(400);
    const body = JSON.parse(await collect(response.body)) as Record<string, string>;
    expect(body['__type']).toBe('KmsimSimulatorBugException');
    expect(body['message']).toContain('invariant broke');
  });

  it('keeps the handler config the SDK extension mechanism updates', () => {
    const handler = new InProcessHttpHandler(new FakeEndpoint());
    handler.updateHttpClientConfig('requestTimeout', 5);
    expect(handler.httpHandlerConfigs()).toEqual({ requestTimeout: 5 });
  });

  it('takes the client logger the SDK hands over as Symbol.for("logger"), unless the handler was given its own (as the node handler does)', () => {
    const clientLogger = { warn: () => {} };
    const handlerLogger = { warn: () => {} };
    const bare = new InProcessHttpHandler(new FakeEndpoint());
    bare.updateHttpClientConfig(Symbol.for('logger'), clientLogger);
    expect(bare.httpHandlerConfigs().logger).toBe(clientLogger);
    const own = new InProcessHttpHandler(new FakeEndpoint(), { logger: handlerLogger });
    own.updateHttpClientConfig(Symbol.for('logger'), clientLogger);
    expect(own.httpHandlerConfigs().logger).toBe(handlerLogger);
  });
});

describe('in-process handler: answering at once outside a driver run', () => {
  /** The simulator behind a SimEndpoint without handleWireNow: every request goes through handleWire. */
  function throughHandleWire(sim: Simulator): SimEndpoint {
    return new Proxy(sim, {
      get(target, name) {
        if (name === 'handleWireNow') return undefined;
        const value = Reflect.get(target, name, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  it('gives the same answers, trace and latency stream as handleWire', async () => {
    const results: { bodies: string[]; fingerprint: string; nextLatency: number }[] = [];
    for (const wrap of [(sim: Simulator): SimEndpoint => sim, throughHandleWire]) {
      const sim = new Simulator({ seed: 'answer-now' });
      const kms = createKmsClient(wrap(sim), { maxAttempts: 1 });
      const bodies: string[] = [];
      const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
      const keyId = KeyMetadata?.KeyId ?? '';
      for (const plaintext of ['one', 'two']) {
        const out = await kms.send(
          new EncryptCommand({ KeyId: keyId, Plaintext: new TextEncoder().encode(plaintext) }),
        );
        bodies.push(Buffer.from(out.CiphertextBlob ?? []).toString('base64'));
      }
      const refused = await kms
        .send(new DescribeKeyCommand({ KeyId: 'alias/none' }))
        .catch((error: Error) => error.name);
      bodies.push(String(refused));
      kms.destroy();
      results.push({
        bodies,
        fingerprint: sim.traceFingerprint(),
        // handleWire draws a latency per request even when nothing waits; so must the fast path.
        nextLatency: sim.world.latency.sample('Encrypt'),
      });
    }
    expect(results[0]?.bodies).toContain('NotFoundException');
    expect(results[0]).toEqual(results[1]);
  });
});

describe('in-process handler: abort', () => {
  it('rejects at once with AbortError when the signal is already aborted, without calling the endpoint', async () => {
    const fake = new FakeEndpoint();
    const controller = new AbortController();
    controller.abort();
    await expect(
      new InProcessHttpHandler(fake).handle(request('{}'), { abortSignal: controller.signal }),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('rejects with AbortError when aborted while the endpoint is still working', async () => {
    let release!: (value: WireResponse) => void;
    const fake = new FakeEndpoint(
      () => new Promise<WireResponse>((resolve) => (release = resolve)),
    );
    const controller = new AbortController();
    const pending = new InProcessHttpHandler(fake).handle(request('{}'), {
      abortSignal: controller.signal,
    });
    await Promise.resolve();
    controller.abort(new Error('user gave up'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError', message: 'Request aborted' });
    release(json(200, {}));
  });

  it('honours the legacy { aborted, onabort } signal shape of the older SDK generation', async () => {
    let release!: (value: WireResponse) => void;
    const fake = new FakeEndpoint(
      () => new Promise<WireResponse>((resolve) => (release = resolve)),
    );
    const legacy: { aborted: boolean; onabort: ((this: unknown) => void) | null } = {
      aborted: false,
      onabort: null,
    };
    const pending = new InProcessHttpHandler(fake).handle(request('{}'), { abortSignal: legacy });
    await Promise.resolve();
    legacy.aborted = true;
    legacy.onabort?.call(legacy);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    release(json(200, {}));
  });

  it('resolves normally when the signal never fires', async () => {
    const controller = new AbortController();
    const { response } = await new InProcessHttpHandler(new FakeEndpoint()).handle(request('{}'), {
      abortSignal: controller.signal,
    });
    expect(response.statusCode).toBe(200);
  });
});

/**
 * A real KMSClient on the in-process handler inside a VirtualTimeDriver run: the client's timeouts
 * and abort signal end the attempt at exactly the virtual time they fire (issue #13 §1).
 */
describe('in-process handler: timeouts and abort in virtual time', () => {
  interface Outcome {
    readonly error?: Error & { code?: string };
    readonly elapsedMs: number;
  }

  async function encrypt(
    w: ConnectedWorld,
    keyId: string,
    options: {
      requestHandler?: Record<string, unknown>;
      abortAfterMs?: number;
      logger?: KMSClientConfig['logger'];
    },
  ): Promise<Outcome> {
    const kms = createKmsClient(w.sim, {
      maxAttempts: 1,
      ...(options.requestHandler ? { requestHandler: options.requestHandler } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    return new VirtualTimeDriver(w.sim.kernel).run(async () => {
      const controller = new AbortController();
      if (options.abortAfterMs !== undefined)
        setTimeout(() => controller.abort(), options.abortAfterMs);
      const start = w.sim.nowMs;
      try {
        await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }), {
          abortSignal: controller.signal,
        });
        return { elapsedMs: w.sim.nowMs - start };
      } catch (error) {
        return { error: error as Outcome['error'], elapsedMs: w.sim.nowMs - start };
      }
    });
  }

  async function world(seed: number, fault: (w: ConnectedWorld) => void) {
    const w = await buildConnectedWorld(seed);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    fault(w);
    return { w, keyId: key.KeyId! };
  }

  const slowHsm = (w: ConnectedWorld) =>
    w.sim.inject('slow-hsm', { clusterId: w.clusterId, latencyMs: 3_000 });

  it('an abortSignal fired while the HSM is slow rejects with AbortError at that virtual time', async () => {
    const { w, keyId } = await world(7201, slowHsm);
    const outcome = await encrypt(w, keyId, { abortAfterMs: 1_500 });
    expect({ name: outcome.error?.name, message: outcome.error?.message }).toEqual({
      name: 'AbortError',
      message: 'Request aborted',
    });
    expect(outcome.elapsedMs).toBe(1_500);
  });

  it("requestTimeout with throwOnRequestTimeout rejects at exactly that virtual time with the node handler's TimeoutError/ETIMEDOUT", async () => {
    const { w, keyId } = await world(7202, slowHsm);
    const outcome = await encrypt(w, keyId, {
      requestHandler: { requestTimeout: 2_000, throwOnRequestTimeout: true },
    });
    expect(errorIdentity(outcome.error)).toEqual({
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
      message:
        '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 2000 ms requestTimeout.',
    });
    expect(outcome.elapsedMs).toBe(2_000);
    const [timedOut] = w.sim.kernel.trace.ofKind('client.request-timeout');
    expect(timedOut?.data).toEqual({
      client: null,
      operation: 'Encrypt',
      timeoutMs: 2_000,
      thrown: true,
      apiCallSeq: expect.any(Number),
    });
    // It names the attempt the service saw: that request's api.call event.
    const abandoned = w.sim.kernel.trace.all().find((e) => e.seq === timedOut?.data['apiCallSeq']);
    expect({ kind: abandoned?.kind, operation: abandoned?.data['operation'] }).toEqual({
      kind: 'api.call',
      operation: 'Encrypt',
    });
  });

  it("requestTimeout alone only warns, to the handler's logger at that virtual time, and the slow answer still arrives", async () => {
    const { w, keyId } = await world(7205, slowHsm);
    const { warnings, logger } = recordingLogger(w);
    const start = w.sim.nowMs;
    const outcome = await encrypt(w, keyId, { requestHandler: { requestTimeout: 2_000, logger } });
    expect(outcome.error).toBeUndefined();
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(3_000);
    expect(warnings).toEqual([
      {
        text: '@smithy/node-http-handler - [WARN] a request has exceeded the configured 2000 ms requestTimeout. Init client requestHandler with throwOnRequestTimeout=true to turn this into an error.',
        atMs: start + 2_000,
      },
    ]);
    expect(w.sim.kernel.trace.ofKind('client.request-timeout').map((e) => e.data)).toEqual([
      {
        client: null,
        operation: 'Encrypt',
        timeoutMs: 2_000,
        thrown: false,
        apiCallSeq: expect.any(Number),
      },
    ]);
  });

  it("the client's own logger gets the warning (handed over by the SDK), and none comes when the answer beats the timeout", async () => {
    const { w, keyId } = await world(7206, slowHsm);
    const { warnings, logger } = recordingLogger(w);
    const slow = await encrypt(w, keyId, { requestHandler: { requestTimeout: 2_000 }, logger });
    expect(slow.error).toBeUndefined();
    expect(warnings.map((warning) => warning.text)).toEqual([
      expect.stringContaining(
        '[WARN] a request has exceeded the configured 2000 ms requestTimeout.',
      ),
    ]);
    const fast = await encrypt(w, keyId, { requestHandler: { requestTimeout: 60_000 }, logger });
    expect(fast.error).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(w.sim.kernel.trace.ofKind('client.request-timeout')).toHaveLength(1);
  });

  it("a socketTimeout shorter than the slow HSM rejects with the node handler's inactivity TimeoutError at exactly that virtual time", async () => {
    const { w, keyId } = await world(7207, slowHsm);
    const outcome = await encrypt(w, keyId, { requestHandler: { socketTimeout: 2_500 } });
    expect(errorIdentity(outcome.error)).toEqual({
      name: 'TimeoutError',
      code: undefined,
      message:
        '@smithy/node-http-handler - the request socket timed out after 2500 ms of inactivity (configured by client requestHandler).',
    });
    expect(outcome.elapsedMs).toBe(2_500);
    expect(w.sim.kernel.trace.ofKind('client.socket-timeout').map((e) => e.data)).toEqual([
      {
        client: null,
        operation: 'Encrypt',
        timeoutMs: 2_500,
        thrown: true,
        apiCallSeq: expect.any(Number),
      },
    ]);
  });

  it('a socketTimeout of 6 s or more is armed 3 s late, as the node handler defers it: it fires at 3 s + socketTimeout', async () => {
    const { w, keyId } = await world(7208, (w) =>
      w.sim.inject('slow-hsm', { clusterId: w.clusterId, latencyMs: 20_000 }),
    );
    const outcome = await encrypt(w, keyId, { requestHandler: { socketTimeout: 6_000 } });
    expect(outcome.error?.message).toContain('timed out after 6000 ms of inactivity');
    expect(outcome.elapsedMs).toBe(9_000);
  });

  it('a connectionTimeout never fires on a connected request, however slow the HSM', async () => {
    const { w, keyId } = await world(7203, slowHsm);
    const outcome = await encrypt(w, keyId, { requestHandler: { connectionTimeout: 1_000 } });
    expect(outcome.error).toBeUndefined();
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(3_000);
  });

  it('a connectionTimeout shorter than a connection-timeout fault ends the wait at exactly that virtual time', async () => {
    const { w, keyId } = await world(7204, (w) =>
      w.sim.inject('connection-timeout', { service: 'kms', timeoutMs: 7_000 }),
    );
    const outcome = await encrypt(w, keyId, { requestHandler: { connectionTimeout: 1_000 } });
    expect({ name: outcome.error?.name, message: outcome.error?.message }).toEqual({
      name: 'TimeoutError',
      message:
        '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 1000 ms.',
    });
    expect(outcome.elapsedMs).toBe(1_000);
  });
});
