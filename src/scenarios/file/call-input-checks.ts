/**
 * The `input` of a `call:` step (issue #13 §3), checked at load like every other reference (issue
 * #3 "Bad input": one message naming file, line and field):
 * - every member, at any depth, must be one the operation's request model has. The SDK serialises
 *   only the members it knows and drops the rest without a word, so a misspelt member would send a
 *   different request from the one written;
 * - every placeholder must name something declared (`{cluster:main}`, `{keyStore:store}`,
 *   `{key:app-key}`, `{keyId:app-key}`), or created by an earlier step; `{trustAnchor}` stands
 *   for a whole value; a `{…:…}` of another kind, or one in a map key (the run replaces them in
 *   values only, run/timeline-steps.ts), would be sent as written, so it is refused.
 * Values are not checked against the model's types and bounds: a step may send a bad value on
 * purpose, to see the service's ValidationException.
 */
import type { Shape, StructureShape } from '../../protocol/shape.js';
import { PLACEHOLDER_KINDS } from '../check/message-match.js';
import { apiInputShape } from './api-calls.js';
import { didYouMean } from './did-you-mean.js';
import type { NameKind, NameScope } from './name-scope.js';
import type { PathProblem, PathSegment } from './problem.js';

const PLACEHOLDER_SCOPE: Readonly<Record<string, NameKind>> = {
  key: 'key',
  keyId: 'key',
  keyStore: 'key-store',
  cluster: 'cluster',
};

/** Anything written like a placeholder, so that a misspelt kind is caught too. */
const PLACEHOLDER_LIKE = /\{([A-Za-z]+)(?::([^{}]*))?\}/g;

const TRUST_ANCHOR = '{trustAnchor}';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Context {
  readonly call: string;
  /** Length of the path of `input` itself: members directly under it are the request's own. */
  readonly inputDepth: number;
  readonly scope: NameScope;
  readonly order: number;
  readonly problems: PathProblem[];
}

function checkString(text: string, path: readonly PathSegment[], context: Context): void {
  for (const match of text.matchAll(PLACEHOLDER_LIKE)) {
    const [whole, kind, name] = match;
    if (kind === 'trustAnchor' && name === undefined) {
      if (text !== TRUST_ANCHOR)
        context.problems.push({
          path,
          message: `${TRUST_ANCHOR} stands for a whole value (the trust anchor certificate), not part of one`,
        });
      continue;
    }
    const scopeKind = Object.hasOwn(PLACEHOLDER_SCOPE, kind!)
      ? PLACEHOLDER_SCOPE[kind!]
      : undefined;
    if (scopeKind !== undefined && (name === undefined || name === '')) {
      context.problems.push({
        path,
        message: `'${whole}' names nothing: write {${kind}:<name>}`,
      });
      continue;
    }
    if (scopeKind === undefined || name === undefined) {
      const kinds = [...PLACEHOLDER_KINDS.map((k) => `{${k}:<name>}`), TRUST_ANCHOR];
      context.problems.push({
        path,
        message: `'${whole}' is not a placeholder${didYouMean(kind!, [...PLACEHOLDER_KINDS, 'trustAnchor'])}; placeholders are ${kinds.join(', ')}`,
      });
      continue;
    }
    context.scope.resolve(scopeKind, name, path, context.order);
  }
}

/** Checks `value` against `shape` (member names of structures, at any depth) and its strings' placeholders. */
function checkValue(
  value: unknown,
  shape: Shape | undefined,
  path: readonly PathSegment[],
  context: Context,
): void {
  if (typeof value === 'string') {
    checkString(value, path, context);
    return;
  }
  if (Array.isArray(value)) {
    const member = shape?.type === 'list' ? shape.member : undefined;
    value.forEach((item, index) => {
      checkValue(item, member, [...path, index], context);
    });
    return;
  }
  if (!isRecord(value)) return;
  if (shape?.type === 'structure') {
    checkStructure(value, shape, path, context);
    return;
  }
  const entryShape = shape?.type === 'map' ? shape.value : undefined;
  for (const [key, item] of Object.entries(value)) {
    if (new RegExp(PLACEHOLDER_LIKE.source).test(key))
      context.problems.push({
        path: [...path, key],
        atKey: true,
        message: `placeholders are replaced in values, not in keys: '${key}' would be sent as written`,
      });
    checkValue(item, entryShape, [...path, key], context);
  }
}

function checkStructure(
  value: Record<string, unknown>,
  shape: StructureShape,
  path: readonly PathSegment[],
  context: Context,
): void {
  const members = Object.keys(shape.members);
  for (const [key, item] of Object.entries(value)) {
    if (!Object.hasOwn(shape.members, key)) {
      const where = path.length === context.inputDepth ? `${context.call} takes` : 'it takes';
      context.problems.push({
        path: [...path, key],
        atKey: true,
        message: `unknown member '${key}'${didYouMean(key, members)}; ${where}: ${members.join(', ') || 'no members'}`,
      });
      continue;
    }
    checkValue(item, shape.members[key], [...path, key], context);
  }
}

/**
 * Checks a `call:` step's `input` (at `path`) for the operation `call`, resolving placeholders as
 * of the step's position `order` in timeline order.
 */
export function checkCallInput(
  call: string,
  input: unknown,
  path: readonly PathSegment[],
  scope: NameScope,
  order: number,
  problems: PathProblem[],
): void {
  const shape = apiInputShape(call);
  // Not a mapping: the schema reports it.
  if (shape === undefined || !isRecord(input)) return;
  checkStructure(input, shape, path, { call, inputDepth: path.length, scope, order, problems });
}
