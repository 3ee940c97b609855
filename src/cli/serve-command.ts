/**
 * `kmsim serve [--port N] [--host H] [--seed N] [--time-scale X] [--no-quotas] [--scenario FILE
 * [--report DIR]]`: the KMS and CloudHSM v2 wire protocol over HTTP, with a control API under
 * /_sim/. Only the flags live here: the implementation, serve-run.ts, loads when the command runs.
 */
import type { Command } from 'commander';
import { DEFAULT_HOST, DEFAULT_PORT } from '../transport/http-server.js';
import { parseHost, parsePort, parseSeed, parseTimeScale } from './option-parsers.js';

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly seed?: number;
  readonly timeScale: number;
  /** false with --no-quotas: no request quota applies (issue #9 §3). */
  readonly quotas: boolean;
  readonly scenario?: string;
  readonly report?: string;
}

export const DEFAULT_SEED = 1;
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
