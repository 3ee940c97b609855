import { describe, expect, it } from 'vitest';
import {
  createProgress,
  PLAIN_STEPS,
  progressText,
  type ProgressStream,
} from '../../src/report/progress.js';
import { runCommand, type RunCommandIo } from '../../src/cli/run-command.js';
import { loadScenarioFile } from '../../src/scenarios/file/loader.js';
import { runScenario } from '../../src/scenarios/run/runner.js';

/** A stream that keeps what is written, as a terminal or as a pipe. */
function fakeStream(
  isTTY: boolean,
  columns?: number,
): ProgressStream & { readonly chunks: string[] } {
  const chunks: string[] = [];
  return {
    isTTY,
    ...(columns !== undefined ? { columns } : {}),
    chunks,
    write: (text: string) => chunks.push(text),
  };
}

const NAME = 'clients: retries: 30-minute endpoint outage ridden out in virtual time';
const TOTAL_MS = 45 * 60_000;
const CLEAR = '\u001b[K';

/** Feeds a reporter what the runner would: an update every `stepMs` of virtual time, then the end. */
function feed(stream: ProgressStream, stepMs: number): void {
  const progress = createProgress(stream, NAME);
  for (let done = stepMs; done < TOTAL_MS; done += stepMs) progress.update(done, TOTAL_MS);
  progress.update(TOTAL_MS, TOTAL_MS);
  progress.finish();
}

function loadShipped(name: string) {
  const loaded = loadScenarioFile(`scenarios/${name}.yaml`);
  if (!loaded.ok) throw new Error(loaded.messages.join('\n'));
  return loaded.scenario;
}

describe('report: progress', () => {
  it('says how much virtual time is done out of the total, and the scenario', () => {
    expect(progressText(NAME, 12.5 * 60_000, TOTAL_MS)).toBe(
      `kmsim:  27% 12:30 of 45:00 virtual | ${NAME}`,
    );
    expect(progressText('x', TOTAL_MS + 5, TOTAL_MS)).toBe(
      'kmsim: 100% 45:00 of 45:00 virtual | x',
    );
  });

  it('on a terminal: one line rewritten in place, only when it changes, cut to the width, cleared at the end', () => {
    const stream = fakeStream(true, 60);
    const progress = createProgress(stream, NAME);
    progress.update(27_000, TOTAL_MS);
    progress.update(27_000, TOTAL_MS);
    progress.update(12.5 * 60_000, TOTAL_MS);
    progress.finish();
    expect(stream.chunks).toEqual([
      `\r${progressText(NAME, 27_000, TOTAL_MS).slice(0, 59)}${CLEAR}`,
      `\r${progressText(NAME, 12.5 * 60_000, TOTAL_MS).slice(0, 59)}${CLEAR}`,
      `\r${CLEAR}`,
    ]);
    expect(stream.chunks.join('')).not.toContain('\n');
  });

  it('on a terminal fed every virtual second, it writes no more than the text changes, and ends with a clear line', () => {
    const stream = fakeStream(true);
    feed(stream, 1_000);
    expect(stream.chunks.every((chunk) => chunk.startsWith('\r') && chunk.endsWith(CLEAR))).toBe(
      true,
    );
    expect(new Set(stream.chunks).size).toBe(stream.chunks.length);
    expect(stream.chunks.at(-2)).toContain('100% 45:00 of 45:00 virtual');
    expect(stream.chunks.at(-1)).toBe(`\r${CLEAR}`);
  });

  it('not on a terminal: a plain line per tenth of the run, nothing to clear', () => {
    const stream = fakeStream(false);
    feed(stream, 1_000);
    expect(stream.chunks).toHaveLength(PLAIN_STEPS);
    expect(
      stream.chunks.every(
        (chunk) => chunk.endsWith('\n') && !chunk.includes('\r') && !chunk.includes('\u001b'),
      ),
    ).toBe(true);
    expect(stream.chunks.map((chunk) => /(\d+)%/.exec(chunk)![1])).toEqual([
      '10',
      '20',
      '30',
      '40',
      '50',
      '60',
      '70',
      '80',
      '90',
      '100',
    ]);
    expect(stream.chunks[0]).toBe(`kmsim:  10% 4:30 of 45:00 virtual | ${NAME}\n`);
  });

  it('not on a terminal, with coarse updates: one line per update that passes a new tenth, never more', () => {
    const stream = fakeStream(false);
    feed(stream, 20 * 60_000);
    expect(stream.chunks.map((chunk) => /(\d+)%/.exec(chunk)![1])).toEqual(['44', '88', '100']);
  });

  it('a run with progress has the same trace, byte for byte, as one without, and reports up to its end', async () => {
    // Progress every virtual second coincides with timeline steps, workload calls and SDK retry
    // timers at the same milliseconds: the case where an extra kernel event could reorder others.
    const scenario = loadShipped('weak-retry-settings-fail-while-good-ones-recover');
    const without = await runScenario(scenario);
    const seen: [number, number][] = [];
    const withProgress = await runScenario(scenario, {
      onProgress: (done, total) => seen.push([done, total]),
      progressEveryMs: 1_000,
    });
    expect(withProgress.fingerprint).toBe(without.fingerprint);
    expect(withProgress.traceJsonLines).toBe(without.traceJsonLines);
    const total = without.virtualDurationMs;
    expect(seen).toHaveLength(total / 1_000);
    expect(seen.every(([done, of], index) => of === total && done === (index + 1) * 1_000)).toBe(
      true,
    );
  });

  it('background load in 100 ms ticks: the same trace with and without the default progress', async () => {
    const scenario = loadShipped('load-session-exhaustion-under-burst');
    const without = await runScenario(scenario);
    const seen: number[] = [];
    const withProgress = await runScenario(scenario, { onProgress: (done) => seen.push(done) });
    expect(withProgress.fingerprint).toBe(without.fingerprint);
    expect(seen.at(-1)).toBe(without.virtualDurationMs);
  });

  it('kmsim run: progress goes to its own stream, stdout is the same with and without it', async () => {
    const runWith = async (progress: ProgressStream | undefined) => {
      const lines: string[] = [];
      const io: RunCommandIo = {
        out: (line) => lines.push(line),
        err: () => undefined,
        run: runScenario,
        ...(progress ? { progress } : {}),
      };
      const code = await runCommand('scenarios/operator-disconnect-reconnect.yaml', {}, io);
      return { code, lines };
    };
    const stream = fakeStream(false);
    const withProgress = await runWith(stream);
    const without = await runWith(undefined);
    expect(withProgress).toEqual(without);
    expect(stream.chunks).toHaveLength(PLAIN_STEPS);
    expect(stream.chunks.at(-1)).toBe(
      `kmsim: 100% 11:00 of 11:00 virtual | ${loadShipped('operator-disconnect-reconnect').name}\n`,
    );
  });
});
