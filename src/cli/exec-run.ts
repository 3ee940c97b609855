/**
 * What `kmsim exec` does (exec-command.ts registers it; this module loads only when it runs), issue
 * #9 §2: any process in any language as a client under test.
 *
 * 1. Loads the scenario (exit 2 naming file, line and field on a problem), builds its world and
 *    serves it on a free loopback port, virtual time running at X (serve --scenario's engine).
 * 2. Runs COMMAND with the endpoint, credentials and world ids in its environment
 *    (exec-environment.ts), its stdin, stdout and stderr passed through, and its clock in step with
 *    virtual time: under libfaketime, starting at the scenario's virtual now and running X times
 *    faster (transport/child-command.ts). Without libfaketime it says so in one line and runs at
 *    X = 1 with the real clock, whose offset from virtual time is then known and allowed for.
 * 3. When the command has exited, plays the rest of the scenario (a jump: no client is left to
 *    see it), checks the expectations with what the server saw, prints the verdict on stderr and,
 *    with --report, writes the runbook report `kmsim run --report` writes.
 * 4. Exits with the command's status if it failed, else 1 if an expectation failed, else 0, and
 *    says which. SIGINT/SIGTERM stop the command (its whole process group) and the server; so does
 *    the death of npm when started by npx. kmsim's own lines go to stderr.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServedScenario } from '../scenarios/run/served-scenario.js';
import {
  findFaketime,
  realEpochNowMs,
  resolveExecutable,
  startChildCommand,
  type ChildExit,
} from '../transport/child-command.js';
import { startHttpServer } from '../transport/http-server.js';
import { startedByNpm, watchParent } from '../transport/parent-watch.js';
import { execEnvironment } from './exec-environment.js';
import { LOAD_ERROR_EXIT_CODE, shellWord } from './command-exit.js';
import { loadServableScenario, SCENARIO_TICK_MS } from './serve-run.js';
import { nameMapLines, writeServedReports } from './served-report.js';

import type { ExecOptions } from './exec-command.js';

/** Exit status when COMMAND cannot be found, as shells use. */
export const COMMAND_NOT_FOUND_EXIT_CODE = 127;
/** Exit status for an expectation that failed (as kmsim run). */
export const EXPECTATION_FAILED_EXIT_CODE = 1;

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGINT: 2, SIGTERM: 15, SIGKILL: 9 };

function logLine(line: string): void {
  process.stderr.write(`${line}\n`);
}

