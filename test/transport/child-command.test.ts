/**
 * transport/child-command.ts (issue #9 §2): the command `kmsim exec` runs. Under libfaketime its
 * clock starts at the instant we give it and runs `scale` times faster, in the processes it starts
 * too; a stop reaches every process it started; nothing of libfaketime's shared memory is left.
 * The clock checks read the child's own (virtual) clock, never the wall clock of this test.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  faketimeSpec,
  resolveExecutable,
  startChildCommand,
} from '../../src/transport/child-command.js';
import { detectFaketime, gate } from '../support/real-client-detection.js';

const faketime = detectFaketime();
const verdict = gate(faketime);
const START_EPOCH_MS = Date.UTC(2026, 0, 1);

/** Runs `node -e script` (in a shell, as a grandchild) and reads back what it printed. */
async function nodeChild(
  script: string,
  clock?: { startEpochMs: number; scale: number },
): Promise<{ lines: string[]; code: number | null; probeMs: number | undefined }> {
  // The command inherits our stdio; its output goes to a file we read afterwards.
  const out = join(mkdtempSync(join(tmpdir(), 'kmsim-child-')), 'out.txt');
  const child = startChildCommand({
    command: '/bin/sh',
    args: ['-c', `"${process.execPath}" -e '${script}' > "${out}"`],
    env: { ...process.env },
    ...(clock ? { clock } : {}),
  });
  const exit = await child.exited;
  const probeMs = (await child.clockReading)?.childEpochMs;
  return { lines: readFileSync(out, 'utf8').trim().split('\n'), code: exit.code, probeMs };
}

describe('transport: child command', () => {
  it('faketimeSpec is an offset from the real clock in seconds to the millisecond, with the factor after x', () => {
    expect(faketimeSpec({ startEpochMs: 1_000_000, scale: 60 }, 4_000_400)).toBe('-3000.400 x60');
    expect(faketimeSpec({ startEpochMs: 10_000_000, scale: 0.5 }, 4_000_000)).toBe(
      '+6000.000 x0.5',
    );
  });

  it('resolveExecutable finds a command on PATH, and nothing for a missing one', () => {
    expect(resolveExecutable('sh', '/nonexistent:/bin')).toBe('/bin/sh');
    expect(resolveExecutable('kmsim-no-such-command', '/bin:/usr/bin')).toBeUndefined();
    expect(resolveExecutable('/bin/sh')).toBe('/bin/sh');
  });

  it.skipIf(verdict.skip && !verdict.mustFail)(
    'under libfaketime at x60 the command starts at the given instant and its 6-second sleep passes 6 virtual seconds, in a grandchild too',
    async () => {
      if (verdict.mustFail) throw new Error(verdict.message);
      const before = new Set(readdirSync('/dev/shm'));
      const { lines, code, probeMs } = await nodeChild(
        'const t0 = Date.now(); console.log(t0); setTimeout(() => console.log(Date.now() - t0), 6000);',
        { startEpochMs: START_EPOCH_MS, scale: 60 },
      );
      expect(code).toBe(0);
      const [startedAt, slept] = lines.map(Number);
      // The clock was read once before the command ran, on the same clock.
      expect(probeMs).toBeDefined();
      expect(probeMs!).toBeGreaterThanOrEqual(START_EPOCH_MS - 1_000);
      expect(probeMs!).toBeLessThanOrEqual(startedAt!);
      // The child's own clock: near the start we gave (its start-up counts 60 times over), far
      // from the real date.
      expect(startedAt).toBeGreaterThanOrEqual(START_EPOCH_MS - 1_000);
      expect(startedAt).toBeLessThan(START_EPOCH_MS + 10 * 60_000);
      expect(slept).toBeGreaterThanOrEqual(6_000);
      const left = readdirSync('/dev/shm').filter(
        (name) => name.includes('faketime') && !before.has(name),
      );
      expect(left).toEqual([]);
    },
    60_000,
  );

  it.skipIf(verdict.skip && !verdict.mustFail)(
    'stop() reaches every process the command started, and leaves no faketime shared memory',
    async () => {
      if (verdict.mustFail) throw new Error(verdict.message);
      const dir = mkdtempSync(join(tmpdir(), 'kmsim-child-'));
      const pidFile = join(dir, 'pid');
      const before = new Set(readdirSync('/dev/shm'));
      const child = startChildCommand({
        command: '/bin/sh',
        args: ['-c', `sleep 300 & echo $! > "${pidFile}"; wait`],
        env: { ...process.env },
        clock: { startEpochMs: START_EPOCH_MS, scale: 1 },
        graceMs: 2_000,
      });
      while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8').trim() === '')
        await new Promise((resolve) => setTimeout(resolve, 20));
      const grandchild = Number(readFileSync(pidFile, 'utf8').trim());
      await child.stop('SIGTERM');
      const gone = (pid: number): boolean => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      };
      for (let i = 0; i < 100 && !gone(grandchild); i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(gone(grandchild)).toBe(true);
      const left = readdirSync('/dev/shm').filter(
        (name) => name.includes('faketime') && !before.has(name),
      );
      expect(left).toEqual([]);
    },
    60_000,
  );
});
