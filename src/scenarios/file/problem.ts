/**
 * One problem in a scenario file (issue #3 "Bad input": one clear message naming the file, the line
 * and the field). Checks produce problems with a path of segments; the loader then finds the line
 * of that path in the YAML document (parse-yaml.ts) and formats `file:line: path: message`.
 */
export type PathSegment = string | number;

export interface PathProblem {
  readonly path: readonly PathSegment[];
  readonly message: string;
  /** Point at the key itself rather than its value (an unknown key: its value may be far below). */
  readonly atKey?: boolean;
}

export interface ScenarioProblem {
  readonly file: string;
  /** 1-based; absent for a TypeScript object, which has no lines. */
  readonly line?: number;
  /** `timeline[2].fault`, or `scenario` for the document itself. */
  readonly field: string;
  readonly message: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `['timeline', 2, 'fault']` → `timeline[2].fault`. */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'scenario';
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

export function formatProblem(problem: ScenarioProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${problem.field}: ${problem.message}`;
}

/** A value as the user wrote it, for "got …" in messages: `'5 minutes'`, `true`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
