/**
 * The `kmsim` command line: one commander program, each command's flags in one file
 * (serve-command.ts, run-flags.ts, sweep-flags.ts, exec-command.ts), registered here. Usage errors exit 2 with
 * commander's one-line message (which names the flag) and no stack trace; a failure while running
 * exits 1, also without one.
 */
import { Command, CommanderError } from 'commander';
import { CommandExit } from './command-exit.js';
import { registerExecCommand } from './exec-command.js';
import { registerRunCommand } from './run-flags.js';
import { registerServeCommand } from './serve-command.js';
import { registerSweepCommand } from './sweep-flags.js';

/** Exit status for bad usage (flags, unknown commands), as most Unix tools use. */
export const USAGE_EXIT_CODE = 2;

/**
 * Every command declares its flags apart from its implementation, which loads only when it runs
 * (issue 12: `kmsim --help` loads no implementation, `kmsim run` loads only the runner). When the
 * command is named, only it is registered: `kmsim exec` starts its child sooner (every wall second
 * before it counts X times at --time-scale X) and `kmsim serve` listens sooner.
 */
const COMMANDS: Readonly<Record<string, (program: Command) => void>> = {
  serve: registerServeCommand,
  run: registerRunCommand,
  sweep: registerSweepCommand,
  exec: registerExecCommand,
};

export function buildProgram(argv: readonly string[] = []): Command {
  const program = new Command('kmsim')
    .description('deterministic simulator of AWS KMS and CloudHSM v2')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  const named = argv[2];
  if (named !== undefined && Object.hasOwn(COMMANDS, named)) {
    COMMANDS[named]!(program);
    return program;
  }
  for (const register of Object.values(COMMANDS)) register(program);
  return program;
}

/** Runs the CLI; resolves to the exit code to use once the command has finished. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram(argv);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    // A command that has already said everything (run: load errors, failed expectations) sets the status.
    if (error instanceof CommandExit) return error.exitCode;
    if (error instanceof CommanderError) {
      // Commander has already printed its message; help and version requests are not errors.
      return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    }
    process.stderr.write(`kmsim: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
