/**
 * ajv's errors as scenario problems: one message per field, in words a scenario author uses
 * (issue #3 "Bad input": "unknown key 'fualt' (did you mean 'fault'?)", "expected a duration, got
 * true"), with the path of the field itself (a missing or unknown key is named, not its parent).
 */
import type { ErrorObject } from 'ajv';
import { durationProblem } from './duration-checks.js';
import { describeValue, type PathProblem, type PathSegment } from './problem.js';
import { didYouMean } from './did-you-mean.js';
import { EXPECTATION_TYPES } from './schema.js';

/** `/timeline/2/at` → `['timeline', 2, 'at']` (RFC 6901 unescaping). */
export function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'nothing',
};

function expectedType(error: ErrorObject): string {
  const hint = (error.parentSchema as { hint?: string } | undefined)?.hint;
  if (hint !== undefined) return hint;
  const types = ([] as string[]).concat(error.params['type'] as string | string[]);
  return types.map((type) => TYPE_WORDS[type] ?? type).join(' or ');
}

function knownKeys(error: ErrorObject): string[] {
  return Object.keys(
    (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {},
  );
}

function discriminatorProblem(error: ErrorObject, path: PathSegment[]): PathProblem {
  const value: unknown = error.params['tagValue'];
  const at = [...path, 'type'];
  if (value === undefined)
    return {
      path: at,
      message: `missing required key 'type' (one of: ${EXPECTATION_TYPES.join(', ')})`,
    };
  if (typeof value !== 'string')
    return {
      path: at,
      message: `expected one of ${EXPECTATION_TYPES.join(', ')}, got ${describeValue(value)}`,
    };
  return {
    path: at,
    message: `unknown expectation type '${value}'${didYouMean(value, EXPECTATION_TYPES)}; known types: ${EXPECTATION_TYPES.join(', ')}`,
  };
}

function rangeMessage(error: ErrorObject): string {
  const bound = error.params['limit'] as number;
  const word = error.keyword === 'minimum' ? '>=' : '<=';
  const why = (error.parentSchema as { why?: string } | undefined)?.why;
  return `expected a number ${word} ${bound}, got ${describeValue(error.data)}${why && error.keyword === 'maximum' ? ` (${why})` : ''}`;
}

function itemsMessage(error: ErrorObject): string {
  const hint = (error.parentSchema as { hint?: string } | undefined)?.hint;
  const length = Array.isArray(error.data) ? error.data.length : 0;
  const expected = hint ?? `at least ${error.params['limit'] as number} item(s)`;
  return `expected ${expected}, got a list of ${length}`;
}

/** One ajv error as one problem. */
export function schemaProblem(error: ErrorObject): PathProblem {
  const path = pointerToPath(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = error.params['additionalProperty'] as string;
      return {
        path: [...path, key],
        atKey: true,
        message: `unknown key '${key}'${didYouMean(key, knownKeys(error))}`,
      };
    }
    case 'required': {
      const key = error.params['missingProperty'] as string;
      return { path: [...path, key], message: `missing required key '${key}'` };
    }
    case 'discriminator':
      return discriminatorProblem(error, path);
    case 'duration':
      return { path, message: durationProblem(error.data) ?? 'malformed time' };
    case 'type':
      return { path, message: `expected ${expectedType(error)}, got ${describeValue(error.data)}` };
    case 'enum': {
      const allowed = (error.params['allowedValues'] as unknown[]).map(String);
      const got = describeValue(error.data);
      const hint = typeof error.data === 'string' ? didYouMean(error.data, allowed) : '';
      return {
        path,
        message: `unknown value ${got}${hint}; expected one of ${allowed.join(', ')}`,
      };
    }
    case 'pattern':
      return { path, message: `expected ${expectedType(error)}, got ${describeValue(error.data)}` };
    case 'minLength': {
      const limit = error.params['limit'] as number;
      return {
        path,
        message: limit <= 1 ? 'must not be empty' : `must be at least ${limit} characters long`,
      };
    }
    case 'maxLength':
      return {
        path,
        message: `must be at most ${error.params['limit'] as number} characters long`,
      };
    case 'minimum':
    case 'maximum':
      return { path, message: rangeMessage(error) };
    case 'minItems':
    case 'maxItems':
      return { path, message: itemsMessage(error) };
    default:
      return { path, message: error.message ?? `invalid (${error.keyword})` };
  }
}
