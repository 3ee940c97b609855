/**
 * Scenario loading and validation (issue #3 §3 "Validate files on load", "Bad input"): a YAML file,
 * YAML text, or a TypeScript object goes through the same checks, and every problem comes back as
 * one message naming the file, the line (YAML only) and the field:
 *
 *   scenarios/x.yaml:14: timeline[2].fualt: unknown key 'fualt' for fault 'hsm-loss' (did you mean 'fault'?); ...
 *
 * All problems are reported, one per field, in document order. The checks, in order:
 * schema.ts (structure, types, closed value sets, durations) → name-scope.ts (declarations,
 * duplicates) → timeline-checks.ts (timeline steps against the step catalogue, references in timeline
 * order) → reference-checks.ts (world, workload and expectation references) → cross-field-checks.ts
 * (cross-field rules) → background-load-checks.ts → work-bounds.ts (what the whole scenario may
 * ask a run to do). Input too large or too deep is refused before any of that (yaml-limits.ts).
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { NameScope } from './name-scope.js';
import {
  formatPath,
  formatProblem,
  type PathProblem,
  type PathSegment,
  type ScenarioProblem,
} from './problem.js';
import { checkReferences, declareUpFront } from './reference-checks.js';
import { checkCrossFieldRules } from './cross-field-checks.js';
import { checkLoads } from './background-load-checks.js';
import { checkTimeline } from './timeline-checks.js';
import { checkWorkBounds } from './work-bounds.js';
import { parseYaml } from './parse-yaml.js';
import type { Scenario } from '../scenario.js';
import { schemaErrors } from './schema-validator.js';
import { schemaProblem } from './schema-errors.js';
import { formatBytes, MAX_SCENARIO_BYTES } from './yaml-limits.js';

export type { ScenarioProblem } from './problem.js';
export { formatProblem } from './problem.js';

export type LoadResult =
  | {
      readonly ok: true;
      readonly file: string;
      readonly scenario: Scenario;
      /** A problem found later (the run could not build the declared world), at its field and line. */
      readonly problemAt: (path: readonly PathSegment[], message: string) => ScenarioProblem;
    }
  | {
      readonly ok: false;
      readonly file: string;
      readonly problems: readonly ScenarioProblem[];
      readonly messages: readonly string[];
    };

type LineOf = (path: readonly PathSegment[], atKey?: boolean) => number | undefined;

/** Every problem in a parsed value, before lines are attached. */
function pathProblems(value: unknown): PathProblem[] {
  const problems = schemaErrors(value).map(schemaProblem);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return problems;
  const root = value as Record<string, unknown>;
  const scope = new NameScope(problems);
  declareUpFront(root, scope);
  checkTimeline(root['timeline'], scope, problems);
  checkReferences(root, scope, problems);
  checkCrossFieldRules(root, problems);
  checkLoads(root, scope, problems);
  checkWorkBounds(root, problems);
  return problems;
}

/**
 * Where each path comes in a pre-order walk of a value, so problems in an object (which has no
 * lines) are listed in the same order as in its YAML twin. A missing key sorts with its parent.
 */
function documentOrder(value: unknown): (path: readonly PathSegment[]) => number {
  const order = new Map<string, number>();
  const walk = (node: unknown, path: PathSegment[]): void => {
    order.set(formatPath(path), order.size);
    if (Array.isArray(node))
      node.forEach((item, index) => {
        walk(item, [...path, index]);
      });
    else if (typeof node === 'object' && node !== null)
      for (const [key, item] of Object.entries(node)) walk(item, [...path, key]);
  };
  walk(value, []);
  return (path) => {
    for (let length = path.length; length >= 0; length--) {
      const found = order.get(formatPath(path.slice(0, length)));
      if (found !== undefined) return found;
    }
    return 0;
  };
}

/** One problem per field (the first found wins: the schema's, then the deeper checks'), in document order. */
function located(
  file: string,
  problems: readonly PathProblem[],
  lineOf: LineOf,
  value: unknown,
): ScenarioProblem[] {
  const orderOf = documentOrder(value);
  const byField = new Map<string, { problem: ScenarioProblem; rank: number }>();
  for (const problem of problems) {
    const field = formatPath(problem.path);
    if (byField.has(field)) continue;
    const line = lineOf(problem.path, problem.atKey);
    const located =
      line === undefined
        ? { file, field, message: problem.message }
        : { file, line, field, message: problem.message };
    byField.set(field, { problem: located, rank: line ?? orderOf(problem.path) });
  }
  return [...byField.values()]
    .map((entry, found) => ({ ...entry, found }))
    .sort((a, b) => a.rank - b.rank || a.found - b.found)
    .map(({ problem }) => problem);
}

