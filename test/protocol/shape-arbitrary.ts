/**
 * Test helper: seeded generators over input shapes.
 *  - `arbitraryValue` builds a random well-formed value of a shape, both as it goes on the wire
 *    (blobs base64) and as the decoder must return it (blobs as Uint8Array). Strings with a
 *    pattern come from a small generator for the regex subset the AWS models use, so the
 *    validator under test is never its own oracle.
 *  - `constraintBreakers` lists, for every constrained member of a structure, one wire value that
 *    breaks exactly one constraint and the violation entry AWS would print for it (docs/behaviour.md §8.7).
 */
import type { RandomStream } from '../../src/sim/random.js';
import type { Shape, StringShape, StructureShape } from '../../src/protocol/shape.js';

export interface Generated {
  readonly wire: unknown;
  readonly decoded: unknown;
}

// ---- regex subset → random matching string ----------------------------------------------------

type RegexNode =
  | { readonly kind: 'alt'; readonly options: readonly RegexNode[][] }
  | { readonly kind: 'set'; readonly chars: readonly string[] }
  | {
      readonly kind: 'repeat';
      readonly node: RegexNode;
      readonly min: number;
      readonly max: number | 'unbounded';
    };

const DIGITS = [...'0123456789'];
const CLASS_ESCAPES: Record<string, readonly string[]> = {
  d: DIGITS,
  s: [' ', '\t', '\n'], // Java's ASCII \s
  'p{L}': ['a', 'Z', 'é', 'ß', 'ж', '中'],
  'p{Z}': [' ', '\u00a0', '\u2003'],
  'p{N}': ['0', '7', '٣'],
};
const ANY = [...'abcXYZ019 _-.:/'];

class RegexParser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): RegexNode {
    const node = this.alternation();
    if (this.i !== this.src.length)
      throw new Error(`regex: unexpected '${this.src[this.i]}' in ${this.src}`);
    return node;
  }

  private alternation(): RegexNode {
    const options: RegexNode[][] = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      options.push(this.sequence());
    }
    return { kind: 'alt', options };
  }

  private sequence(): RegexNode[] {
    const nodes: RegexNode[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      if (atom !== undefined) nodes.push(this.quantified(atom));
    }
    return nodes;
  }

  private atom(): RegexNode | undefined {
    const c = this.src[this.i++] as string;
    if (c === '^' || c === '$') return undefined;
    if (c === '.') return { kind: 'set', chars: ANY };
    if (c === '[') return { kind: 'set', chars: this.charClass() };
    if (c === '\\') return { kind: 'set', chars: this.escape() };
    if (c === '(') {
      if (this.src.startsWith('?:', this.i)) this.i += 2;
      const inner = this.alternation();
      if (this.src[this.i++] !== ')') throw new Error(`regex: missing ) in ${this.src}`);
      return inner;
    }
    return { kind: 'set', chars: [c] };
  }

  /** Steps over the backslash, then reads the escape after it. */
  private skipThenEscape(): readonly string[] {
    this.i++;
    return this.escape();
  }

  private escape(): readonly string[] {
    const c = this.src[this.i++] as string;
    if (c === 'p') {
      const end = this.src.indexOf('}', this.i);
      const key = `p${this.src.slice(this.i, end + 1)}`;
      this.i = end + 1;
      const chars = CLASS_ESCAPES[key];
      if (chars === undefined) throw new Error(`regex: unsupported \\${key}`);
      return chars;
    }
    if (c === 'u') {
      const code = Number.parseInt(this.src.slice(this.i, this.i + 4), 16);
      this.i += 4;
      return [String.fromCharCode(code)];
    }
    return CLASS_ESCAPES[c] ?? [c];
  }

  private charClass(): string[] {
    if (this.src[this.i] === '^') throw new Error('regex: negated classes unsupported');
    const chars: string[] = [];
    while (this.src[this.i] !== ']') {
      let first: readonly string[];
      if (this.src[this.i] === '\\') {
        this.i++;
        first = this.escape();
      } else {
        first = [this.src[this.i++] as string];
      }
      const isRange =
        first.length === 1 && this.src[this.i] === '-' && this.src[this.i + 1] !== ']';
      if (!isRange) {
        chars.push(...first);
        continue;
      }
      this.i++;
      const last =
        this.src[this.i] === '\\' ? this.skipThenEscape() : [this.src[this.i++] as string];
      const from = (first[0] as string).codePointAt(0) as number;
      const to = (last[0] as string).codePointAt(0) as number;
      for (let code = from; code <= to; code++) chars.push(String.fromCodePoint(code));
    }
    this.i++;
    return chars;
  }

  private quantified(node: RegexNode): RegexNode {
    const c = this.src[this.i];
    if (c === '*' || c === '+' || c === '?') {
      this.i++;
      const min = c === '+' ? 1 : 0;
      return { kind: 'repeat', node, min, max: c === '?' ? 1 : 'unbounded' };
    }
    if (c === '{') {
      const end = this.src.indexOf('}', this.i);
      const [lo, hi] = this.src.slice(this.i + 1, end).split(',');
      this.i = end + 1;
      const min = Number(lo);
      const max = hi === undefined ? min : hi === '' ? 'unbounded' : Number(hi);
      return { kind: 'repeat', node, min, max };
    }
    return node;
  }
}

