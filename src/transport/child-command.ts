/**
 * The command `kmsim exec` runs, with its clock in step with virtual time (issue #9 §2;
 * ARCHITECTURE "Time and randomness": for another process, the driver's counterpart is its clock).
 *
 * - Under libfaketime (Debian package `faketime`): `faketime -f '<offset> x<scale>'` starts the
 *   command's clocks at the simulator's current virtual instant, running `scale` times faster,
 *   so its sleeps and back-offs are virtual seconds. `FAKETIME_DONT_RESET=1` keeps the clock going
 *   across the processes the command starts (a shell script's `aws` calls); the wrapper shares it
 *   through POSIX shared memory that it removes when the command ends.
 * - The command runs in its own process group, so a stop reaches every process it started (the
 *   faketime wrapper does not forward signals). Its stdin, stdout and stderr are ours.
 * - When we stop it we signal the group, give it a grace period, then SIGKILL; if the wrapper was
 *   killed before it could clean up, its shared-memory files are removed here.
 *
 * This file is in transport/ because it is the boundary with another process and uses real timers
 * (ARCHITECTURE convention 1).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, rmSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FaketimeClock {
  /** Wall-clock instant (Unix ms) the command's clock starts at: the simulator's virtual now. */
  readonly startEpochMs: number;
  /** Virtual seconds per wall second. */
  readonly scale: number;
}

export interface ChildCommandOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Run under libfaketime with this clock; absent: the real clock. */
  readonly clock?: FaketimeClock;
  /** The faketime wrapper to use (default: `faketime` on PATH). */
  readonly faketimePath?: string;
  /** Wall ms between the polite signal and SIGKILL when stopping. Default 5,000. */
  readonly graceMs?: number;
}

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ClockReading {
  /** What the command's clock read (Unix epoch ms). */
  readonly childEpochMs: number;
}

export interface RunningChild {
  readonly pid: number;
  /**
   * Under libfaketime: the command's clock's first reading, taken just before the command runs
   * (undefined if none came: the shell could not run `date`, or the group died first). Without a
   * clock: resolves at once to undefined.
   */
  readonly clockReading: Promise<ClockReading | undefined>;
  /** Resolves once the command (the wrapper, under faketime) has exited. */
  readonly exited: Promise<ChildExit>;
  /** Sends `signal` to every process of the command's group. */
  signal(signal: NodeJS.Signals): void;
  /** Signals the group, then SIGKILLs it after the grace period; resolves when the command is gone. */
  stop(signal?: NodeJS.Signals): Promise<ChildExit>;
}

