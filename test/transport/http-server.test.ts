import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DescribeKeyCommand, KMSClient, NotFoundException } from '@aws-sdk/client-kms';
import {
  startHttpServer,
  type HttpServerOptions,
  type RunningServer,
} from '../../src/transport/http-server.js';
import { awsError, FakeEndpoint, json } from './fake-endpoint.js';

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

let servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function start(fake: FakeEndpoint, options: HttpServerOptions = {}): Promise<RunningServer> {
  const server = await startHttpServer(fake, { port: 0, timeScale: 0, ...options });
  servers.push(server);
  return server;
}

/** A raw node:http exchange, so we see every header the server sends (fetch would hide some). */
function call(
  server: RunningServer,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Writes raw bytes on a TCP connection and collects whatever comes back until the server closes. */
function raw(server: RunningServer, bytes: string, destroyAfterWrite = false): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.write(bytes, () => {
      if (destroyAfterWrite) socket.destroy();
    });
  });
}

async function expectHealthy(server: RunningServer): Promise<void> {
  const reply = await call(server, 'GET', '/_sim/health');
  expect(reply.status).toBe(200);
  expect(JSON.parse(reply.text)).toEqual({ ok: true });
}

describe('http server: AWS protocol on POST /', () => {
  it('passes target, body and headers to handleWire and writes status, headers and body back exactly', async () => {
    const fake = new FakeEndpoint(() =>
      json(
        400,
        { __type: 'NotFoundException', message: 'gone' },
        { 'x-amzn-errortype': 'NotFoundException' },
      ),
    );
    const server = await start(fake);
    const reply = await call(server, 'POST', '/', '{"KeyId":"k"}', {
      'X-Amz-Target': 'TrentService.DescribeKey',
      'Content-Type': 'application/x-amz-json-1.1',
    });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.target).toBe('TrentService.DescribeKey');
    expect(fake.requests[0]?.body).toBe('{"KeyId":"k"}');
    expect(fake.requests[0]?.host).toBe(`127.0.0.1:${server.port}`);
    expect(reply.status).toBe(400);
    expect(reply.headers['x-amzn-requestid']).toBe('fake-request-id');
    expect(reply.headers['x-amzn-errortype']).toBe('NotFoundException');
    expect(reply.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(reply.text).toBe('{"__type":"NotFoundException","message":"gone"}');
  });

  it('never sends a Date header, on AWS or control replies', async () => {
    const server = await start(new FakeEndpoint());
    const aws = await call(server, 'POST', '/', '{}', { 'X-Amz-Target': 'TrentService.ListKeys' });
    const control = await call(server, 'GET', '/_sim/health');
    const missing = await call(server, 'GET', '/nowhere');
    for (const reply of [aws, control, missing]) expect(reply.headers['date']).toBeUndefined();
  });

  it('serves a real KMSClient pointed at it with --endpoint-url style config', async () => {
    const fake = new FakeEndpoint(
      awsError(400, 'NotFoundException', "Key 'alias/x' does not exist"),
    );
    const server = await start(fake);
    const kms = new KMSClient({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 's' },
    });
    const error = await kms
      .send(new DescribeKeyCommand({ KeyId: 'alias/x' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundException);
    expect((error as Error).message).toBe("Key 'alias/x' does not exist");
    expect(fake.requests).toHaveLength(1);
    kms.destroy();
  });

  it('answers a throwing handleWire with a 400 KmsimSimulatorBugException and keeps serving', async () => {
    const fake = new FakeEndpoint(() => {
      throw new Error('kaboom');
    });
    const server = await start(fake);
    const reply = await call(server, 'POST', '/', '{}', {
      'X-Amz-Target': 'TrentService.ListKeys',
    });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.text)).toMatchObject({ __type: 'KmsimSimulatorBugException' });
    expect(reply.text).toContain('kaboom');
    await expectHealthy(server);
  });

  it('reports a response Node cannot send (bad header, bad status) as KmsimSimulatorBugException', async () => {
    const fake = new FakeEndpoint(() => ({
      status: 200,
      headers: { 'bad header': 'x' },
      body: '{}',
    }));
    const server = await start(fake);
    const badHeader = await call(server, 'POST', '/', '{}', {
      'X-Amz-Target': 'TrentService.ListKeys',
    });
    expect(badHeader.status).toBe(400);
    expect(badHeader.headers['bad header']).toBeUndefined();
    expect(JSON.parse(badHeader.text)).toMatchObject({ __type: 'KmsimSimulatorBugException' });
    fake.respond = () => json(1000, {});
    const badStatus = await call(server, 'POST', '/', '{}', {
      'X-Amz-Target': 'TrentService.ListKeys',
    });
    expect(badStatus.status).toBe(400);
    expect(JSON.parse(badStatus.text)).toMatchObject({ __type: 'KmsimSimulatorBugException' });
    await expectHealthy(server);
  });

  it('answers an unknown path with 404 JSON', async () => {
    const server = await start(new FakeEndpoint());
    const reply = await call(server, 'GET', '/favicon.ico');
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.text)).toMatchObject({ ok: false });
  });
});