/** `stretch` bounds unbounded repetitions (`*`, `+`, `{n,}`) so lengths can reach a shape's range. */
function emit(node: RegexNode, rng: RandomStream, stretch: number): string {
  switch (node.kind) {
    case 'set':
      return node.chars[rng.nextInt(node.chars.length)] as string;
    case 'repeat': {
      let out = '';
      const max = node.max === 'unbounded' ? node.min + stretch : node.max;
      for (let n = rng.intBetween(node.min, max); n > 0; n--) out += emit(node.node, rng, stretch);
      return out;
    }
    case 'alt': {
      const option = node.options[rng.nextInt(node.options.length)] as RegexNode[];
      return option.map((part) => emit(part, rng, stretch)).join('');
    }
  }
}

const parsedPatterns = new Map<string, RegexNode>();

export function stringMatching(pattern: string, rng: RandomStream, stretch = 4): string {
  let node = parsedPatterns.get(pattern);
  if (node === undefined) {
    node = new RegexParser(pattern).parse();
    parsedPatterns.set(pattern, node);
  }
  return emit(node, rng, stretch);
}

// ---- shapes → random well-formed values ------------------------------------------------------

const FREE_TEXT = [...'abcXYZ0189 -_/:\'"é✓{}[],;='];

function arbitraryString(shape: StringShape, rng: RandomStream): string {
  if (shape.enum !== undefined) return shape.enum[rng.nextInt(shape.enum.length)] as string;
  const min = shape.min ?? 0;
  // A pattern without a length cap may need more than 40 characters (the CloudHsmArn needs ~70).
  const max = shape.max ?? min + (shape.pattern === undefined ? 40 : 120);
  for (let attempt = 0; attempt < 500; attempt++) {
    const text =
      shape.pattern === undefined
        ? Array.from(
            { length: rng.intBetween(min, Math.min(max, min + 12)) },
            () => FREE_TEXT[rng.nextInt(FREE_TEXT.length)],
          ).join('')
        : stringMatching(shape.pattern, rng, rng.intBetween(0, Math.min(max, 64)));
    if (text.length >= min && text.length <= max) return text;
  }
  throw new Error(`generator: no string of length ${min}..${max} for pattern ${shape.pattern}`);
}

function count(shape: { min?: number; max?: number }, rng: RandomStream, spread: number): number {
  const min = shape.min ?? 0;
  return rng.intBetween(min, Math.min(shape.max ?? min + spread, min + spread));
}

export function arbitraryValue(shape: Shape, rng: RandomStream): Generated {
  switch (shape.type) {
    case 'string': {
      const text = arbitraryString(shape, rng);
      return { wire: text, decoded: text };
    }
    case 'blob': {
      const bytes = rng.bytes(count(shape, rng, 64));
      return { wire: Buffer.from(bytes).toString('base64'), decoded: bytes };
    }
    case 'integer':
    case 'long': {
      const n = rng.intBetween(shape.min ?? -1000, shape.max ?? 1000);
      return { wire: n, decoded: n };
    }
    case 'boolean': {
      const b = rng.nextInt(2) === 1;
      return { wire: b, decoded: b };
    }
    case 'timestamp': {
      const t = rng.intBetween(1_500_000_000, 1_900_000_000) + rng.nextInt(1000) / 1000;
      return { wire: t, decoded: t };
    }
    case 'list': {
      const items = Array.from({ length: count(shape, rng, 4) }, () =>
        arbitraryValue(shape.member, rng),
      );
      return { wire: items.map((item) => item.wire), decoded: items.map((item) => item.decoded) };
    }
    case 'map': {
      const wire: Record<string, unknown> = {};
      const decoded: Record<string, unknown> = {};
      for (let n = count(shape, rng, 3); n > 0; n--) {
        const key = arbitraryString(shape.key, rng);
        const value = arbitraryValue(shape.value, rng);
        wire[key] = value.wire;
        decoded[key] = value.decoded;
      }
      return { wire, decoded };
    }
    case 'structure':
      return arbitraryStructure(shape, rng);
  }
}

