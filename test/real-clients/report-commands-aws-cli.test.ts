/**
 * Real client: every `aws ...` line of the committed runbook reports (reports/*.md) runs with the
 * real AWS CLI v2 against `kmsim serve`, and must parse and reach the server (issue 14, deliverable
 * 2). The server's world is empty, so most answers are errors such as NotFoundException: what is
 * checked is that the CLI accepted the line, sent the request, and printed the service's answer —
 * exit 0, or exit 254 with `An error occurred (<type>) when calling the <Operation> operation` —
 * and that the server's trace holds one request per line, for that operation, in order.
 *
 * The lines run in one Debian python3 process through awscli.clidriver (test/real-clients/
 * aws_cli_lines.py), the entry point /usr/bin/aws itself calls; the first line also runs through
 * /usr/bin/aws to show both give the same answer. The placeholders the reports explain get values
 * a reader would set: the server's URL for both endpoints, a password, a base64 ciphertext.
 * Skipped with a printed reason when /usr/bin/aws (CLI v2) is missing; with CI=true that fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AWS_CLI_PATH,
  DEBIAN_PYTHON_PATH,
  detectAwsCliV2,
  gate,
  isolatedAwsEnv,
} from '../support/real-client-detection.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';
import { runProcess } from './run-process.js';

const detection = detectAwsCliV2();
const verdict = gate(detection);

const REPORTS = fileURLToPath(new URL('../../reports', import.meta.url));
const HARNESS = fileURLToPath(new URL('./aws_cli_lines.py', import.meta.url));
const RUN_TIMEOUT_MS = 600_000;

/** Every distinct `aws ...` line of the committed reports, with the reports that hold it. */
function reportLines(): Map<string, string[]> {
  const lines = new Map<string, string[]>();
  for (const name of readdirSync(REPORTS)
    .filter((file) => file.endsWith('.md'))
    .sort())
    for (const line of readFileSync(join(REPORTS, name), 'utf8').split('\n'))
      if (line.startsWith('aws ')) lines.set(line, [...(lines.get(line) ?? []), name]);
  return lines;
}

/** `aws kms describe-custom-key-stores …` → `DescribeCustomKeyStores`. */
function operationOf(line: string): string {
  const subcommand = line.split(' ')[2] ?? '';
  return subcommand
    .split('-')
    .map((word) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`)
    .join('');
}

interface LineResult {
  readonly line: string;
  readonly args: string[];
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const SERVICE_ERROR = /An error occurred \((\w+)\) when calling the (\w+) operation/;

describe.skipIf(verdict.skip)(
  'real client: every aws line of the reports, AWS CLI v2 against kmsim serve',
  () => {
    let server: ServeProcess;
    let work: string;
    let env: NodeJS.ProcessEnv;
    const lines = [...reportLines().keys()];

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'kmsim-report-lines-'));
      server = await startServe({ seed: 14 });
      env = {
        ...isolatedAwsEnv(work),
        KMS_ENDPOINT: server.url,
        CLOUDHSM_ENDPOINT: server.url,
        KMSUSER_PASSWORD: 'ExampleKmsuserPassw0rd',
        // What `aws kms encrypt` prints: base64. Not a ciphertext kmsim made, so the answer is an error.
        CIPHERTEXT: Buffer.from('not a kmsim ciphertext').toString('base64'),
        TZ: 'UTC',
      };
    });

    afterAll(async () => {
      await server?.close();
      if (work) await rm(work, { recursive: true, force: true });
    });

    it('the reports hold aws lines, each using only placeholders the reports explain', () => {
      expect(lines.length).toBeGreaterThan(20);
      for (const line of lines) {
        expect(line, line).toMatch(/ --endpoint-url "\$(KMS|CLOUDHSM)_ENDPOINT"$/);
        expect(line, line).not.toMatch(/`|\$\(/);
        for (const match of line.matchAll(/\$\{?(\w+)/g))
          expect(['KMS_ENDPOINT', 'CLOUDHSM_ENDPOINT', 'KMSUSER_PASSWORD', 'CIPHERTEXT']).toContain(
            match[1],
          );
      }
    });

    it(
      'every line parses and reaches the server: exit 0 or the service’s own error, one request each, in order',
      async () => {
        const before = (await server.trace())
          .split('\n')
          .filter((event) => event.includes('"api.call"')).length;
        const run = await runProcess(DEBIAN_PYTHON_PATH, [HARNESS], {
          env,
          cwd: work,
          timeoutMs: RUN_TIMEOUT_MS,
          input: `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`,
        });
        expect(run.timedOut).toBe(false);
        expect(run.stderr).toBe('');
        const [header, ...outputs] = run.stdout.trim().split('\n');
        expect(JSON.parse(header!).awscli).toMatch(/^2\./);
        const results = outputs.map((output) => JSON.parse(output) as LineResult);
        expect(results.map((result) => result.line)).toEqual(lines);
        const problems: string[] = [];
        for (const result of results) {
          const answered =
            result.code === 0 ||
            (result.code === 254 &&
              SERVICE_ERROR.exec(result.stderr)?.[2] === operationOf(result.line));
          if (!answered)
            problems.push(`exit ${result.code}: ${result.line}\n${result.stderr.trim()}`);
        }
        expect(problems).toEqual([]);
        const calls = (await server.trace())
          .trim()
          .split('\n')
          .map((event) => JSON.parse(event) as { kind: string; data: { operation: string } })
          .filter((event) => event.kind === 'api.call')
          .slice(before)
          .map((event) => event.data.operation);
        expect(calls).toEqual(lines.map(operationOf));
        console.log(
          `report aws lines: ${lines.length} distinct, all answered by kmsim serve (${results.filter((result) => result.code === 0).length} exit 0, ${results.filter((result) => result.code === 254).length} service errors)`,
        );
      },
      RUN_TIMEOUT_MS,
    );

    it('the in-process CLI answers the first line as /usr/bin/aws does', async () => {
      const line = lines[0]!;
      const [binary, harness] = await Promise.all([
        runProcess('/bin/bash', ['-c', line.replace(/^aws /, `${AWS_CLI_PATH} `)], {
          env,
          cwd: work,
          timeoutMs: 120_000,
        }),
        runProcess(DEBIAN_PYTHON_PATH, [HARNESS], {
          env,
          cwd: work,
          timeoutMs: 120_000,
          input: `${JSON.stringify(line)}\n`,
        }),
      ]);
      const result = JSON.parse(harness.stdout.trim().split('\n')[1]!) as LineResult;
      expect(binary.code).toBe(result.code);
      expect(binary.stdout).toBe(result.stdout);
      expect(binary.stderr.trim()).toBe(result.stderr.trim());
    }, 180_000);
  },
);

if (verdict.mustFail) {
  it('AWS CLI v2 is installed at /usr/bin/aws (required when CI=true)', () => {
    throw new Error(verdict.message);
  });
}
