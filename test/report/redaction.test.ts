/**
 * Redaction (issue #5 §4): reports and traces never contain plaintext or data-key bytes, and reports
 * never contain a kmsuser password. Every shipped scenario is run once, as `npm start` runs it, into
 * a scratch directory, while every plaintext that crosses the wire (Encrypt requests, Decrypt and
 * GenerateDataKey/GenerateRandom responses, the workloads' own records) and every kmsuser password
 * (the scenario files', the key-store requests', the ones KMS generates at each connect) is
 * collected; then the written reports, charts, index, summaries and traces, and the committed
 * reports/, are searched for those bytes as raw bytes, base64, base64url and hex.
 *
 * The same run checks that the committed reports/ are what `npm start` writes now (issue #5 §3).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCommand } from '../../src/cli/run-command.js';
import { loadScenarioFile } from '../../src/scenarios/file/loader.js';
import { runScenario, type ScenarioResult } from '../../src/scenarios/run/runner.js';
import { IdFactory } from '../../src/sim/id-factory.js';
import { Simulator } from '../../src/simulator.js';

const SCENARIOS = fileURLToPath(new URL('../../scenarios', import.meta.url));
const SHIPPED = fileURLToPath(new URL('../../reports', import.meta.url));

const secrets = new Map<string, Buffer>();
const passwords = new Set<string>();
const results: ScenarioResult[] = [];
let dir = '';
let exitCode: number | undefined;

function addSecret(bytes: Uint8Array | undefined): void {
  if (bytes && bytes.byteLength >= 8)
    secrets.set(Buffer.from(bytes).toString('hex'), Buffer.from(bytes));
}

/** Plaintext members of a JSON 1.1 body (base64 on the wire), and passwords. */
function collectFromBody(body: string): void {
  if (!body.includes('Plaintext') && !body.includes('Password')) return;
  const parsed = JSON.parse(body) as Record<string, unknown>;
  if (typeof parsed.Plaintext === 'string') addSecret(Buffer.from(parsed.Plaintext, 'base64'));
  if (typeof parsed.KeyStorePassword === 'string') passwords.add(parsed.KeyStorePassword);
}

/** Every form a secret could take in a text or binary file. */
function forms(secret: Buffer): Buffer[] {
  return [
    secret,
    secret.toString('base64'),
    secret.toString('base64url'),
    secret.toString('hex'),
    secret.toString('hex').toUpperCase(),
  ].map((form) => (typeof form === 'string' ? Buffer.from(form) : form));
}

function leaks(file: Buffer, candidates: Iterable<Buffer>): number {
  let found = 0;
  for (const secret of candidates)
    if (forms(secret).some((form) => file.includes(form))) found += 1;
  return found;
}

