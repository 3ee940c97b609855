/**
 * Reports are deterministic (issue #5 §3, ARCHITECTURE convention 8): rendering the same trace twice
 * gives the same bytes, and running a scenario twice with --report into two directories writes the
 * same files byte for byte, with no wall time and no absolute path in them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand, type RunCommandIo } from '../../src/cli/run-command.js';
import { FAULT_RUNBOOK } from '../../src/faults/catalogue.js';
import { renderRunbookReport } from '../../src/report/runbook-report.js';
import { loadScenarioFile } from '../../src/scenarios/file/loader.js';
import { runScenario } from '../../src/scenarios/run/runner.js';
import type { TraceEvent } from '../../src/sim/trace.js';

const SCENARIO = fileURLToPath(
  new URL('../../scenarios/partition-during-connect.yaml', import.meta.url),
);
const scratch: string[] = [];

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function quietIo(): RunCommandIo {
  return {
    out: () => undefined,
    err: () => undefined,
    run: runScenario,
  };
}

async function reportInto(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kmsim-report-'));
  scratch.push(dir);
  expect(await runCommand(relative(process.cwd(), SCENARIO), { report: dir }, quietIo())).toBe(0);
  return dir;
}

describe('report: determinism', () => {
  it('the same trace renders to the same bytes twice', async () => {
    const loaded = loadScenarioFile(SCENARIO);
    if (!loaded.ok) throw new Error(loaded.messages.join('\n'));
    const jsonLines = (await runScenario(loaded.scenario)).traceJsonLines;
    const parse = (): TraceEvent[] =>
      jsonLines
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as TraceEvent);
    const input = {
      scenarioText: readFileSync(SCENARIO, 'utf8'),
      scenarioFile: 'scenarios/partition-during-connect.yaml',
      chartFile: 'partition-during-connect.svg',
      faults: FAULT_RUNBOOK,
    };
    const first = renderRunbookReport({ trace: parse(), ...input });
    const second = renderRunbookReport({ trace: parse(), ...input });
    expect(second).toBe(first);
    expect(first.length).toBeGreaterThan(5_000);
  });

  it('a scenario run twice with --report into two directories writes identical files, free of paths', async () => {
    const [a, b] = [await reportInto(), await reportInto()];
    const files = readdirSync(a).sort();
    expect(files).toEqual([
      'README.md',
      'partition-during-connect.json',
      'partition-during-connect.md',
      'partition-during-connect.svg',
      'partition-during-connect.trace.jsonl',
    ]);
    expect(readdirSync(b).sort()).toEqual(files);
    for (const file of files) {
      const bytes = readFileSync(join(a, file));
      expect(readFileSync(join(b, file)).equals(bytes), file).toBe(true);
      const text = bytes.toString('utf8');
      expect(text, file).not.toContain(a);
      expect(text, file).not.toContain(tmpdir());
    }
    const report = readFileSync(join(a, 'partition-during-connect.md'), 'utf8');
    expect(report).toContain('![Per client: calls/s by outcome');
    expect(readFileSync(join(a, 'partition-during-connect.svg'), 'utf8')).toMatch(
      /^<svg[\s\S]*<\/svg>\n$/,
    );
    expect(readFileSync(join(a, 'README.md'), 'utf8')).toContain('](partition-during-connect.md)');
  });
});
