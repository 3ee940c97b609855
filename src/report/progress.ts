/**
 * Progress of a long run (issue #5 §5): virtual time done out of the total, and the scenario's name.
 *
 * - On a terminal (`stream.isTTY`): one line rewritten in place with a carriage return, cut to the
 *   terminal's width so it never wraps, and cleared when the run ends.
 * - Elsewhere (a pipe, a CI log): a plain line each time the run passes another tenth of its
 *   virtual time, so logs show it is moving without a flood of lines.
 *
 * Updates are driven and throttled by virtual time only (the runner calls `update` every few
 * virtual seconds): no wall clock or real timer is read here (ARCHITECTURE convention 1). Progress
 * goes to stderr, so stdout stays a function of the scenario files and the seed.
 */
import { formatClock } from './chart-time.js';

/** The part of a Node write stream progress needs (process.stderr fits; tests pass a fake). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export interface ProgressReporter {
  /** Virtual milliseconds done and in total; safe to call as often as the runner likes. */
  readonly update: (virtualDoneMs: number, virtualTotalMs: number) => void;
  /** The run is over: clears the terminal line (plain output has nothing to clear). */
  readonly finish: () => void;
}

/** Plain (non-terminal) output prints a line each time another 1/PLAIN_STEPS of the run is done. */
export const PLAIN_STEPS = 10;
/** Width assumed for a terminal that does not say. */
const DEFAULT_COLUMNS = 80;
const CLEAR_TO_END = '\u001b[K';

function percent(doneMs: number, totalMs: number): number {
  return totalMs > 0 ? Math.min(100, Math.floor((doneMs * 100) / totalMs)) : 100;
}

/** "kmsim:  27% 12:30 of 45:00 virtual | <name>". */
export function progressText(name: string, doneMs: number, totalMs: number): string {
  return `kmsim: ${String(percent(doneMs, totalMs)).padStart(3)}% ${formatClock(Math.min(doneMs, totalMs))} of ${formatClock(totalMs)} virtual | ${name}`;
}

function terminalReporter(stream: ProgressStream, name: string): ProgressReporter {
  let shown = '';
  return {
    update: (doneMs, totalMs) => {
      const width = Math.max(20, (stream.columns ?? DEFAULT_COLUMNS) - 1);
      const text = [...progressText(name, doneMs, totalMs)].slice(0, width).join('');
      if (text === shown) return;
      shown = text;
      stream.write(`\r${text}${CLEAR_TO_END}`);
    },
    finish: () => {
      if (shown !== '') stream.write(`\r${CLEAR_TO_END}`);
      shown = '';
    },
  };
}

function plainReporter(stream: ProgressStream, name: string): ProgressReporter {
  let printedStep = 0;
  return {
    update: (doneMs, totalMs) => {
      const step =
        totalMs > 0
          ? Math.min(PLAIN_STEPS, Math.floor((doneMs * PLAIN_STEPS) / totalMs))
          : PLAIN_STEPS;
      if (step <= printedStep) return;
      printedStep = step;
      stream.write(`${progressText(name, doneMs, totalMs)}\n`);
    },
    finish: () => undefined,
  };
}

/** A reporter for one scenario run, in place on a terminal, plain lines otherwise. */
export function createProgress(stream: ProgressStream, name: string): ProgressReporter {
  return stream.isTTY === true ? terminalReporter(stream, name) : plainReporter(stream, name);
}
