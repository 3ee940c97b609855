/**
 * The built CLI (bin/kmsim.js, dist/ from `npm run build`, which `npm test` runs first) in a child
 * process, as users run it: `kmsim exec` and `kmsim serve --scenario` tests start it here. Every
 * wait is bounded and every process is killed by pid when the test is done with it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const KMSIM_BIN = fileURLToPath(new URL('../../bin/kmsim.js', import.meta.url));

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface KmsimProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly finished: Promise<Finished>;
  stdout(): string;
  stderr(): string;
}

const live = new Set<ChildProcessWithoutNullStreams>();
let hooked = false;

export function assertBuilt(): void {
  if (!existsSync(new URL('../../dist/cli/main.js', import.meta.url)))
    throw new Error('dist/ is missing: run `npm run build` first (npm test does it via pretest)');
}

/** Starts `kmsim ...args`; kills it (SIGKILL, by pid) after `limitMs` if it is still running. */
export function startKmsim(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; limitMs?: number } = {},
): KmsimProcess {
  assertBuilt();
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const child of live) child.kill('SIGKILL');
    });
  }
  const child = spawn(process.execPath, [KMSIM_BIN, ...args], {
    cwd: REPO_ROOT,
    env: options.env ?? { ...process.env },
  });
  live.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const limit = setTimeout(() => child.kill('SIGKILL'), options.limitMs ?? 120_000);
  const finished = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      live.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, finished, stdout: () => stdout, stderr: () => stderr };
}

/** Runs `kmsim ...args` to the end. */
export function runKmsim(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; limitMs?: number } = {},
): Promise<Finished> {
  return startKmsim(args, options).finished;
}

/** Resolves once `pattern` appears in what `read` returns, or rejects after `limitMs`. */
export async function waitFor(
  read: () => string,
  pattern: RegExp,
  done: Promise<unknown>,
  limitMs = 60_000,
): Promise<RegExpExecArray> {
  let ended = false;
  void done.then(() => (ended = true));
  for (let waited = 0; waited < limitMs; waited += 25) {
    const match = pattern.exec(read());
    if (match) return match;
    if (ended) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no ${pattern} within ${limitMs} ms; got: ${read()}`);
}
