/**
 * `kmsim serve [--port N] [--host H] [--seed N] [--time-scale X] [--no-quotas] [--trace-events N]
 * [--scenario FILE [--report DIR]]`: the KMS and CloudHSM v2 wire protocol over HTTP, with a
 * control API under /_sim/. Only the flags live here: the implementation, serve-run.ts, loads when
 * the command runs.
 *
 * The server keeps only the newest --trace-events trace events in memory (default
 * DEFAULT_TRACE_EVENTS), so its memory does not grow with the requests it answers (issue 11 §10);
 * `GET /_sim/trace?after=&limit=` pages through them. A --host that is not a loopback address gets
 * a warning on stderr, since the server has no authentication (issue 11 §12).
 */
import type { Command } from 'commander';
import { DEFAULT_HOST, DEFAULT_PORT } from '../transport/http-server.js';
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
  readonly seed?: number;
  readonly timeScale: number;
  readonly traceEvents: number;
  /** false with --no-quotas: no request quota applies (issue #9 §3). */
  readonly quotas: boolean;
  readonly scenario?: string;
  readonly report?: string;
}

export const DEFAULT_SEED = 1;
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
    .option(
      '--seed <n>',
      `simulation seed (default: the scenario's, else ${DEFAULT_SEED})`,
      parseSeed,
    )
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
    .option(
      '--no-quotas',
      'switch request quotas off (under frozen time every request falls in the same quota second)',
    )
    .option(
      '--scenario <file>',
      "build this scenario's world and play its timeline and load; clients are your processes",
    )
    .option(
      '--report <dir>',
      'with --scenario: write the runbook report (and trace, summary) into <dir> at shutdown',
    )
    .action(async (options: ServeOptions) => {
      const { serve } = await import('./serve-run.js');
      await serve(options);
    });
}
