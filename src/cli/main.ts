/**
 * Entry point used by bin/kmsim.js. Kept separate from program.ts so importing the CLI (in tests,
 * or to add commands) does not run it.
 */
import { runCli } from './program.js';

const exitCode = await runCli(process.argv);
// A long-running command (serve) keeps the process alive through its server; only set the code.
process.exitCode = exitCode;
