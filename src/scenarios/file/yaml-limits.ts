/**
 * Limits on scenario text, checked before the YAML parser sees it (issue 11 §5, §6, §11). A scenario
 * is a few kilobytes nested a few levels deep (world → clusters → [0] → hsms → [0]); input far
 * beyond that is a mistake or an attack, and must fail fast with one message naming the file and
 * line, not after seconds and gigabytes, and never as a stack overflow inside the parser.
 *
 * - Size: at most MAX_SCENARIO_BYTES.
 * - Nesting: at most MAX_NESTING levels of mappings and lists. The YAML library composes documents
 *   recursively, so a deep enough file overflows the stack ("Maximum call stack size exceeded");
 *   `nestingScan` measures the depth in one linear pass over the lexer's tokens (the lexer is not
 *   recursive) and names the first line that goes too deep.
 * - Aliases: the library refuses (with an exception) aliases that expand past `maxAliasCount`
 *   nodes, the "billion laughs" bomb; parse-yaml.ts turns that into a message at the first alias.
 */
import { CST, Lexer } from 'yaml';

/** 1 MiB: hundreds of times the largest shipped scenario, and parsed in well under a second. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;

/** Levels of mappings and lists; a scenario needs about 6. */
export const MAX_NESTING = 64;

/** How far aliases may expand, in nodes (the YAML library's `maxAliasCount`). */
export const MAX_ALIAS_EXPANSION = 1000;

export interface NestingScan {
  /** The first line where the nesting passes MAX_NESTING, if it does. */
  readonly tooDeepAtLine: number | undefined;
  /** The line of the first alias (`*name`), if any. */
  readonly firstAliasLine: number | undefined;
}

interface OpenCollection {
  readonly column: number;
  readonly kind: 'map' | 'seq';
}

/**
 * Depth of block and flow collections, from the lexer's tokens. Block collections are tracked by
 * the column of their entries (a `- ` item or a `key:`), as YAML's indentation rules nest them;
 * flow collections by their brackets (inside a plain scalar a bracket is text, and the lexer keeps
 * it in the scalar). The count may be off by one level here and there for unusual layouts; it only
 * has to tell a scenario (about 6) from input built to be deep (thousands).
 */
export function nestingScan(text: string, maxNesting = MAX_NESTING): NestingScan {
  let line = 1;
  let column = 0;
  let flow = 0;
  let blocks: OpenCollection[] = [];
  let keyColumn: number | undefined;
  let scalarNext = false;
  let firstAliasLine: number | undefined;
  const tooDeep = (): boolean => blocks.length + flow > maxNesting;
  const enter = (at: number, kind: OpenCollection['kind']): void => {
    while (blocks.length > 0 && blocks.at(-1)!.column > at) blocks.pop();
    const top = blocks.at(-1);
    if (top?.column === at) {
      if (top.kind === kind) return;
      // `key:` followed by `- item` at the key's own column: a list inside that mapping.
      if (kind === 'seq') {
        blocks.push({ column: at, kind });
        return;
      }
      // A key at the column of such a list ends the list; the key belongs to the mapping around it.
      blocks.pop();
      if (blocks.at(-1)?.column === at && blocks.at(-1)?.kind === kind) return;
    }
    blocks.push({ column: at, kind });
  };
  for (const token of new Lexer().lex(text)) {
    if (token === CST.SCALAR) {
      scalarNext = true;
      continue;
    }
    if (token === CST.DOCUMENT || token === CST.BOM) continue;
    if (token === CST.FLOW_END) {
      flow = 0;
      continue;
    }
    const type = scalarNext ? 'scalar' : CST.tokenType(token);
    scalarNext = false;
    const startLine = line;
    const startColumn = column;
    const newlines = token.split('\n').length - 1;
    if (newlines > 0) {
      line += newlines;
      column = token.length - token.lastIndexOf('\n') - 1;
    } else column += token.length;
    switch (type) {
      case 'doc-start':
      case 'doc-end':
        blocks = [];
        flow = 0;
        keyColumn = undefined;
        continue;
      case 'newline':
      case 'block-scalar-header':
        keyColumn = undefined;
        continue;
      case 'flow-map-start':
      case 'flow-seq-start':
        flow += 1;
        keyColumn = undefined;
        if (tooDeep()) return { tooDeepAtLine: startLine, firstAliasLine };
        continue;
      case 'flow-map-end':
      case 'flow-seq-end':
        flow = Math.max(0, flow - 1);
        continue;
      case 'alias':
        firstAliasLine ??= startLine;
        break;
      default:
        break;
    }
    if (flow > 0) continue;
    if (type === 'seq-item-ind' || type === 'explicit-key-ind') {
      enter(startColumn, type === 'seq-item-ind' ? 'seq' : 'map');
      keyColumn = undefined;
    } else if (type === 'map-value-ind') {
      enter(keyColumn ?? startColumn, 'map');
      keyColumn = undefined;
    } else if (type !== 'space' && type !== 'comment' && type !== 'comma') {
      // The start of a node: if a `:` follows on this line, it was a key at this column.
      keyColumn ??= startColumn;
    }
    if (tooDeep()) return { tooDeepAtLine: startLine, firstAliasLine };
  }
  return { tooDeepAtLine: undefined, firstAliasLine };
}

/** `1048576` → `1,048,576`, for byte counts in messages. */
export function formatBytes(bytes: number): string {
  return bytes.toLocaleString('en-US');
}
