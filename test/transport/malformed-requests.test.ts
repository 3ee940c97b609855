/**
 * Bad input against a running `kmsim serve` (issue #2 "Bad input"): at least 1,000 malformed
 * requests from a seeded generator, over HTTP (fetch) and as raw TCP bytes (node:net). Every answer
 * must arrive within a bounded time, be 400 (413 for oversize, 200 if a generated request happened
 * to be valid), carry a JSON body whose `__type` is an error the real services use (docs/behaviour.md §1.3-1.5,
 * §8.7), and never be `KmsimSimulatorBugException` or a 5xx. Afterwards the server is healthy and
 * its trace holds no `simulator.bug`.
 *
 * The generator (test/support/request-fuzz.ts) is plain data + a small PRNG (mulberry32): the same
 * GENERATOR_SEED gives the same requests, so a failure names the case index and reproduces.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkHttp,
  generateHttpCases,
  ONE_MIB,
  Rng,
  setupWorld,
  type KnownIds,
} from '../support/request-fuzz.js';
import { startServe, wireCall, type ServeProcess } from '../support/serve-process.js';

const GENERATOR_SEED = 0x6b6d73;
const GENERATED_HTTP_CASES = 1200;
const RESPONSE_TIMEOUT_MS = 5_000;
const CONCURRENCY = 8;
const BATCH_SIZE = 24;

// ---- raw TCP cases ---------------------------------------------------------------------------

interface TcpCase {
  readonly description: string;
  readonly bytes: Buffer;
  /** Half-close after writing, as a client that gives up would. */
  readonly end: boolean;
}

function request(headers: string[], body: string): string {
  return `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n${body}`;
}

function generateTcpCases(): TcpCase[] {
  const rng = new Rng(GENERATOR_SEED ^ 0x5a5a);
  const t = (description: string, text: string | Buffer, end = true): TcpCase => ({
    description,
    bytes: typeof text === 'string' ? Buffer.from(text, 'latin1') : text,
    end,
  });
  const cases: TcpCase[] = [
    t('garbage request line', 'GARBAGE\r\n\r\n'),
    t('HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
    t('TLS ClientHello', Buffer.from('16030100a5010000a10303', 'hex')),
    t('HTTP/0.9 GET', 'GET /\r\n'),
    t('lone CRLFs', '\r\n\r\n\r\n'),
    t('truncated headers', 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Tar'),
    t(
      'truncated body (Content-Length 50, 5 sent)',
      request(['X-Amz-Target: TrentService.Encrypt', 'Content-Length: 50'], '{"Key'),
    ),
    t(
      'non-numeric Content-Length',
      request(['X-Amz-Target: TrentService.Encrypt', 'Content-Length: abc'], '{}'),
    ),
    t(
      'negative Content-Length',
      request(['X-Amz-Target: TrentService.Encrypt', 'Content-Length: -1'], '{}'),
    ),
    t(
      'Content-Length and chunked',
      request(
        ['X-Amz-Target: TrentService.ListKeys', 'Content-Length: 2', 'Transfer-Encoding: chunked'],
        '2\r\n{}\r\n0\r\n\r\n',
      ),
    ),
    t(
      'bad chunk size',
      request(
        ['X-Amz-Target: TrentService.ListKeys', 'Transfer-Encoding: chunked'],
        'zz\r\n{}\r\n0\r\n\r\n',
      ),
    ),
    t(
      'truncated chunked body',
      request(['X-Amz-Target: TrentService.ListKeys', 'Transfer-Encoding: chunked'], '10\r\n{"a'),
    ),
    t(
      'UTF-8 bytes in X-Amz-Target',
      Buffer.from(request(['X-Amz-Target: TrentService.🙂', 'Content-Length: 2'], '{}'), 'utf8'),
    ),
    t(
      'latin1 bytes in X-Amz-Target',
      request(['X-Amz-Target: TrentService.Encrypt\u00ff', 'Content-Length: 2'], '{}'),
    ),
    t(
      'header with NUL',
      request(['X-Amz-Target: TrentService.List\u0000Keys', 'Content-Length: 2'], '{}'),
    ),
    t(
      'header without colon',
      request(['X-Amz-Target TrentService.ListKeys', 'Content-Length: 2'], '{}'),
    ),
    t(
      'oversized header (32 KiB)',
      request([`X-Amz-Target: TrentService.${'A'.repeat(32 * 1024)}`, 'Content-Length: 2'], '{}'),
    ),
    t(
      'many headers',
      request([...Array.from({ length: 3000 }, (_, i) => `X-H${i}: v`), 'Content-Length: 2'], '{}'),
    ),
    t(
      'declared 1 GiB body',
      request(['X-Amz-Target: TrentService.Encrypt', `Content-Length: ${1024 * ONE_MIB}`], '{'),
    ),
    t('bad HTTP version', 'POST / HTTP/9.9\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}'),
    t(
      'lowercase method',
      request(['X-Amz-Target: TrentService.ListKeys', 'Content-Length: 2'], '{}').replace(
        'POST',
        'post',
      ),
    ),
    t(
      'valid framing, garbage JSON',
      request(['X-Amz-Target: TrentService.Encrypt', 'Content-Length: 7'], 'garbage'),
    ),
    t(
      'pipelined: valid + garbage',
      request(['X-Amz-Target: TrentService.ListKeys', 'Content-Length: 2'], '{}') +
        'NOT HTTP AT ALL\r\n\r\n',
    ),
    t(
      'Expect: 100-continue without body',
      request(
        ['X-Amz-Target: TrentService.ListKeys', 'Content-Length: 2', 'Expect: 100-continue'],
        '',
      ),
    ),
    t(
      'absolute-form URL',
      'POST http://kms.us-east-1.amazonaws.com/ HTTP/1.1\r\nHost: x\r\nX-Amz-Target: TrentService.ListKeys\r\nContent-Length: 2\r\n\r\n{}',
    ),
    t('request target *', 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n'),
    t(
      'kept open: headers only, no body yet',
      request(['X-Amz-Target: TrentService.Encrypt', 'Content-Length: 10'], ''),
      false,
    ),
  ];
  for (let i = 0; i < 20; i++)
    cases.push(t(`random bytes #${i}`, rng.bytes(rng.range(1, 4096)), rng.chance(1, 2)));
  for (let i = 0; i < 10; i++) {
    const full = Buffer.from(
      request(
        [
          'X-Amz-Target: TrentService.GenerateRandom',
          'Content-Type: application/x-amz-json-1.1',
          'Content-Length: 20',
        ],
        '{"NumberOfBytes":16}',
      ),
      'latin1',
    );
    cases.push(t(`request cut at byte ${i}`, full.subarray(0, rng.range(1, full.length - 1))));
  }
  return cases;
}

interface TcpOutcome {
  readonly response: string;
  readonly closed: boolean;
}

/** Writes the bytes and collects whatever comes back until the server closes or a short quiet period. */
function sendRaw(port: number, testCase: TcpCase): Promise<TcpOutcome> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(limit);
      socket.destroy();
      resolve({ response: Buffer.concat(chunks).toString('latin1'), closed });
    };
    // Cases left open cannot be closed by the server without a timeout: give them a quiet period.
    const limit = setTimeout(
      () =>
        testCase.end
          ? reject(new Error(`no close within ${RESPONSE_TIMEOUT_MS} ms: ${testCase.description}`))
          : finish(false),
      testCase.end ? RESPONSE_TIMEOUT_MS : 500,
    );
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('connect', () => {
      socket.write(testCase.bytes, () => {
        if (testCase.end) socket.end();
      });
    });
  });
}