describe('http server: control API', () => {
  it('GET /_sim/health and /_sim/world', async () => {
    const fake = new FakeEndpoint();
    const server = await start(fake);
    await expectHealthy(server);
    const world = await call(server, 'GET', '/_sim/world');
    expect(world.status).toBe(200);
    expect(world.headers['content-type']).toBe('application/json');
    expect(JSON.parse(world.text)).toEqual({ clusters: [{ ClusterId: 'cluster-fake' }] });
  });

  it('POST /_sim/advance moves virtual time and reports nowMs', async () => {
    const fake = new FakeEndpoint();
    const server = await start(fake);
    const reply = await call(server, 'POST', '/_sim/advance', '{"seconds": 90.5}');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text)).toEqual({ ok: true, nowMs: 90_500 });
    expect(fake.nowMs).toBe(90_500);
  });

  it.each([
    ['{"seconds": -1}', /"seconds"/],
    ['{"seconds": "60"}', /"seconds"/],
    ['{"seconds": null}', /"seconds"/],
    ['{"seconds": 1e300}', /"seconds"/],
    ['{}', /"seconds" is required/],
    ['[60]', /JSON object/],
    ['seconds=60', /not valid JSON/],
    ['', /empty/],
  ])('POST /_sim/advance rejects %j with 400 naming the problem', async (body, message) => {
    const fake = new FakeEndpoint();
    const server = await start(fake);
    const reply = await call(server, 'POST', '/_sim/advance', body);
    expect(reply.status).toBe(400);
    const parsed = JSON.parse(reply.text) as { ok: boolean; message: string };
    expect(parsed.ok).toBe(false);
    expect(parsed.message).toMatch(message);
    expect(fake.nowMs).toBe(0);
  });

  it('POST /_sim/actions passes the result through: 200 when ok, 400 when not', async () => {
    const fake = new FakeEndpoint();
    const server = await start(fake);
    const ok = await call(server, 'POST', '/_sim/actions', '{"action":"ok","x":1}');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toEqual({ ok: true, did: 'ok' });
    const bad = await call(server, 'POST', '/_sim/actions', '{"action":"explode"}');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toEqual({
      ok: false,
      message: 'field "action": unknown action "explode"',
    });
    expect(fake.actions).toEqual([{ action: 'ok', x: 1 }, { action: 'explode' }]);
    const garbage = await call(server, 'POST', '/_sim/actions', '{action: ok}');
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.text).message).toMatch(/not valid JSON/);
    expect(fake.actions).toHaveLength(2);
  });

  it('GET /_sim/trace is JSON lines with the ndjson content type', async () => {
    const server = await start(new FakeEndpoint());
    const reply = await call(server, 'GET', '/_sim/trace');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/x-ndjson');
    expect(
      reply.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([
      { seq: 0, kind: 'a' },
      { seq: 1, kind: 'b' },
    ]);
  });

  it('GET /_sim/trace pages with after and limit, says what is kept, and names a bad parameter (issue 11 §10)', async () => {
    const server = await start(new FakeEndpoint());
    const first = await call(server, 'GET', '/_sim/trace?limit=1');
    expect([first.status, first.text]).toEqual([200, '{"seq":0,"kind":"a"}\n']);
    expect(first.headers).toMatchObject({
      'x-kmsim-trace-first-seq': '0',
      'x-kmsim-trace-recorded': '2',
      'x-kmsim-trace-last-seq': '0',
    });
    const next = await call(server, 'GET', '/_sim/trace?after=0&limit=5');
    expect([next.text, next.headers['x-kmsim-trace-last-seq']]).toEqual([
      '{"seq":1,"kind":"b"}\n',
      '1',
    ]);
    const done = await call(server, 'GET', '/_sim/trace?after=1');
    expect([done.text, done.headers['x-kmsim-trace-last-seq']]).toEqual(['', '1']);
    for (const query of ['after=x', 'after=-2', 'limit=0', 'limit=10001', 'limit=1.5']) {
      const bad = await call(server, 'GET', `/_sim/trace?${query}`);
      expect(bad.status, query).toBe(400);
      expect(JSON.parse(bad.text).message, query).toMatch(
        /^query parameter "(after|limit)" must be a whole number/,
      );
    }
  });

  it('unknown control paths are 404 JSON and wrong methods 405', async () => {
    const server = await start(new FakeEndpoint());
    const unknown = await call(server, 'GET', '/_sim/nope');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toMatchObject({ ok: false });
    const wrongMethod = await call(server, 'GET', '/_sim/advance');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers['allow']).toBe('POST');
  });

  it('a throwing control call is a 500 JSON and the server keeps serving', async () => {
    const fake = new FakeEndpoint();
    fake.worldSnapshotImpl = () => {
      throw new Error('snapshot bug');
    };
    const server = await start(fake);
    const reply = await call(server, 'GET', '/_sim/world');
    expect(reply.status).toBe(500);
    expect(JSON.parse(reply.text)).toMatchObject({ ok: false });
    expect(reply.text).toContain('snapshot bug');
    await expectHealthy(server);
  });
});

