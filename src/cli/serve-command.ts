/**
 * `kmsim serve`: one simulator behind the HTTP server (transport/http-server.ts) for clients in
 * other processes and languages. Virtual time follows wall time × --time-scale (ARCHITECTURE
 * "Time and randomness"); `/_sim/advance` jumps it.
 *
 * stdout carries exactly one line, `kmsim listening on http://HOST:PORT`, once the port is bound,
 * so scripts can wait for it (port 0 prints the real port). Diagnostics, including the seed for
 * reproducing a session (ARCHITECTURE convention 2), go to stderr.
 */
import type { Command } from 'commander';
import { Simulator } from '../simulator.js';
import { DEFAULT_HOST, DEFAULT_PORT, startHttpServer } from '../transport/http-server.js';
import { startedByNpm, watchParent } from '../transport/parent-watch.js';
import { UNLIMITED_QUOTAS } from '../world/request-quotas.js';
import { parseHost, parsePort, parseSeed, parseTimeScale } from './option-parsers.js';

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly seed: number;
  readonly timeScale: number;
  /** false with --no-quotas: no request quota applies (issue #9 §3). */
  readonly quotas: boolean;
}

const DEFAULT_SEED = 1;
const DEFAULT_TIME_SCALE = 1;

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve KMS and CloudHSM v2 over HTTP (POST /) with a control API under /_sim/')
    .option('--port <port>', 'TCP port, 0 for any free port', parsePort, DEFAULT_PORT)
    .option(
      '--host <host>',
      'interface to bind (loopback by default: there is no authentication)',
      parseHost,
      DEFAULT_HOST,
    )
    .option('--seed <n>', 'simulation seed', parseSeed, DEFAULT_SEED)
    .option(
      '--time-scale <x>',
      'virtual ms per wall ms; 0 freezes time except /_sim/advance',
      parseTimeScale,
      DEFAULT_TIME_SCALE,
    )
    .option(
      '--no-quotas',
      'switch request quotas off (under frozen time every request falls in the same quota second)',
    )
    .action(async (options: ServeOptions) => {
      await serve(options);
    });
}

function logLine(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function serve(options: ServeOptions): Promise<void> {
  const sim = new Simulator({
    seed: options.seed,
    ...(options.quotas ? {} : { quotas: UNLIMITED_QUOTAS }),
  });
  logLine(
    `SEED=${options.seed} kmsim serve --seed ${options.seed} --time-scale ${options.timeScale}${options.quotas ? '' : ' --no-quotas'}`,
  );
  const server = await startHttpServer(sim, {
    port: options.port,
    host: options.host,
    timeScale: options.timeScale,
    log: logLine,
  });
  process.stdout.write(`kmsim listening on ${server.url}\n`);
  logLine(`kmsim: pid ${process.pid}`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.exit(130);
    }
    stopping = true;
    logLine(`kmsim: ${signal}, closing`);
    server.close().then(
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