function arbitraryStructure(shape: StructureShape, rng: RandomStream): Generated {
  const wire: Record<string, unknown> = {};
  const decoded: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape.members)) {
    if (!shape.required.includes(name) && rng.nextInt(2) === 0) continue;
    const value = arbitraryValue(member, rng);
    wire[name] = value.wire;
    decoded[name] = value.decoded;
  }
  return { wire, decoded };
}

// ---- one broken constraint per member --------------------------------------------------------

export interface Breaker {
  /** Wire value of the member that breaks one constraint. */
  readonly wire: unknown;
  /** The violation entry expected for it (member path is the top-level lowerCamel name). */
  readonly entry: string;
}

function lowerCamel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Written out independently of the validator: the §8.7 phrases, spelled here once more. */
export function constraintBreakers(name: string, shape: Shape): Breaker[] {
  const path = lowerCamel(name);
  const quoted = (value: string): string =>
    `Value '${value}' at '${path}' failed to satisfy constraint: `;
  const hidden = `Value at '${path}' failed to satisfy constraint: `;
  const out: Breaker[] = [];
  if (shape.type === 'string' && shape.enum !== undefined) {
    const listed = (shape.enumMessage ?? shape.enum).join(', ');
    out.push({
      wire: 'NOT_A_MEMBER',
      entry: `${quoted('NOT_A_MEMBER')}Member must satisfy enum value set: [${listed}]`,
    });
  }
  if (shape.type === 'string' && shape.enum === undefined && shape.max !== undefined) {
    // '7' fits every length-bounded pattern's alphabet used by the models, or the pattern entry comes too.
    const text = '7'.repeat(shape.max + 1);
    const prefix = shape.sensitive === true ? hidden : quoted(text);
    out.push({
      wire: text,
      entry: `${prefix}Member must have length less than or equal to ${shape.max}`,
    });
  }
  if (
    shape.type === 'string' &&
    shape.enum === undefined &&
    shape.min !== undefined &&
    shape.min > 0
  ) {
    const prefix = shape.sensitive === true ? hidden : quoted('');
    out.push({
      wire: '',
      entry: `${prefix}Member must have length greater than or equal to ${shape.min}`,
    });
  }
  if (shape.type === 'string' && shape.pattern !== undefined) {
    // A line feed and a NUL: no pattern in the KMS or CloudHSM models accepts both.
    const text = '\n\u0000';
    const prefix = shape.sensitive === true ? hidden : quoted(text);
    out.push({
      wire: text,
      entry: `${prefix}Member must satisfy regular expression pattern: ${shape.pattern}`,
    });
  }
  if (shape.type === 'blob' && shape.min !== undefined && shape.min > 0) {
    out.push({
      wire: '',
      entry: `${hidden}Member must have length greater than or equal to ${shape.min}`,
    });
  }
  if (shape.type === 'blob' && shape.max !== undefined) {
    const wire = Buffer.alloc(shape.max + 1, 7).toString('base64');
    out.push({
      wire,
      entry: `${hidden}Member must have length less than or equal to ${shape.max}`,
    });
  }
  if ((shape.type === 'integer' || shape.type === 'long') && shape.min !== undefined) {
    const n = shape.min - 1;
    out.push({
      wire: n,
      entry: `${quoted(String(n))}Member must have value greater than or equal to ${shape.min}`,
    });
  }
  if ((shape.type === 'integer' || shape.type === 'long') && shape.max !== undefined) {
    const n = shape.max + 1;
    out.push({
      wire: n,
      entry: `${quoted(String(n))}Member must have value less than or equal to ${shape.max}`,
    });
  }
  return out;
}
