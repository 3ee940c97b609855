/**
 * `kmsim exec SCENARIO [--time-scale X] [--seed N] [--report DIR] [--no-quotas] -- COMMAND [ARGS...]`
 * (issue #9 §2): serve a scenario and run COMMAND against it with its clock in step with virtual
 * time; check the expectations when both are done. Only the flags live here: the implementation,
 * exec-run.ts, loads when the command runs, so the CLI starts without loading every command.
 */
import type { Command } from 'commander';
import { CommandExit } from './command-exit.js';
import { parseSeed, parseTimeScale } from './option-parsers.js';

export interface ExecOptions {
  readonly timeScale: number;
  readonly seed?: number;
  readonly report?: string;
  readonly quotas: boolean;
}

export function registerExecCommand(program: Command): void {
  program
    .command('exec')
    .description(
      'serve a scenario and run COMMAND against it with its clock in step with virtual time; check the expectations when both are done',
    )
    .argument('<scenario>', 'the scenario file (world, timeline, external clients, expectations)')
    .argument('<command...>', 'the command to run, after --')
    .usage('<scenario> [options] -- <command> [args...]')
    .option(
      '--time-scale <x>',
      'virtual seconds per wall second, for the server and (under libfaketime) the command',
      parseTimeScale,
      1,
    )
    .option('--seed <n>', "override the scenario's seed", parseSeed)
    .option('--report <dir>', 'write the runbook report (and trace, summary) into <dir>')
    .option('--no-quotas', 'switch request quotas off')
    .action(async (scenarioFile: string, command: string[], options: ExecOptions) => {
      const { execCommand } = await import('./exec-run.js');
      const exitCode = await execCommand(scenarioFile, command, options);
      if (exitCode !== 0) throw new CommandExit(exitCode);
    });
}