describe('http server: virtual time follows the wall clock', () => {
  it('syncs to jumps + wall elapsed × timeScale before every request', async () => {
    let wallMs = 1000;
    const fake = new FakeEndpoint();
    const server = await start(fake, { timeScale: 2, wallClock: () => wallMs });
    wallMs += 1500;
    await call(server, 'POST', '/', '{}', { 'X-Amz-Target': 'TrentService.ListKeys' });
    expect(fake.nowMs).toBe(3000);
    await call(server, 'POST', '/_sim/advance', '{"seconds": 60}');
    expect(fake.nowMs).toBe(63_000);
    wallMs += 250;
    await call(server, 'GET', '/_sim/world');
    // A jump shifts the whole timeline; it does not stall until the wall clock catches up.
    expect(fake.nowMs).toBe(63_500);
  });

  it('with timeScale 0 time is frozen except for /_sim/advance', async () => {
    let wallMs = 0;
    const fake = new FakeEndpoint();
    const server = await start(fake, { timeScale: 0, wallClock: () => wallMs });
    wallMs += 10_000_000;
    await expectHealthy(server);
    expect(fake.nowMs).toBe(0);
    await call(server, 'POST', '/_sim/advance', '{"seconds": 5}');
    expect(fake.nowMs).toBe(5000);
  });

  it('rejects a negative or non-finite timeScale and a bad port at start', async () => {
    await expect(startHttpServer(new FakeEndpoint(), { port: 0, timeScale: -1 })).rejects.toThrow(
      /timeScale/,
    );
    await expect(
      startHttpServer(new FakeEndpoint(), { port: 0, timeScale: Number.NaN }),
    ).rejects.toThrow(/timeScale/);
    await expect(startHttpServer(new FakeEndpoint(), { port: 70000 })).rejects.toThrow(/port/);
  });
});

