/**
 * The `kmsim` command line: one commander program, one file per command (serve-command.ts,
 * run-command.ts, sweep-command.ts, exec-command.ts), registered here. Usage errors exit 2 with
 * commander's one-line message (which names the flag) and no stack trace; a failure while running
 * exits 1, also without one.
 */
import { Command, CommanderError } from 'commander';
import { CommandExit } from './command-exit.js';
import { registerExecCommand } from './exec-command.js';
import { registerServeCommand } from './serve-command.js';

/** Exit status for bad usage (flags, unknown commands), as most Unix tools use. */
export const USAGE_EXIT_CODE = 2;

/**
 * Commands whose flags are declared apart from their implementation, which loads only when they
 * run. For these the program registers only the one being run: `kmsim exec` starts its child
 * sooner (every wall second before it counts X times at --time-scale X) and `kmsim serve` listens
 * sooner. `run` and `sweep` declare their flags beside their implementation.
 */
const LIGHT_COMMANDS: Readonly<Record<string, (program: Command) => void>> = {
  serve: registerServeCommand,
  exec: registerExecCommand,
};

export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('kmsim')
    .description('deterministic simulator of AWS KMS and CloudHSM v2')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  const named = argv[2];
  if (named !== undefined && Object.hasOwn(LIGHT_COMMANDS, named)) {
    LIGHT_COMMANDS[named]!(program);
    return program;
  }
  const [{ registerRunCommand }, { registerSweepCommand }] = await Promise.all([
    import('./run-command.js'),
    import('./sweep-command.js'),
  ]);
  registerServeCommand(program);
  registerRunCommand(program);
  registerSweepCommand(program);
  registerExecCommand(program);
  return program;
}

/** Runs the CLI; resolves to the exit code to use once the command has finished. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = await buildProgram(argv);
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
