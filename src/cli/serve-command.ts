/**
 * `kmsim serve`: one simulator behind the HTTP server (transport/http-server.ts) for clients in
 * other processes and languages. Virtual time follows wall time × --time-scale (ARCHITECTURE
 * "Time and randomness"); `/_sim/advance` jumps it.
 *
 * stdout carries exactly one line, `kmsim listening on http://HOST:PORT`, once the port is bound,
 * so scripts can wait for it (port 0 prints the real port). Diagnostics, including the seed for
 * reproducing a session (ARCHITECTURE convention 2), go to stderr; so does a warning when --host
 * is not a loopback address, since the server has no authentication (issue 11 §12).
 *
 * The server keeps only the newest --trace-events trace events in memory (default
 * DEFAULT_TRACE_EVENTS), so its memory does not grow with the requests it answers (issue 11 §10);
 * `GET /_sim/trace?after=&limit=` pages through them.
 */
import type { Command } from 'commander';
import { Simulator } from '../simulator.js';
import { DEFAULT_HOST, DEFAULT_PORT, startHttpServer } from '../transport/http-server.js';
import {
  parseHost,
  parsePort,
  parseSeed,
  parseTimeScale,
  parseTraceEvents,
} from './option-parsers.js';

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly seed: number;
  readonly timeScale: number;
  readonly traceEvents: number;
}

const DEFAULT_SEED = 1;
const DEFAULT_TIME_SCALE = 1;
/** About one event per AWS call, about 175 bytes each in memory: under 20 MB. */
export const DEFAULT_TRACE_EVENTS = 100_000;

/** Loopback hosts: only this machine can connect. */
function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    bare === 'localhost' ||
    bare === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(bare) ||
    /^::ffff:127\.\d+\.\d+\.\d+$/.test(bare)
  );
}

/** One line for stderr when the server can be reached from other machines; undefined on loopback. */
export function exposureWarning(host: string): string | undefined {
  if (isLoopback(host)) return undefined;
  const where =
    host === '0.0.0.0' || host === '::' || host === '[::]' ? 'every network interface' : host;
  return `kmsim: warning: --host ${host} serves on ${where} with no authentication: anyone who can reach this port can call the simulated KMS and CloudHSM and change the world through /_sim/`;
}

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
      '--trace-events <n>',
      'trace events kept in memory, newest first out (GET /_sim/trace pages through them)',
      parseTraceEvents,
      DEFAULT_TRACE_EVENTS,
    )
    .action(async (options: ServeOptions) => {
      await serve(options);
    });
}

function logLine(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function serve(options: ServeOptions): Promise<void> {
  const sim = new Simulator({ seed: options.seed, traceRetain: options.traceEvents });
  logLine(
    `SEED=${options.seed} kmsim serve --seed ${options.seed} --time-scale ${options.timeScale}`,
  );
  const warning = exposureWarning(options.host);
  if (warning !== undefined) logLine(warning);
  const server = await startHttpServer(sim, {
    port: options.port,
    host: options.host,
    timeScale: options.timeScale,
    log: logLine,
  });
  process.stdout.write(`kmsim listening on ${server.url}\n`);
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
}