describe('http server: robustness', () => {
  it('rejects a body over 1 MiB with 413, never calls the simulator, and keeps serving', async () => {
    const fake = new FakeEndpoint();
    const server = await start(fake);
    const big = Buffer.alloc(1024 * 1024 + 1, 0x61);
    const reply = await call(server, 'POST', '/', big, { 'X-Amz-Target': 'TrentService.Encrypt' });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.text)).toMatchObject({ __type: 'RequestEntityTooLargeException' });
    const control = await call(server, 'POST', '/_sim/actions', big);
    expect(control.status).toBe(413);
    expect(fake.requests).toHaveLength(0);
    expect(fake.actions).toHaveLength(0);
    await expectHealthy(server);
  });

  it('counts chunked bodies too, and answers a declared huge body at once', async () => {
    const fake = new FakeEndpoint();
    const server = await start(fake);
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${server.url}/`,
        { method: 'POST', agent: false, headers: { 'X-Amz-Target': 'TrentService.Encrypt' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 5; i++) req.write(Buffer.alloc(256 * 1024, 0x62));
      req.end();
    });
    expect(chunked).toBe(413);
    const declared = await raw(
      server,
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n{',
    );
    expect(declared).toMatch(/^HTTP\/1\.1 413/);
    expect(fake.requests).toHaveLength(0);
    await expectHealthy(server);
  });

  it('accepts a body of exactly 1 MiB', async () => {
    const fake = new FakeEndpoint();
    const server = await start(fake);
    const reply = await call(server, 'POST', '/', Buffer.alloc(1024 * 1024, 0x20), {
      'X-Amz-Target': 'TrentService.ListKeys',
    });
    expect(reply.status).toBe(200);
    expect(fake.requests[0]?.body.length).toBe(1024 * 1024);
  });

  it('answers a garbage request line with 400 and keeps serving', async () => {
    const logged: string[] = [];
    const server = await start(new FakeEndpoint(), { log: (line) => logged.push(line) });
    const answer = await raw(server, 'THIS IS NOT HTTP\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(logged.join('\n')).toMatch(/client error/);
    await expectHealthy(server);
  });

  it('rejections by the HTTP parser get their real status and a JSON error body: 431, 400, 408 (issue 11 §8)', async () => {
    const server = await start(new FakeEndpoint(), { headersTimeoutMs: 300 });
    const parse = (answer: string) => {
      const [head, body] = answer.split('\r\n\r\n') as [string, string];
      const headers = Object.fromEntries(
        head
          .split('\r\n')
          .slice(1)
          .map((line) => [
            line.slice(0, line.indexOf(':')).toLowerCase(),
            line.slice(line.indexOf(':') + 1).trim(),
          ]),
      );
      return {
        statusLine: head.split('\r\n')[0],
        headers,
        body: JSON.parse(body) as Record<string, unknown>,
      };
    };
    const oversized = parse(
      await raw(
        server,
        `POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: ${'A'.repeat(32 * 1024)}\r\nContent-Length: 2\r\n\r\n{}`,
      ),
    );
    expect(oversized).toMatchObject({
      statusLine: 'HTTP/1.1 431 Request Header Fields Too Large',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-errortype': 'RequestHeaderFieldsTooLargeException',
        connection: 'close',
      },
      body: {
        __type: 'RequestHeaderFieldsTooLargeException',
        message: expect.stringContaining('16384 bytes'),
      },
    });
    for (const broken of [
      'THIS IS NOT HTTP\r\n\r\n',
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
    ]) {
      expect(parse(await raw(server, broken)), broken).toMatchObject({
        statusLine: 'HTTP/1.1 400 Bad Request',
        headers: { 'x-amzn-errortype': 'SerializationException', connection: 'close' },
        body: {
          __type: 'SerializationException',
          message: expect.stringMatching(/^malformed HTTP request \(HPE_/),
        },
      });
    }
    // Headers that stop coming: the server answers once its header timeout passes.
    const stalled = parse(await raw(server, 'POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Tar'));
    expect(stalled).toMatchObject({
      statusLine: 'HTTP/1.1 408 Request Timeout',
      headers: { 'x-amzn-errortype': 'RequestTimeoutException' },
      body: { __type: 'RequestTimeoutException' },
    });
    await expectHealthy(server);
  });

  it('survives a client that dies mid-body', async () => {
    const fake = new FakeEndpoint();
    const logged: string[] = [];
    const server = await start(fake, { log: (line) => logged.push(line) });
    await raw(
      server,
      'POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: TrentService.ListKeys\r\nContent-Length: 1000\r\n\r\n{"partial":',
      true,
    );
    await expectHealthy(server);
    await vi.waitFor(() => expect(logged.join('\n')).toMatch(/request body failed/));
    expect(fake.requests).toHaveLength(0);
  });

  it('close() is idempotent and frees the port', async () => {
    const server = await startHttpServer(new FakeEndpoint(), { port: 0 });
    await Promise.all([server.close(), server.close()]);
    const again = await startHttpServer(new FakeEndpoint(), { port: server.port });
    servers.push(again);
    expect(again.port).toBe(server.port);
  });
});