// ---- the test --------------------------------------------------------------------------------

interface Problem {
  readonly where: string;
  readonly detail: string;
}

describe('malformed requests against kmsim serve', () => {
  let server: ServeProcess;
  let ids: KnownIds;
  const problems: Problem[] = [];
  const tally = new Map<string, number>();

  beforeAll(async () => {
    server = await startServe({ seed: 777 });
    ids = await setupWorld(server);
  });

  afterAll(async () => {
    await server?.close();
  });

  it(`answers ${GENERATED_HTTP_CASES} generated malformed HTTP requests with 400/413 (or 200 when valid) and a real AWS error type, never a simulator bug`, async () => {
    const cases = generateHttpCases(ids, GENERATED_HTTP_CASES, GENERATOR_SEED);
    expect(cases.length).toBeGreaterThanOrEqual(1000);
    const categories = new Set(cases.map((c) => c.category));
    for (const required of [
      'non-JSON body',
      'JSON array/scalar',
      'wrong member type',
      'missing required member',
      'string/blob too long',
      'number out of range',
      'bad enum',
      'bad base64 blob',
      'unknown target',
      'missing X-Amz-Target',
      'huge body',
      'content type',
      'random bytes',
      'deep nesting',
      'unicode strings',
      'empty body',
    ]) {
      expect(categories, required).toContain(required);
    }
    const services = new Set(cases.map((c) => c.target?.split('.')[0]));
    for (const service of ['TrentService', 'BaldrApiService', undefined])
      expect(services).toContain(service);
    let next = 0;
    let end = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < end; i = next++) {
        const testCase = cases[i]!;
        const headers: Record<string, string> = {};
        if (testCase.contentType !== undefined) headers['content-type'] = testCase.contentType;
        if (testCase.target !== undefined) headers['x-amz-target'] = testCase.target;
        const where = `case #${testCase.index} [${testCase.category}] ${testCase.description}`;
        try {
          const res = await fetch(`${server.url}/`, {
            method: 'POST',
            headers,
            body: testCase.body,
            signal: AbortSignal.timeout(RESPONSE_TIMEOUT_MS),
          });
          const text = await res.text();
          const problem = checkHttp(testCase, res.status, text);
          if (problem)
            problems.push({
              where,
              detail: `${problem}\n    request body: ${String(testCase.body).slice(0, 300)}`,
            });
          const type =
            res.status === 200
              ? '200 OK'
              : `${res.status} ${(JSON.parse(text) as { __type?: string }).__type ?? '?'}`;
          tally.set(type, (tally.get(type) ?? 0) + 1);
        } catch (error) {
          problems.push({
            where,
            detail: `no answer: ${error instanceof Error ? error.message : String(error)}`,
          });
        }
      }
    };
    // Time is frozen, so the per-second request quotas (docs/behaviour.md §5.1) would answer most of the run with
    // ThrottlingException before validation: let a virtual second pass after every batch.
    for (let start = 0; start < cases.length; start += BATCH_SIZE) {
      next = start;
      end = Math.min(start + BATCH_SIZE, cases.length);
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      await server.advance(1);
    }
    console.log(
      `malformed HTTP requests: ${cases.length}; answers: ${[...tally.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k}×${n}`)
        .join(', ')}`,
    );
    expect(problems.slice(0, 25)).toEqual([]);
  });

  it('answers raw TCP garbage and truncated requests with a 4xx or a closed connection, never a 5xx, within bounded time', async () => {
    const cases = generateTcpCases();
    const tcpProblems: Problem[] = [];
    const outcomes = new Map<string, number>();
    for (const testCase of cases) {
      try {
        const outcome = await sendRaw(server.port, testCase);
        const statuses = [...outcome.response.matchAll(/^HTTP\/1\.[01] (\d{3})/gm)].map((m) =>
          Number(m[1]),
        );
        const label =
          statuses.length > 0
            ? statuses.join('+')
            : outcome.closed
              ? 'closed'
              : 'open (no answer yet)';
        outcomes.set(label, (outcomes.get(label) ?? 0) + 1);
        if (statuses.some((status) => status >= 500))
          tcpProblems.push({ where: testCase.description, detail: outcome.response.slice(0, 400) });
        if (outcome.response.includes('KmsimSimulatorBugException'))
          tcpProblems.push({
            where: testCase.description,
            detail: `SIMULATOR BUG: ${outcome.response.slice(0, 400)}`,
          });
        if (outcome.response.length > 0 && statuses.length === 0)
          tcpProblems.push({
            where: testCase.description,
            detail: `non-HTTP answer: ${outcome.response.slice(0, 100)}`,
          });
      } catch (error) {
        tcpProblems.push({
          where: testCase.description,
          detail: error instanceof Error ? error.message : String(error),
        });
      }
    }
    console.log(
      `raw TCP cases: ${cases.length}; outcomes: ${[...outcomes.entries()].map(([k, n]) => `${k}×${n}`).join(', ')}`,
    );
    expect(tcpProblems).toEqual([]);
    // The explicit cases the brief names get a real answer, not just a dropped connection.
    expect(
      (
        await sendRaw(server.port, {
          description: 'garbage',
          bytes: Buffer.from('GARBAGE\r\n\r\n'),
          end: true,
        })
      ).response,
    ).toMatch(/^HTTP\/1\.1 400/);
    const framed = await sendRaw(server.port, {
      description: 'framed garbage',
      bytes: Buffer.from(
        request(
          ['X-Amz-Target: TrentService.Encrypt', 'Content-Length: 7', 'Connection: close'],
          'garbage',
        ),
      ),
      end: false,
    });
    expect(framed.response).toMatch(/^HTTP\/1\.1 400/);
    expect(framed.response).toContain('"__type":"SerializationException"');
  });

  it('is still healthy afterwards, with no simulator.bug in the trace and nothing logged as a simulator bug', async () => {
    expect(server.alive()).toBe(true);
    expect(await server.health()).toBe(200);
    // The generated requests may have disabled, disconnected or deleted the setup's resources and
    // used up the per-second request quotas (docs/behaviour.md §5.1; time is frozen): let a minute pass, then a
    // fresh key must work end to end.
    await server.advance(60);
    const created = await wireCall(server.url, 'TrentService.CreateKey', {});
    expect(created.status, created.text).toBe(200);
    const keyId = (JSON.parse(created.text) as { KeyMetadata: { KeyId: string } }).KeyMetadata
      .KeyId;
    const sealed = await wireCall(server.url, 'TrentService.Encrypt', {
      KeyId: keyId,
      Plaintext: Buffer.from('still fine').toString('base64'),
    });
    expect(sealed.status).toBe(200);
    const opened = await wireCall(server.url, 'TrentService.Decrypt', {
      CiphertextBlob: (JSON.parse(sealed.text) as { CiphertextBlob: string }).CiphertextBlob,
    });
    expect(
      Buffer.from(
        (JSON.parse(opened.text) as { Plaintext: string }).Plaintext,
        'base64',
      ).toString(),
    ).toBe('still fine');
    const trace = await server.trace();
    expect(trace.split('\n').filter((line) => line.includes('simulator.bug'))).toEqual([]);
    expect(server.stderr()).not.toMatch(/simulator bug|transport failure/i);
  });
});
