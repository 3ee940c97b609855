/**
 * A fuzz of `kmsim serve` as other processes use it (issue 11 "Keep and extend"): more than 10,000
 * generated requests over keep-alive HTTP, across every served KMS and CloudHSM operation (the
 * shape-based generator of test/support/request-fuzz.ts) and the control API (actions named after
 * every member a JavaScript object inherits, fault injections the simulator must refuse, bad
 * bodies, trace pages, wrong methods and paths). Every answer must be well-formed: on the AWS path
 * an error the real services use with a JSON body, or a success where the request may be valid;
 * on the control path a JSON object, `{"ok": false, "message": ...}` for every refusal, short. No
 * 5xx, no simulator bug, no dropped connection. The server stays healthy throughout, a fresh key
 * still encrypts and decrypts at the end, and its resident memory stays bounded.
 *
 * Deterministic: the requests are a function of FUZZ_SEED (the same seed, the same requests; a
 * failure names the case index). The server spends about 12 s of CPU on them and the test about
 * 6 s, so the run takes about 20 s on an idle 2-core machine (longer on a loaded one: the timeout
 * is generous, and nothing here asserts a time).
 */
import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUDHSM_OPERATIONS } from '../../src/cloudhsm/operations/index.js';
import { KMS_OPERATIONS } from '../../src/kms/operations/index.js';
import { CONTROL_ACTION_NAMES } from '../../src/control/control-actions.js';
import { FAULT_CATALOGUE } from '../../src/faults/catalogue.js';
import {
  checkHttp,
  generateHttpCases,
  Rng,
  setupWorld,
  type HttpCase,
  type KnownIds,
} from '../support/request-fuzz.js';
import { startServe, wireCall, type ServeProcess } from '../support/serve-process.js';

const FUZZ_SEED = 0x11f022;
const AWS_CASES = 8_400;
const CONTROL_CASES = 1_800;
const CONCURRENCY = 16;
/** Virtual time is frozen; a second passes after every batch so per-second quotas refill (docs/behaviour.md §5.1). */
const BATCH_SIZE = 64;
const RESPONSE_TIMEOUT_MS = 15_000;
/** The server keeps this many trace events (its memory must not grow with the requests it answers). */
const TRACE_EVENTS = 5_000;
/** Resident memory: a ceiling, and the most it may grow after the first fifth of the requests. */
const MAX_RSS_BYTES = 512 * 1024 * 1024;
const MAX_RSS_GROWTH_BYTES = 128 * 1024 * 1024;

/** Every name a plain object inherits: the lookups they once reached (issue 11 §4). */
const INHERITED_NAMES = Object.getOwnPropertyNames(Object.prototype);

interface ControlCase {
  readonly index: number;
  readonly category: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly body: string | undefined;
  readonly statuses: readonly number[];
}

type FuzzCase =
  | ({ readonly kind: 'aws' } & HttpCase)
  | ({ readonly kind: 'control' } & ControlCase);

function garbageValue(rng: Rng): unknown {
  return rng.pick<unknown>([
    null,
    true,
    -1,
    1e300,
    '',
    [],
    {},
    rng.text(rng.range(1, 12)),
    [rng.text(3)],
    { nested: rng.text(4) },
    rng.pick(INHERITED_NAMES),
  ]);
}