function describeExit(exit: ChildExit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

function exitStatusOf(exit: ChildExit): number {
  if (exit.signal) return 128 + (SIGNAL_NUMBERS[exit.signal] ?? 1);
  return exit.code ?? 1;
}

/** The whole command; resolves to the exit code. */
export async function execCommand(
  scenarioFile: string,
  command: readonly string[],
  options: ExecOptions,
): Promise<number> {
  if (options.timeScale <= 0) {
    logLine(
      'kmsim exec: --time-scale must be above 0: the command lives in time (for frozen time, use kmsim serve --time-scale 0 and /_sim/advance)',
    );
    return LOAD_ERROR_EXIT_CODE;
  }
  const scenario = loadServableScenario(scenarioFile, 'exec');
  const [program, ...args] = command;
  const executable = program === undefined ? undefined : resolveExecutable(program);
  if (program === undefined || executable === undefined) {
    logLine(
      program === undefined
        ? 'kmsim exec: no command given (kmsim exec SCENARIO -- COMMAND [ARGS...])'
        : `kmsim exec: command not found: ${program}`,
    );
    return program === undefined ? LOAD_ERROR_EXIT_CODE : COMMAND_NOT_FOUND_EXIT_CODE;
  }
  const faketime = findFaketime();
  let timeScale = options.timeScale;
  if (!faketime) {
    logLine(
      `kmsim exec: libfaketime (faketime) not found: running at --time-scale 1 with the command's real clock instead of ${timeScale} (apt-get install faketime)`,
    );
    timeScale = 1;
  }
  const seed = options.seed ?? scenario.seed;
  const reproduce = `kmsim exec ${shellWord(scenarioFile)} --seed ${seed} --time-scale ${timeScale}${options.quotas ? '' : ' --no-quotas'} -- ${command.map(shellWord).join(' ')}`;
  logLine(`SEED=${seed} ${reproduce}`);
  const served = await ServedScenario.start(scenario, {
    seed,
    quotas: options.quotas,
    timeScale,
    reproduce: `npx ${reproduce}`,
  });
  const server = await startHttpServer(served.endpoint, {
    port: 0,
    host: '127.0.0.1',
    timeScale,
    log: logLine,
    tickMs: SCENARIO_TICK_MS,
    // Virtual time starts with the command's clock (child-command.ts CLOCK_PROBE).
    startPaused: true,
  });
  const workDir = mkdtempSync(join(tmpdir(), 'kmsim-exec-'));
  try {
    return await runAgainst(served, server, workDir, scenarioFile, executable, args, {
      ...options,
      timeScale,
      faketime,
      reproduce,
    });
  } finally {
    await server.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function runAgainst(
  served: ServedScenario,
  server: Awaited<ReturnType<typeof startHttpServer>>,
  workDir: string,
  scenarioFile: string,
  executable: string,
  args: readonly string[],
  options: ExecOptions & { faketime: string | undefined; reproduce: string },
): Promise<number> {
  const worldFile = join(workDir, 'world.json');
  const names = served.nameMap();
  writeFileSync(worldFile, `${JSON.stringify(names, null, 2)}\n`);
  const { env, warnings } = execEnvironment({
    base: process.env,
    endpointUrl: server.url,
    region: served.sim.region,
    clients: served.scenario.clients,
    names,
    worldFile,
  });
  for (const line of [...nameMapLines(names), ...warnings]) logLine(line);
  logLine(`kmsim: listening on ${server.url} (KMSIM_ENDPOINT_URL)`);
  // The command's clock starts where virtual time is; the server's starts with it.
  await server.clock.sync();
  const startEpochMs = served.virtualEpochNowMs;
  const startMs = served.sim.nowMs;
  if (!options.faketime) {
    served.setClientClockOffset(realEpochNowMs() - startEpochMs);
    server.clock.resume(startMs);
  }
  const child = startChildCommand({
    command: executable,
    args,
    env,
    ...(options.faketime
      ? { clock: { startEpochMs, scale: options.timeScale }, faketimePath: options.faketime }
      : {}),
  });
  void child.clockReading.then((reading) => {
    if (!options.faketime) return;
    if (reading === undefined) {
      logLine(
        "kmsim exec: could not read the command's clock before it started; virtual time starts now",
      );
      server.clock.resume(startMs);
      return;
    }
    // Where the command's clock reads now, in virtual time (never before the start).
    server.clock.resume(startMs + Math.max(0, reading.childEpochMs - startEpochMs));
  });
  let stoppedBy: string | undefined;
  const stop = (why: string): void => {
    if (stoppedBy !== undefined) {
      child.signal('SIGKILL');
      return;
    }
    stoppedBy = why;
    logLine(`kmsim exec: ${why}: stopping the command and the server`);
    void child.stop('SIGTERM');
  };
  const onSigint = (): void => stop('SIGINT');
  const onSigterm = (): void => stop('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  const unwatch = startedByNpm() ? watchParent((why) => stop(why)) : () => undefined;
  let exit: ChildExit;
  try {
    exit = await child.exited;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    unwatch();
    // Whatever the command left running in its group goes with it.
    child.signal('SIGKILL');
  }
  if (stoppedBy !== undefined) {
    const signal = stoppedBy === 'SIGINT' ? 2 : 15;
    logLine(`kmsim exec: stopped (${stoppedBy}); no verdict`);
    return 128 + signal;
  }
  logLine(`kmsim exec: the command ${describeExit(exit)}`);
  await server.clock.sync();
  const leftMs = served.endMs - served.sim.nowMs;
  if (leftMs > 0) {
    logLine(
      `kmsim exec: playing the scenario's last ${(leftMs / 1000).toFixed(1)} virtual seconds`,
    );
    await server.clock.jump(leftMs);
  }
  await server.close();
  const result = await served.finish();
  for (const line of result.lines) logLine(line);
  logLine(`${result.passed ? 'PASSED' : 'FAILED'} fingerprint=${result.fingerprint}`);
  if (options.report !== undefined) {
    const written = await writeServedReports(
      scenarioFile,
      result,
      options.report,
      options.reproduce,
    );
    logLine(`kmsim: wrote ${written.join(' and ')}`);
  }
  const failedChecks = result.expectations.filter((expectation) => !expectation.passed).length;
  const commandFailed = exit.signal !== null || exit.code !== 0;
  const causes = [
    ...(commandFailed ? [`the command ${describeExit(exit)}`] : []),
    ...(failedChecks > 0
      ? [`${failedChecks} of ${result.expectations.length} expectation(s) failed`]
      : []),
  ];
  if (causes.length === 0) {
    logLine('kmsim exec: PASSED: the command succeeded and every expectation held');
    return 0;
  }
  logLine(`kmsim exec: FAILED: ${causes.join('; ')}`);
  return commandFailed ? exitStatusOf(exit) || 1 : EXPECTATION_FAILED_EXIT_CODE;
}
