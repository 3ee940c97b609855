/**
 * The `kmsim` command line: one commander program, each command's flags in one file
 * (serve-command.ts, run-flags.ts, sweep-flags.ts, exec-command.ts), registered here. Usage errors exit 2 with
 * commander's one-line message (which names the flag) and no stack trace; a failure while running
 * exits 1, also without one.
 */
import { Command, CommanderError } from 'commander';
import { CommandExit } from './command-exit.js';

/** Exit status for bad usage (flags, unknown commands), as most Unix tools use. */
export const USAGE_EXIT_CODE = 2;

/**
 * Every command declares its flags apart from its implementation, which loads only when it runs
 * (issue 12: `kmsim --help` loads no implementation, `kmsim run` loads only the runner). When the
 * command is named, only it is registered, and only its flag file is loaded: `kmsim exec` starts its
 * child sooner (every wall second before it counts X times at --time-scale X), `kmsim serve` listens
 * sooner, and `kmsim run` does not load the HTTP server that serve-command.ts takes its defaults from.
 */
const COMMANDS: Readonly<Record<string, () => Promise<(program: Command) => void>>> = {
  serve: async () => (await import('./serve-command.js')).registerServeCommand,
  run: async () => (await import('./run-flags.js')).registerRunCommand,
  sweep: async () => (await import('./sweep-flags.js')).registerSweepCommand,
  exec: async () => (await import('./exec-command.js')).registerExecCommand,
};

export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('kmsim')
    .description('deterministic simulator of AWS KMS and CloudHSM v2')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  const named = argv[2];
  const loaders =
    named !== undefined && Object.hasOwn(COMMANDS, named)
      ? [COMMANDS[named]!]
      : Object.values(COMMANDS);
  // Loaded together, registered in the declared order (the order `kmsim --help` lists them in).
  for (const register of await Promise.all(loaders.map((load) => load()))) register(program);
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
