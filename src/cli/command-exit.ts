/**
 * How a command ends the CLI with a status of its own (program.ts turns it into the exit code),
 * the statuses the commands share, and the reproduce line they print. Kept apart from the commands,
 * so the program (and `sweep --merge`) can use them without loading any command's implementation.
 */

/** Thrown by a command to end the CLI with a given status; program.ts turns it into the exit code. */
export class CommandExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

/** A file or flag the command cannot use: exit 2, after saying which and why. */
export const LOAD_ERROR_EXIT_CODE = 2;
/** An expectation failed. */
export const FAILED_EXIT_CODE = 1;

/** A path or word as a shell word, so a reproduce line can be pasted as is. */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The command that replays one scenario file with one seed, as run, sweep and the reports print it. */
export function reproduceCommand(file: string, seed: number): string {
  return `npx kmsim run ${shellWord(file)} --seed ${seed}`;
}