/** Control requests: each is refused with a named field, or answered where it is valid. */
function generateControlCases(ids: KnownIds, count: number, seed: number): ControlCase[] {
  const rng = new Rng(seed);
  const cases: ControlCase[] = [];
  const add = (
    category: string,
    method: ControlCase['method'],
    path: string,
    body: unknown,
    statuses: readonly number[],
  ): void => {
    cases.push({
      index: cases.length,
      category,
      method,
      path,
      body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
      statuses,
    });
  };
  const faults = [...FAULT_CATALOGUE.keys()];
  // Every inherited name as an action, as a fault and as a fault parameter, once each first.
  for (const name of INHERITED_NAMES) {
    add('inherited action', 'POST', '/_sim/actions', { action: name }, [400]);
    add('inherited fault', 'POST', '/_sim/actions', { action: 'inject-fault', fault: name }, [400]);
    add(
      'inherited parameter',
      'POST',
      '/_sim/actions',
      `{"action":"inject-fault","fault":"network-partition","clusterId":"${ids.clusterId}",${JSON.stringify(name)}:1}`,
      [400],
    );
    add('inherited heal', 'POST', '/_sim/actions', { action: 'heal-fault', fault: name }, [400]);
  }
  while (cases.length < count) {
    const roll = rng.int(100);
    if (roll < 30) {
      // Faults the simulator must refuse: unknown names, bogus ids, bad scopes, wrong types. None
      // of them may be injected, so the AWS requests keep meeting the same world.
      const fault = rng.chance(1, 4) ? rng.text(rng.range(1, 20)) : rng.pick(faults);
      const params: Record<string, unknown> = rng.pick([
        { clusterId: 'cluster-fuzzfuzzfuz' },
        { customKeyStoreId: 'cks-0000000000000000' },
        { keyId: '00000000-0000-0000-0000-000000000000' },
        { clusterId: 'cluster-fuzzfuzzfuz', subnetId: 'subnet-0' },
        { service: rng.pick(['KMS', 'kms ', 'dynamodb', '']) },
        { service: 'kms', operations: [rng.text(rng.range(1, 10))] },
        { operations: [] },
        { clusterId: garbageValue(rng) },
        { [rng.text(4)]: garbageValue(rng) },
      ]);
      add(
        'refused fault',
        'POST',
        '/_sim/actions',
        { action: 'inject-fault', fault, ...params },
        [400],
      );
    } else if (roll < 40) {
      add(
        'heal nothing',
        'POST',
        '/_sim/actions',
        rng.chance(1, 2)
          ? {
              action: 'heal-fault',
              faultId: rng.pick([`fault-${rng.int(100)}`, garbageValue(rng)]),
            }
          : { action: 'heal-fault', fault: rng.pick(faults), clusterId: rng.text(8) },
        [400],
      );
    } else if (roll < 52) {
      const action = rng.pick(CONTROL_ACTION_NAMES);
      const clusterId = rng.pick<unknown>([
        ids.clusterId,
        'cluster-fuzzfuzzfuz',
        garbageValue(rng),
      ]);
      const password = rng.pick<unknown>([
        rng.text(rng.range(0, 40)),
        'Passw0rd-fuzz',
        garbageValue(rng),
      ]);
      // set-kmsuser-password on the real cluster with a valid password is a real (200) change.
      add(
        'action fields',
        'POST',
        '/_sim/actions',
        { action, clusterId, password, kmsuserPassword: password },
        [200, 400],
      );
    } else if (roll < 60) {
      add(
        'action body',
        'POST',
        '/_sim/actions',
        rng.pick([
          '',
          'not json',
          '[]',
          'null',
          '42',
          '"inject-fault"',
          '{"action":',
          `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
          '{"action":null}',
          '{"action":["activate-cluster"]}',
          '{"action":{"toString":1}}',
          '{"__proto__":{"action":"activate-cluster"}}',
        ]),
        [400],
      );
    } else if (roll < 68) {
      add(
        'advance refused',
        'POST',
        '/_sim/advance',
        rng.pick<unknown>([
          { seconds: -1 },
          { seconds: 'soon' },
          { seconds: null },
          { seconds: 1e300 },
          { second: 1 },
          {},
          [],
          'NaN',
          '',
        ]),
        [400],
      );
    } else if (roll < 78) {
      const query = rng.pick([
        '',
        '?limit=1',
        `?after=${rng.int(20_000)}&limit=${rng.range(1, 50)}`,
        '?after=-1&limit=10000',
        '?after=abc',
        '?limit=0',
        '?limit=99999',
        '?after=1e3',
        '?after=-5',
        `?${rng.text(6)}=${rng.text(3)}`,
      ]);
      const bad = /abc|limit=0|99999|1e3|-5/.test(query);
      add('trace page', 'GET', `/_sim/trace${query}`, undefined, bad ? [400] : [200]);
    } else if (roll < 86) {
      add('read', 'GET', rng.pick(['/_sim/health', '/_sim/world']), undefined, [200]);
    } else if (roll < 94) {
      const path = rng.pick([
        '/_sim/',
        '/_sim',
        `/_sim/${rng.pick(INHERITED_NAMES)}`,
        `/_sim/${rng.text(rng.range(1, 12))}`,
        '/_sim/actions/extra',
        '/_sim/health/',
      ]);
      add('unknown control path', rng.pick(['GET', 'POST'] as const), path, '{}', [404]);
    } else {
      const [method, path] = rng.pick([
        ['POST', '/_sim/health'],
        ['PUT', '/_sim/world'],
        ['GET', '/_sim/actions'],
        ['DELETE', '/_sim/trace'],
        ['GET', '/_sim/advance'],
      ] as const);
      add('wrong method', method, path, method === 'GET' ? undefined : '{}', [405]);
    }
  }
  return cases;
}

/** What the control API must answer: JSON, and a short named refusal whenever it is not 200. */
function checkControl(testCase: ControlCase, status: number, type: string, text: string) {
  if (status >= 500) return `HTTP ${status} (5xx): ${text.slice(0, 300)}`;
  if (!testCase.statuses.includes(status))
    return `HTTP ${status}, expected ${testCase.statuses.join('/')}: ${text.slice(0, 300)}`;
  if (testCase.path.startsWith('/_sim/trace') && status === 200) {
    if (type !== 'application/x-ndjson') return `trace content-type ${type}`;
    const bad = text
      .split('\n')
      .filter((line) => line !== '')
      .find((line) => {
        try {
          return typeof (JSON.parse(line) as { seq?: unknown }).seq !== 'number';
        } catch {
          return true;
        }
      });
    return bad === undefined ? undefined : `trace line is not an event: ${bad.slice(0, 200)}`;
  }
  if (type !== 'application/json') return `content-type ${type}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `body is not JSON: ${text.slice(0, 200)}`;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return `body is not a JSON object: ${text.slice(0, 200)}`;
  if (status === 200) return undefined;
  const { ok, message } = body as { ok?: unknown; message?: unknown };
  if (ok !== false || typeof message !== 'string')
    return `a refusal without ok:false and a message: ${text.slice(0, 200)}`;
  if (text.length > 2_000) return `a ${text.length}-byte refusal (a dump?): ${text.slice(0, 200)}`;
  return undefined;
}

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly text: string;
}

function send(
  agent: Agent,
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
): Promise<Answer> {
  // Framing is declared for every method: a GET body without Content-Length would be read by the
  // server as the start of the next request on this keep-alive connection.
  const framed =
    body === undefined
      ? headers
      : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method, headers: framed, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(RESPONSE_TIMEOUT_MS, () =>
      req.destroy(new Error(`no answer within ${RESPONSE_TIMEOUT_MS} ms`)),
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('serve fuzz: 10,000+ generated requests, AWS and control (issue 11)', () => {
  let server: ServeProcess;
  let ids: KnownIds;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

  beforeAll(async () => {
    server = await startServe({
      seed: 1111,
      extraArgs: ['--trace-events', String(TRACE_EVENTS)],
    });
    ids = await setupWorld(server);
  });

  afterAll(async () => {
    agent.destroy();
    await server?.close();
  });

  it('answers every request well-formed, never a 5xx or a simulator bug, stays healthy, and its memory stays bounded', {
    timeout: 300_000,
  }, async () => {
    const aws = generateHttpCases(ids, AWS_CASES, FUZZ_SEED);
    const control = generateControlCases(ids, CONTROL_CASES, FUZZ_SEED ^ 0x5a5a5a);
    // Interleave deterministically: one control request after every few AWS ones.
    const cases: FuzzCase[] = [];
    for (let a = 0, c = 0; a < aws.length || c < control.length; ) {
      for (let k = 0; k < 5 && a < aws.length; k++) cases.push({ kind: 'aws', ...aws[a++]! });
      if (c < control.length) cases.push({ kind: 'control', ...control[c++]! });
    }
    expect(cases.length).toBeGreaterThanOrEqual(10_000);
    // Every served operation is called, and every inherited name reaches the control API.
    const targets = new Set(aws.map((testCase) => testCase.target));
    for (const operation of KMS_OPERATIONS)
      expect(targets, operation.name).toContain(`TrentService.${operation.name}`);
    for (const operation of CLOUDHSM_OPERATIONS)
      expect(targets, operation.name).toContain(`BaldrApiService.${operation.name}`);
    for (const name of INHERITED_NAMES)
      expect(control.some((testCase) => testCase.body === JSON.stringify({ action: name }))).toBe(
        true,
      );

    const problems: string[] = [];
    const tally = new Map<string, number>();
    const rss: number[] = [];
    let next = 0;
    let end = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < end; i = next++) {
        const testCase = cases[i]!;
        const where = `#${i} ${testCase.kind} [${testCase.category}]`;
        try {
          if (testCase.kind === 'aws') {
            const headers: Record<string, string> = {};
            if (testCase.contentType !== undefined) headers['content-type'] = testCase.contentType;
            if (testCase.target !== undefined) headers['x-amz-target'] = testCase.target;
            const answer = await send(agent, server.url, 'POST', '/', headers, testCase.body);
            const problem = checkHttp(testCase, answer.status, answer.text);
            if (problem)
              problems.push(
                `${where} ${testCase.description}: ${problem}\n    request body: ${String(testCase.body).slice(0, 200)}`,
              );
            const type =
              answer.status === 200
                ? '200'
                : `${answer.status} ${(JSON.parse(answer.text) as { __type?: string }).__type}`;
            tally.set(type, (tally.get(type) ?? 0) + 1);
          } else {
            const answer = await send(
              agent,
              server.url,
              testCase.method,
              testCase.path,
              { 'content-type': 'application/json' },
              testCase.body,
            );
            const problem = checkControl(testCase, answer.status, answer.type, answer.text);
            if (problem)
              problems.push(
                `${where} ${testCase.method} ${testCase.path}: ${problem}\n    body: ${String(testCase.body).slice(0, 200)}`,
              );
            const type = `control ${answer.status}`;
            tally.set(type, (tally.get(type) ?? 0) + 1);
          }
        } catch (error) {
          problems.push(
            `${where}: no answer: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    };
    for (let start = 0; start < cases.length; start += BATCH_SIZE) {
      next = start;
      end = Math.min(start + BATCH_SIZE, cases.length);
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      await server.advance(1);
      if (Math.floor(end / 1_000) > Math.floor(start / 1_000)) {
        expect(await server.health(), `health after ${end} requests`).toBe(200);
        rss.push(server.serverRssBytes());
      }
    }
    rss.push(server.serverRssBytes());
    const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
    console.log(
      `serve fuzz: ${cases.length} requests (${aws.length} AWS, ${control.length} control); answers: ${[
        ...tally.entries(),
      ]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k}×${n}`)
        .join(', ')}; server RSS per 1,000 requests: ${rss.map(mib).join(' ')}`,
    );
    expect(problems.slice(0, 20)).toEqual([]);
    expect(Math.max(...rss)).toBeLessThan(MAX_RSS_BYTES);
    const afterWarmUp = rss[Math.floor(rss.length / 5)]!;
    expect(rss.at(-1)! - afterWarmUp).toBeLessThan(MAX_RSS_GROWTH_BYTES);
  });

  it('is healthy afterwards: a fresh key round-trips, nothing was logged as a simulator bug, and the trace kept is bounded', async () => {
    expect(server.alive()).toBe(true);
    expect(await server.health()).toBe(200);
    await server.advance(60);
    const created = await wireCall(server.url, 'TrentService.CreateKey', {});
    expect(created.status, created.text).toBe(200);
    const keyId = (JSON.parse(created.text) as { KeyMetadata: { KeyId: string } }).KeyMetadata
      .KeyId;
    const sealed = await wireCall(server.url, 'TrentService.Encrypt', {
      KeyId: keyId,
      Plaintext: Buffer.from('after the fuzz').toString('base64'),
    });
    expect(sealed.status, sealed.text).toBe(200);
    const opened = await wireCall(server.url, 'TrentService.Decrypt', {
      CiphertextBlob: (JSON.parse(sealed.text) as { CiphertextBlob: string }).CiphertextBlob,
    });
    expect(
      Buffer.from(
        (JSON.parse(opened.text) as { Plaintext: string }).Plaintext,
        'base64',
      ).toString(),
    ).toBe('after the fuzz');
    expect(server.stderr()).not.toMatch(/simulator bug|transport failure/i);
    const trace = (await server.trace()).trimEnd().split('\n');
    expect(trace.length).toBeLessThanOrEqual(TRACE_EVENTS);
    expect(trace.filter((line) => line.includes('simulator.bug'))).toEqual([]);
  });
});