/** Where `name` would be run from, by PATH (or as given when it has a slash); undefined if nowhere. */
export function resolveExecutable(
  name: string,
  pathVariable = process.env['PATH'] ?? '',
): string | undefined {
  const runnable = (candidate: string): boolean => {
    try {
      if (!statSync(candidate).isFile()) return false;
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (name.includes('/')) return runnable(name) ? name : undefined;
  for (const dir of pathVariable.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (runnable(candidate)) return candidate;
  }
  return undefined;
}

/** The faketime wrapper, if it is installed and runs (`faketime --version`). */
export function findFaketime(pathVariable = process.env['PATH'] ?? ''): string | undefined {
  const found = resolveExecutable('faketime', pathVariable);
  if (!found) return undefined;
  const probe = spawnSync(found, ['--version'], {
    encoding: 'utf8',
    timeout: 10_000,
    stdio: 'pipe',
  });
  return probe.status === 0 ? found : undefined;
}

/**
 * The libfaketime spec: `<±offset seconds> x<scale>`. An offset from the real clock rather than a
 * `@YYYY-MM-DD hh:mm:ss` start date, because libfaketime reads a date in the command's local time
 * zone; an offset means the same instant in every zone. Whole seconds (the factor and the offset
 * are read with the C locale, so no decimal comma): the command starts within half a virtual
 * second of `startEpochMs`.
 */
export function faketimeSpec(clock: FaketimeClock, wallNowEpochMs = Date.now()): string {
  const offsetMs = Math.round(clock.startEpochMs - wallNowEpochMs);
  const sign = offsetMs < 0 ? '-' : '+';
  return `${sign}${(Math.abs(offsetMs) / 1000).toFixed(3)} x${Number(clock.scale.toFixed(6))}`;
}

/**
 * Under libfaketime the command's clock is anchored when the first process of the group loads
 * the library, tens of milliseconds after we spawn it (longer on a busy machine); at x60 every
 * such millisecond is 60 virtual ones. So before the command runs, a shell (in the same clock
 * group) writes the clock's first reading to fd 3, and the caller starts the server's clock from
 * that reading: the two then agree to within the pipe's latency times the scale.
 */
const CLOCK_PROBE = 'date +%s%N >&3; exec 3>&-; exec "$@"';

/** The real clock as Unix epoch ms (for the offset of a command that runs without libfaketime). */
export function realEpochNowMs(): number {
  return Date.now();
}

/**
 * CPython's timed thread waits hang under libfaketime (it fakes CLOCK_MONOTONIC but not the
 * sem_clockwait() CPython waits with); this sitecustomize makes them follow the faked clock
 * (shims/python/sitecustomize.py says how). Prepended to PYTHONPATH for commands under faketime.
 */
export const PYTHON_CLOCK_SHIM_DIR = fileURLToPath(new URL('../../shims/python', import.meta.url));

function withClockShims(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const pythonPath = env['PYTHONPATH'];
  return {
    ...env,
    FAKETIME_DONT_RESET: '1',
    KMSIM_CLOCK_SHIM: 'faketime',
    PYTHONPATH: pythonPath
      ? `${PYTHON_CLOCK_SHIM_DIR}${delimiter}${pythonPath}`
      : PYTHON_CLOCK_SHIM_DIR,
  };
}

/** libfaketime's shared-memory objects for a wrapper pid (removed by the wrapper on a clean exit). */
function faketimeSharedMemory(wrapperPid: number): string[] {
  return [`/dev/shm/faketime_shm_${wrapperPid}`, `/dev/shm/sem.faketime_sem_${wrapperPid}`];
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Whatever happens to this process, its commands do not outlive it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of children) {
      if (child.pid === undefined) continue;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

export function startChildCommand(options: ChildCommandOptions): RunningChild {
  installExitHook();
  const wrapper = options.clock ? (options.faketimePath ?? 'faketime') : undefined;
  const file = wrapper ?? options.command;
  const args = wrapper
    ? [
        '-f',
        faketimeSpec(options.clock!),
        '/bin/sh',
        '-c',
        CLOCK_PROBE,
        'kmsim-exec',
        options.command,
        ...options.args,
      ]
    : [...options.args];
  const env = wrapper ? withClockShims(options.env) : { ...options.env };
  const child = spawn(file, args, {
    stdio: wrapper ? ['inherit', 'inherit', 'inherit', 'pipe'] : 'inherit',
    env,
    detached: true,
  });
  children.add(child);
  const pid = child.pid ?? -1;
  const probe = child.stdio[3];
  const clockReading = new Promise<ClockReading | undefined>((resolve) => {
    if (!probe || !('on' in probe)) {
      resolve(undefined);
      return;
    }
    let text = '';
    probe.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const line = /^(\d{10,})\n/.exec(text);
      // Nanoseconds since the epoch; ms precision is plenty.
      if (line)
        resolve({
          childEpochMs: Number(line[1]!.slice(0, -6)) + Number(`0.${line[1]!.slice(-6)}`),
        });
    });
    probe.on('error', () => resolve(undefined));
    probe.on('close', () => resolve(undefined));
  });
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('error', () => {
      children.delete(child);
      resolve({ code: 127, signal: null });
    });
    child.once('exit', (code, signal) => {
      children.delete(child);
      if (wrapper && pid > 0)
        for (const path of faketimeSharedMemory(pid))
          if (existsSync(path)) rmSync(path, { force: true });
      resolve({ code, signal });
    });
  });
  const signal = (name: NodeJS.Signals): void => {
    if (pid <= 0) return;
    try {
      process.kill(-pid, name);
    } catch {
      // the group is gone
    }
  };
  let stopping: Promise<ChildExit> | undefined;
  const stop = (name: NodeJS.Signals = 'SIGTERM'): Promise<ChildExit> => {
    stopping ??= (async () => {
      signal(name);
      const timer = setTimeout(() => signal('SIGKILL'), options.graceMs ?? 5_000);
      const exit = await exited;
      clearTimeout(timer);
      // The wrapper may have gone first; nothing of the group may stay behind.
      signal('SIGKILL');
      return exit;
    })();
    return stopping;
  };
  return { pid, clockReading, exited, signal, stop };
}
