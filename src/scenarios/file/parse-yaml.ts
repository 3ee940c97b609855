/**
 * YAML scenario text → a plain value plus a way to find the line of any field in it, so every
 * problem can name `file:line` (issue #3 "Bad input"). `parseDocument` with a LineCounter keeps each
 * node's source range. A YAML syntax error is reported with the line the parser gives; a key
 * repeated in one mapping (which YAML forbids) with its line and path. Text nested too deep, and
 * aliases that expand too far, are refused with their line (yaml-limits.ts) before they can
 * overflow the stack or fill memory.
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
} from 'yaml';
import type { PathSegment } from './problem.js';
import { MAX_ALIAS_EXPANSION, MAX_NESTING, nestingScan } from './yaml-limits.js';

export interface DuplicateKey {
  readonly path: readonly PathSegment[];
  readonly line: number;
}

export type ParsedYaml =
  | {
      readonly ok: true;
      readonly value: unknown;
      readonly lineOf: (path: readonly PathSegment[], atKey?: boolean) => number;
      /** Keys repeated in one mapping (YAML forbids them; we find them ourselves to name the field). */
      readonly duplicates: readonly DuplicateKey[];
    }
  | { readonly ok: false; readonly line: number; readonly message: string };

/** The node a path segment leads to inside `node`: a map entry's key and value, or a list item. */
function step(
  document: Document,
  node: unknown,
  segment: PathSegment,
): { key?: Node; value?: Node } | undefined {
  const target = isAlias(node) ? node.resolve(document) : node;
  if (isMap(target)) {
    const pair = target.items.find(
      (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
    );
    if (pair === undefined) return undefined;
    return { key: pair.key as Node, ...(pair.value ? { value: pair.value as Node } : {}) };
  }
  if (isSeq(target) && typeof segment === 'number') {
    const item = target.items[segment];
    return item ? { value: item as Node } : undefined;
  }
  return undefined;
}

/**
 * The line of the deepest node on `path` that exists: the field itself, or (for a missing key)
 * the mapping that should hold it. `atKey` points at a key rather than its value.
 */
function locate(
  document: Document,
  lines: LineCounter,
  path: readonly PathSegment[],
  atKey: boolean,
): number {
  let node: unknown = document.contents;
  let offset = (document.contents as Node | null)?.range?.[0] ?? 0;
  for (const [index, segment] of path.entries()) {
    const next = step(document, node, segment);
    if (next === undefined) break;
    const last = index === path.length - 1;
    const chosen =
      (last && atKey) || next.value === undefined || next.value.range === undefined
        ? (next.key ?? next.value)
        : next.value;
    offset = chosen?.range?.[0] ?? offset;
    node = next.value;
  }
  return lines.linePos(offset).line;
}

/** Every key that repeats an earlier key of the same mapping, with the path it repeats. */
function duplicateKeys(
  node: unknown,
  path: readonly PathSegment[],
  lines: LineCounter,
  found: DuplicateKey[],
): DuplicateKey[] {
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) continue;
      if (seen.has(key))
        found.push({
          path: [...path, key],
          line: lines.linePos((pair.key as Node).range?.[0] ?? 0).line,
        });
      seen.add(key);
      duplicateKeys(pair.value, [...path, key], lines, found);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      duplicateKeys(item, [...path, index], lines, found);
    });
  }
  return found;
}

/** The first path in `value` deeper than `limit` levels, walking with a stack (no recursion). */
function tooDeepPath(value: unknown, limit: number): PathSegment[] | undefined {
  const pending: { node: unknown; path: PathSegment[] }[] = [{ node: value, path: [] }];
  while (pending.length > 0) {
    const { node, path } = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (path.length >= limit) return path;
    const entries: [PathSegment, unknown][] = Array.isArray(node)
      ? node.map((item, index): [PathSegment, unknown] => [index, item])
      : Object.entries(node);
    for (const [segment, item] of entries.reverse())
      pending.push({ node: item, path: [...path, segment] });
  }
  return undefined;
}

export function parseYaml(text: string): ParsedYaml {
  // Before the parser: it composes recursively, and a deep enough file overflows the stack.
  const scan = nestingScan(text);
  if (scan.tooDeepAtLine !== undefined)
    return {
      ok: false,
      line: scan.tooDeepAtLine,
      message: `nesting is too deep: more than ${MAX_NESTING} levels of mappings and lists by this line (a scenario needs fewer than 10)`,
    };
  const lines = new LineCounter();
  const document = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: false,
  });
  const error = document.errors[0];
  if (error !== undefined) {
    const line = error.linePos?.[0]?.line ?? lines.linePos(error.pos[0]).line;
    return { ok: false, line, message: `YAML syntax error: ${error.message.split('\n')[0]}` };
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch (thrown) {
    // The library's guard against alias bombs ("billion laughs") throws a ReferenceError.
    if (!(thrown instanceof ReferenceError)) throw thrown;
    return {
      ok: false,
      line: scan.firstAliasLine ?? 1,
      message: `aliases expand too far: the *alias references from this line on would copy more than ${MAX_ALIAS_EXPANSION} nodes (an alias bomb?); write the values out, or reuse fewer`,
    };
  }
  const lineOf = (path: readonly PathSegment[], atKey = false): number =>
    locate(document, lines, path, atKey);
  // Aliases can nest what they copy deeper than the text is; the checks after this walk the value.
  const deep = tooDeepPath(value, MAX_NESTING);
  if (deep !== undefined)
    return {
      ok: false,
      line: lineOf(deep),
      message: `nesting is too deep: more than ${MAX_NESTING} levels of mappings and lists once aliases are expanded (a scenario needs fewer than 10)`,
    };
  const duplicates = duplicateKeys(document.contents, [], lines, []);
  return { ok: true, value, duplicates, lineOf };
}