function result(
  file: string,
  value: unknown,
  problems: readonly ScenarioProblem[],
  lineOf: LineOf = () => undefined,
): LoadResult {
  if (problems.length > 0)
    return { ok: false, file, problems, messages: problems.map(formatProblem) };
  const problemAt = (path: readonly PathSegment[], message: string): ScenarioProblem => {
    const line = lineOf(path);
    const field = formatPath(path);
    return line === undefined ? { file, field, message } : { file, line, field, message };
  };
  const loaded = value as Partial<Scenario>;
  // `clients` and `expect` may be left out (a preload file is a world alone).
  const scenario = { ...loaded, clients: loaded.clients ?? [], expect: loaded.expect ?? [] };
  return { ok: true, file, scenario: scenario as Scenario, problemAt };
}

/** Validates a scenario written as a TypeScript object; messages name `source` and the field, without a line. */
export function validateScenarioObject(value: unknown, source = '<scenario object>'): LoadResult {
  return result(
    source,
    value,
    located(source, pathProblems(value), () => undefined, value),
  );
}

function tooLarge(fileName: string, size: string): LoadResult {
  return result(fileName, undefined, [
    {
      file: fileName,
      field: 'scenario',
      message: `the file is ${size} bytes; a scenario file may be at most ${formatBytes(MAX_SCENARIO_BYTES)} bytes (1 MiB)`,
    },
  ]);
}

/** Parses and validates YAML text; `fileName` is what messages call the file. */
export function loadScenarioText(text: string, fileName: string): LoadResult {
  // Characters bound bytes from below (a UTF-16 unit is at most 3 UTF-8 bytes): no encoding pass over huge text.
  if (text.length > MAX_SCENARIO_BYTES || Buffer.byteLength(text, 'utf8') > MAX_SCENARIO_BYTES)
    return tooLarge(fileName, formatBytes(Buffer.byteLength(text, 'utf8')));
  const parsed = parseYaml(text);
  if (!parsed.ok)
    return result(fileName, undefined, [
      { file: fileName, line: parsed.line, field: 'scenario', message: parsed.message },
    ]);
  const duplicates = parsed.duplicates.map(
    ({ path }): PathProblem => ({
      path,
      atKey: true,
      message: `duplicate key '${String(path.at(-1))}' (a key may appear once per mapping)`,
    }),
  );
  // The duplicate lines are exact; lineOf would find the first occurrence of the key.
  const lineOf: LineOf = (path, atKey) =>
    parsed.duplicates.find((d) => formatPath(d.path) === formatPath(path))?.line ??
    parsed.lineOf(path, atKey);
  return result(
    fileName,
    parsed.value,
    located(fileName, [...duplicates, ...pathProblems(parsed.value)], lineOf, parsed.value),
    lineOf,
  );
}

/**
 * The file's text, reading at most one byte past the size cap: a 50 MB file (or /dev/zero) is
 * refused after 1 MiB, not after reading and parsing all of it (issue 11 §11).
 */
function readCapped(path: string): { text: string } | { tooLarge: string } {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() && stat.size > MAX_SCENARIO_BYTES)
      return { tooLarge: formatBytes(stat.size) };
    const buffer = Buffer.alloc(MAX_SCENARIO_BYTES + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const read = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (read === 0) break;
      filled += read;
    }
    if (filled > MAX_SCENARIO_BYTES)
      return { tooLarge: `more than ${formatBytes(MAX_SCENARIO_BYTES)}` };
    return { text: buffer.subarray(0, filled).toString('utf8') };
  } finally {
    closeSync(fd);
  }
}

/** Reads, parses and validates a scenario file; an unreadable file is one problem, not an exception. */
export function loadScenarioFile(path: string): LoadResult {
  let read: ReturnType<typeof readCapped>;
  try {
    read = readCapped(path);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : (error as Error).message;
    return result(path, undefined, [
      { file: path, field: 'scenario', message: `cannot read the file: ${reason}` },
    ]);
  }
  if ('tooLarge' in read) return tooLarge(path, read.tooLarge);
  return withModulePaths(loadScenarioText(read.text, path), path);
}

/**
 * Client module paths are written relative to the scenario file; the loaded scenario carries them
 * resolved, and a missing module is a load problem naming the field rather than a failure mid-run.
 */
function withModulePaths(loaded: LoadResult, path: string): LoadResult {
  if (!loaded.ok) return loaded;
  const problems: ScenarioProblem[] = [];
  const clients = loaded.scenario.clients.map((client, index) => {
    if (typeof client.module !== 'string') return client;
    const resolved = resolvePath(dirname(path), client.module);
    if (!existsSync(resolved))
      problems.push(
        loaded.problemAt(
          ['clients', index, 'module'],
          `no such module file '${client.module}' (looked for ${resolved})`,
        ),
      );
    return { ...client, module: resolved };
  });
  if (problems.length > 0) return result(path, undefined, problems);
  return { ...loaded, scenario: { ...loaded.scenario, clients } };
}
