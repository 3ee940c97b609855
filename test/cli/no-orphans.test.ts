/**
 * Stopping `npx kmsim serve` leaves no orphan node process (issue #9 §3). `npx kmsim serve` runs
 * `npm exec` → `sh -c kmsim serve` → node; a SIGTERM to npx ends npm and the shell but never reaches
 * node. This test builds the same chain (a shell that does not exec its command, with npm's
 * `npm_command` in the environment), kills the shell with SIGTERM, and checks that the server
 * process goes away by itself.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/kmsim.js', import.meta.url));
const WAIT_LIMIT_MS = 30_000;

const leftovers: number[] = [];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

beforeAll(() => {
  if (!existsSync(new URL('../../dist/cli/main.js', import.meta.url)))
    throw new Error('dist/ is missing: run `npm run build` first (npm test does it via pretest)');
});

afterAll(() => {
  // Only processes this test started, by pid.
  for (const pid of leftovers) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

describe('kmsim serve under npx', () => {
  it('a SIGTERM to the npm/shell chain that started it stops the server too', async () => {
    const shell = spawn(
      '/bin/sh',
      ['-c', `"${process.execPath}" "${bin}" serve --port 0 --time-scale 0; true`],
      {
        cwd: repoRoot,
        env: { ...process.env, npm_command: 'exec' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    shell.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    shell.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    let serverPid: number | undefined;
    for (let waited = 0; waited < WAIT_LIMIT_MS && serverPid === undefined; waited += 50) {
      const match = /kmsim: pid (\d+)/.exec(stderr);
      if (match && /kmsim listening on /.test(stdout)) serverPid = Number(match[1]);
      else await sleep(50);
    }
    expect(serverPid, `no pid line; stderr: ${stderr}`).toBeDefined();
    leftovers.push(serverPid!);
    expect(serverPid).not.toBe(shell.pid);
    shell.kill('SIGTERM');
    await new Promise((resolve) => shell.once('exit', resolve));
    // The shell is gone and did not pass the signal on; the server must notice by itself.
    for (let waited = 0; waited < WAIT_LIMIT_MS && alive(serverPid!); waited += 100)
      await sleep(100);
    expect(alive(serverPid!), `server ${serverPid} outlived its parent; stderr: ${stderr}`).toBe(
      false,
    );
    expect(stderr).toMatch(/kmsim: parent process \d+ exited/);
  }, 90_000);
});
