/**
 * `kmsim run <path> [--seed N] [--report DIR]`: only the flags live here. The implementation,
 * run-command.ts (the runner, the simulator, the SDK clients), loads when the command runs, so
 * `kmsim --help` and the other commands do not load it.
 */
import type { Command } from 'commander';
import { CommandExit } from './command-exit.js';
import { parseSeed } from './option-parsers.js';
import type { RunCommandOptions } from './run-command.js';

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description(
      'run scenario files and check their expectations (a file, or every *.yaml/*.yml in a directory)',
    )
    .argument('<path>', 'a scenario file or a directory of them')
    .option('--seed <n>', "override each scenario's seed", parseSeed)
    .option(
      '--report <dir>',
      'write a runbook report (<scenario>.md, <scenario>.svg, README.md index) per scenario, with its trace, into <dir>',
    )
    .action(async (path: string, options: RunCommandOptions) => {
      const { runCommand } = await import('./run-command.js');
      const exitCode = await runCommand(path, options);
      if (exitCode !== 0) throw new CommandExit(exitCode);
    });
}
