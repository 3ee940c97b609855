/**
 * What `kmsim serve` does (serve-command.ts registers it; this module loads only when it runs):
 * one simulator behind the HTTP server (transport/http-server.ts) for clients in
 * other processes and languages. Virtual time follows wall time × --time-scale (ARCHITECTURE
 * "Time and randomness"); `/_sim/advance` jumps it.
 *
 * With `--scenario FILE` (issue #9 §1) it builds the scenario's world, plays its timeline and
 * background load as virtual time passes, names each request's client by its access key, serves the
 * name map under `GET /_sim/world` (`names`) and the verdict so far at `GET /_sim/report`; with
 * `--report DIR` it writes, at shutdown, the runbook report `kmsim run --report` writes.
 *
 * stdout carries exactly one line, `kmsim listening on http://HOST:PORT`, once the port is bound,
 * so scripts can wait for it (port 0 prints the real port). Diagnostics, including the seed for
 * reproducing a session (ARCHITECTURE convention 2), the name map and the final verdict, go to
 * stderr.
 */
import { loadScenarioFile } from '../scenarios/file/loader.js';
import { formatProblem } from '../scenarios/file/problem.js';
import { ServedScenario, unservableReason } from '../scenarios/run/served-scenario.js';
import type { Scenario } from '../scenarios/scenario.js';
import { Simulator } from '../simulator.js';
import { startHttpServer } from '../transport/http-server.js';
import { startedByNpm, watchParent } from '../transport/parent-watch.js';
import type { SimEndpoint } from '../transport/sim-endpoint.js';
import { UNLIMITED_QUOTAS } from '../world/request-quotas.js';
import { CommandExit, LOAD_ERROR_EXIT_CODE } from './command-exit.js';
import { nameMapLines, writeServedReports } from './served-report.js';

import { DEFAULT_SEED, exposureWarning, type ServeOptions } from './serve-command.js';
/** Wall ms between clock ticks while a scenario is served, so its timeline plays with no request. */
export const SCENARIO_TICK_MS = 20;

function logLine(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The scenario of --scenario, or a usage failure (exit 2) naming file, line and field. */
export function loadServableScenario(file: string, command: string): Scenario {
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) {
    for (const message of loaded.messages) logLine(message);
    throw new CommandExit(LOAD_ERROR_EXIT_CODE);
  }
  const reason = unservableReason(loaded.scenario);
  if (reason !== undefined) {
    const problem = loaded.problemAt(reason.path, `cannot serve this scenario: ${reason.reason}`);
    logLine(`kmsim ${command}: ${formatProblem(problem)}`);
    throw new CommandExit(LOAD_ERROR_EXIT_CODE);
  }
  return loaded.scenario;
}

export async function serve(options: ServeOptions): Promise<void> {
  if (options.report !== undefined && options.scenario === undefined) {
    logLine('kmsim serve: --report needs --scenario (the report is the scenario run)');
    throw new CommandExit(LOAD_ERROR_EXIT_CODE);
  }
  const scenario =
    options.scenario === undefined ? undefined : loadServableScenario(options.scenario, 'serve');
  const seed = options.seed ?? scenario?.seed ?? DEFAULT_SEED;
  const flags = `--seed ${seed} --time-scale ${options.timeScale}${options.quotas ? '' : ' --no-quotas'}`;
  const reproduce =
    options.scenario === undefined
      ? `kmsim serve ${flags}`
      : `kmsim serve --scenario ${options.scenario} ${flags}`;
  logLine(`SEED=${seed} ${reproduce}`);
  const warning = exposureWarning(options.host);
  if (warning !== undefined) logLine(warning);
  let endpoint: SimEndpoint;
  let served: ServedScenario | undefined;
  if (scenario) {
    served = await ServedScenario.start(scenario, {
      seed,
      quotas: options.quotas,
      timeScale: options.timeScale,
      traceRetain: options.traceEvents,
      reproduce: `npx ${reproduce}, then run your clients against it`,
    });
    endpoint = served.endpoint;
  } else {
    endpoint = new Simulator({
      seed,
      traceRetain: options.traceEvents,
      ...(options.quotas ? {} : { quotas: UNLIMITED_QUOTAS }),
    });
  }
  const server = await startHttpServer(endpoint, {
    port: options.port,
    host: options.host,
    timeScale: options.timeScale,
    log: logLine,
    ...(served ? { tickMs: SCENARIO_TICK_MS } : {}),
  });
  process.stdout.write(`kmsim listening on ${server.url}\n`);
  logLine(`kmsim: pid ${process.pid}`);
  if (served) for (const line of nameMapLines(served.nameMap())) logLine(line);
  let stopping = false;
  const stop = (signal: NodeJS.Signals | string): void => {
    if (stopping) {
      process.exit(130);
    }
    stopping = true;
    logLine(`kmsim: ${signal}, closing`);
    const finish = async (): Promise<void> => {
      await server.close();
      if (!served) return;
      const result = await served.finish();
      for (const line of result.lines) logLine(line);
      logLine(`${result.passed ? 'PASSED' : 'FAILED'} fingerprint=${result.fingerprint}`);
      if (options.report !== undefined) {
        const written = await writeServedReports(
          options.scenario!,
          result,
          options.report,
          reproduce,
        );
        logLine(`kmsim: wrote ${written.join(' and ')}`);
      }
    };
    finish().then(
      () => process.exit(0),
      (error: unknown) => {
        logLine(`kmsim: close failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Under npx, a SIGTERM to npx never reaches us: stop with the process that started us.
  if (startedByNpm())
    watchParent((why) => {
      logLine(`kmsim: ${why}`);
      stop('SIGTERM');
    });
}