function filesIn(directory: string, pattern: RegExp): string[] {
  return existsSync(directory)
    ? readdirSync(directory)
        .filter((name) => pattern.test(name))
        .sort()
        .map((name) => join(directory, name))
    : [];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kmsim-redaction-'));
  // Every transport (in-process SDK handler, msw, HTTP server) and the operator reach the
  // services through handleWire or handleWireNow.
  const original = Simulator.prototype.handleWire;
  vi.spyOn(Simulator.prototype, 'handleWire').mockImplementation(async function (
    this: Simulator,
    request,
  ) {
    collectFromBody(request.body);
    const response = await original.call(this, request);
    collectFromBody(response.body);
    return response;
  });
  // Outside a driver run the transports answer through handleWireNow instead (issue #12).
  const originalNow = Simulator.prototype.handleWireNow;
  vi.spyOn(Simulator.prototype, 'handleWireNow').mockImplementation(function (
    this: Simulator,
    request,
  ) {
    collectFromBody(request.body);
    const response = originalNow.call(this, request);
    if (response !== undefined) collectFromBody(response.body);
    return response;
  });
  const generate = IdFactory.prototype.kmsuserPassword;
  vi.spyOn(IdFactory.prototype, 'kmsuserPassword').mockImplementation(function (this: IdFactory) {
    const password = generate.call(this);
    passwords.add(password);
    return password;
  });
  for (const name of readdirSync(SCENARIOS).filter((file) => file.endsWith('.yaml'))) {
    const loaded = loadScenarioFile(join(SCENARIOS, name));
    if (!loaded.ok) throw new Error(loaded.messages.join('\n'));
    for (const cluster of loaded.scenario.world.clusters ?? [])
      if (cluster.kmsuserPassword) passwords.add(cluster.kmsuserPassword);
    for (const step of loaded.scenario.timeline ?? [])
      if (typeof step.password === 'string' && step.password !== 'cluster-current')
        passwords.add(step.password);
  }
  // As `npm start` runs it: a path relative to the working directory, so reports name `scenarios/<file>`.
  exitCode = await runCommand(
    relative(process.cwd(), SCENARIOS),
    { report: dir },
    {
      out: () => undefined,
      err: () => undefined,
      run: async (scenario, options) => {
        const result = await runScenario(scenario, options);
        results.push(result);
        return result;
      },
    },
  );
  vi.restoreAllMocks();
  for (const result of results) for (const call of result.calls) addSecret(call.sealed?.plaintext);
}, 600_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('report: redaction: no plaintext, data key or kmsuser password in reports and traces (issue #5 §4)', () => {
  it('ran every shipped scenario and collected what there is to hide', () => {
    expect(exitCode).toBe(0);
    expect(results.length).toBe(
      readdirSync(SCENARIOS).filter((file) => file.endsWith('.yaml')).length,
    );
    // Workload plaintexts, fixtures, data keys and GenerateRandom output, 32 bytes each.
    expect(secrets.size).toBeGreaterThan(1_000);
    const dataKeys = results.flatMap((result) =>
      result.calls.filter((call) => call.operation === 'GenerateDataKey' && call.sealed?.plaintext),
    );
    expect(dataKeys.length).toBeGreaterThan(50);
    for (const call of dataKeys)
      expect(secrets.has(Buffer.from(call.sealed!.plaintext!).toString('hex'))).toBe(true);
    expect([...passwords]).toEqual(
      expect.arrayContaining(['RotatedByHand1', 'ResetByCryptoOfficer1', 'kmsuser-Scenario1']),
    );
    expect(passwords.size).toBeGreaterThan(20);
  });

  it('the detector finds a secret in each of its forms, so a clean result means something', () => {
    const secret = [...secrets.values()][0]!;
    for (const form of forms(secret))
      expect(
        leaks(Buffer.concat([Buffer.from('{"x":"'), form, Buffer.from('"}\n')]), [secret]),
      ).toBe(1);
    expect(leaks(Buffer.from('nothing to see'), [secret])).toBe(0);
  });

  it('no report, chart, index, summary or trace written by the run holds plaintext or data-key bytes', () => {
    const files = filesIn(dir, /\.(md|svg|json|jsonl)$/);
    expect(files.length).toBe(1 + 4 * results.length);
    const leaking = files
      .filter((file) => leaks(readFileSync(file), secrets.values()) > 0)
      .map((file) => relative(dir, file));
    expect(leaking).toEqual([]);
  });

  it('no committed report, chart, index or summary holds them either', () => {
    const files = filesIn(SHIPPED, /\.(md|svg|json|jsonl)$/);
    expect(files.length).toBeGreaterThan(0);
    const leaking = files
      .filter((file) => leaks(readFileSync(file), secrets.values()) > 0)
      .map((file) => relative(SHIPPED, file));
    expect(leaking).toEqual([]);
  });

  it('no report, chart or index, written or committed, names a kmsuser password', () => {
    const files = [...filesIn(dir, /\.(md|svg)$/), ...filesIn(SHIPPED, /\.(md|svg)$/)];
    const leaking = files.filter(
      (file) =>
        leaks(
          readFileSync(file),
          [...passwords].map((password) => Buffer.from(password)),
        ) > 0,
    );
    expect(leaking).toEqual([]);
    // The reports do show where a password goes, as a placeholder.
    expect(readFileSync(join(dir, 'kmsuser-locked-out.md'), 'utf8')).toContain(
      '--key-store-password "$KMSUSER_PASSWORD"',
    );
  });
});

describe('report: shipped: reports/ is what `npm start` writes now (issue #5 §3)', () => {
  it('every committed report, chart, summary and the index equal this run’s bytes (regenerate with `npm run build && npm start`)', () => {
    const written = filesIn(dir, /\.(md|svg|json)$/).map((file) => relative(dir, file));
    expect(written.length).toBe(1 + 3 * results.length);
    const stale = written.filter(
      (name) =>
        !existsSync(join(SHIPPED, name)) ||
        !readFileSync(join(SHIPPED, name)).equals(readFileSync(join(dir, name))),
    );
    expect(stale).toEqual([]);
    // No report of a scenario that no longer exists.
    expect(filesIn(SHIPPED, /\.md$/).map((file) => relative(SHIPPED, file))).toEqual(
      written.filter((name) => name.endsWith('.md')),
    );
  });
});
