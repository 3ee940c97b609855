/**
 * Request decoding and validation for the AWS JSON 1.1 services (docs/behaviour.md §1.1, §8.7). Service-neutral:
 * a failure says only `serialization` or `validation`; kms/ and cloudhsm/ turn it into their own
 * `SerializationException` / `ValidationException` error classes.
 *
 * Two phases, as a Coral (AWS JSON) service does them:
 *  1. deserialize: body → JSON object → typed value per shape. The first wrong JSON type (in model
 *     member order) fails the whole request with SerializationException; nothing is validated.
 *  2. validate: every constraint of every member, in model order, collected into one
 *     `N validation error(s) detected: ...` message (docs/behaviour.md §8.7).
 *
 * Where each message comes from (verified on the wire, measured on another Coral service, or our
 * own choice) is said next to the code that produces it and collected in docs/fidelity.md.
 */
import type { Infer, MapShape, Members, Shape, StringShape, StructureShape } from './shape.js';

export interface SerializationFailure {
  readonly ok: false;
  readonly kind: 'serialization';
  /** `undefined`: the body carries no message member (what Coral sends for unparseable JSON). */
  readonly message: string | undefined;
}

export interface ValidationFailure {
  readonly ok: false;
  readonly kind: 'validation';
  readonly message: string;
  /** The individual `Value ... failed to satisfy constraint: ...` entries, in report order. */
  readonly violations: readonly string[];
}

export type DecodeFailure = SerializationFailure | ValidationFailure;
export type DecodeResult<T> = { readonly ok: true; readonly value: T } | DecodeFailure;

/** Coral reports at most this many violations (observed on DynamoDB by emulators; unverified for KMS). */
export const MAX_REPORTED_VIOLATIONS = 10;

export interface DecodeBodyOptions {
  /**
   * What an empty (or whitespace-only) body means. `'empty-object'` (default): `{}`, so a curl user
   * who sends nothing reaches the operation's own checks. `'reject'`: SerializationException without
   * a message, which is what another Coral service (Athena) was measured to do.
   */
  readonly emptyBody?: 'empty-object' | 'reject';
}

function serialization(message: string | undefined): SerializationFailure {
  return { ok: false, kind: 'serialization', message };
}

const START_OF_LIST = 'Start of list found where not expected';
const START_OF_MAP = 'Start of structure or map found where not expected.';

/** Parses the request body; only a JSON object is a valid AWS JSON 1.1 input (docs/behaviour.md §1.1). */
export function decodeJsonBody(
  text: string,
  options: DecodeBodyOptions = {},
): { readonly ok: true; readonly value: Record<string, unknown> } | SerializationFailure {
  if (text.trim() === '') {
    return options.emptyBody === 'reject' ? serialization(undefined) : { ok: true, value: {} };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return serialization(undefined);
  }
  if (Array.isArray(parsed)) return serialization(START_OF_LIST);
  if (parsed === null || typeof parsed !== 'object') return serialization(undefined);
  return { ok: true, value: parsed as Record<string, unknown> };
}

/** Body text → validated input of `shape`: the whole request-decoding pipeline in one call. */
export function decodeRequest<S extends StructureShape<Members, string>>(
  shape: S,
  text: string,
  options: DecodeBodyOptions = {},
): DecodeResult<Infer<S>> {
  const body = decodeJsonBody(text, options);
  return body.ok ? validateInput(shape, body.value) : body;
}

const VIOLATIONS: string[] = [];

/** Parsed JSON → typed value of `shape`, or the failure real AWS would report. */
export function validateInput<S extends StructureShape<Members, string>>(
  shape: S,
  value: unknown,
): DecodeResult<Infer<S>> {
  // The structure's compiled phases, looked up once for both (issue #12).
  const compiled = compiledStructure(shape);
  let decoded: unknown;
  try {
    decoded = compiled.deserialize(value);
  } catch (error) {
    if (error instanceof TypeMismatch) return serialization(error.message);
    throw error;
  }
  // One list for every request's violations, emptied before each use: a valid request (almost
  // every one) then allocates none. Nothing in the check calls back into validateInput.
  const violations = VIOLATIONS;
  // Empty unless a check threw half-way; setting the length is a call even when it is 0 already.
  if (violations.length !== 0) violations.length = 0;
  compiled.check(decoded as Record<string, unknown>, '', violations);
  if (violations.length > 0) {
    const reported = violations.slice(0, MAX_REPORTED_VIOLATIONS);
    violations.length = 0;
    return {
      ok: false,
      kind: 'validation',
      message: validationMessage(reported),
      violations: reported,
    };
  }
  // The deserializer built exactly the structure Infer<S> describes.
  return { ok: true, value: decoded as Infer<S> };
}

/** docs/behaviour.md §8.7: `1 validation error detected: ...` / `N validation errors detected: a; b`. */
export function validationMessage(violations: readonly string[]): string {
  const n = violations.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
}

// ---- phase 1: deserialize (type mismatches → SerializationException) --------------------------

class TypeMismatch extends Error {}

/** Coral's token names for a JSON scalar (measured on other Coral JSON 1.1 services). */
function scalarToken(value: unknown): string {
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'number') return 'NUMBER_VALUE';
  return value === true ? 'TRUE_VALUE' : 'FALSE_VALUE';
}

function mismatchForScalarTarget(value: unknown, target: string): TypeMismatch {
  if (Array.isArray(value)) return new TypeMismatch(START_OF_LIST);
  if (typeof value === 'object') return new TypeMismatch(START_OF_MAP);
  return new TypeMismatch(`${scalarToken(value)} can not be converted to ${target}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Defines a property even when the key is `__proto__` (map keys are user data). */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** `null` means absent, as on the wire (measured on another Coral service; docs/behaviour.md §1.2 omits nulls). */
function deserialize(shape: Shape, value: unknown): unknown {
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') throw mismatchForScalarTarget(value, 'a String');
      return value;
    case 'blob':
      if (typeof value !== 'string') throw mismatchForScalarTarget(value, 'a Blob');
      return decodeBase64(value);
    case 'integer':
      return deserializeNumber(value, 'an Integer', -(2 ** 31), 2 ** 31 - 1);
    case 'long':
      return deserializeNumber(value, 'a Long', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    case 'timestamp':
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw mismatchForScalarTarget(value, 'a Timestamp');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatchForScalarTarget(value, 'a Boolean');
      return value;
    case 'list':
      if (!Array.isArray(value))
        throw new TypeMismatch(isObject(value) ? START_OF_MAP : 'Expected list or null');
      // A null element is skipped, as measured on another Coral JSON 1.1 service.
      return value.filter((item) => item !== null).map((item) => deserialize(shape.member, item));
    case 'map':
      return deserializeMap(shape, value);
    case 'structure':
      return deserializeStructure(shape, value);
  }
}

/** Fractions are truncated, as Coral does (measured on another Coral JSON 1.1 service). */
function deserializeNumber(
  value: unknown,
  target: string,
  lowest: number,
  highest: number,
): number {
  if (typeof value !== 'number') throw mismatchForScalarTarget(value, target);
  const whole = Math.trunc(value);
  // Own choice: a number the Java type cannot hold is reported like any other conversion failure.
  if (!Number.isFinite(whole) || whole < lowest || whole > highest) {
    throw new TypeMismatch(`NUMBER_VALUE can not be converted to ${target}`);
  }
  return whole === 0 ? 0 : whole; // no -0 in decoded input
}

function deserializeMap(shape: MapShape, value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) throw new TypeMismatch(START_OF_LIST);
  if (!isObject(value)) throw new TypeMismatch('Expected map or null');
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null) put(out, key, deserialize(shape.value, item));
  }
  return out;
}

function deserializeStructure(shape: StructureShape, value: unknown): Record<string, unknown> {
  return compiledStructure(shape).deserialize(value);
}

/** One member of a structure, with what validation needs of it worked out once. */
interface MemberEntry {
  readonly name: string;
  readonly shape: Shape;
  /** `KeyId` → `keyId`: Coral lower-cases only the first character (docs/behaviour.md §8.7). */
  readonly camel: string;
  readonly required: boolean;
}

const memberLists = new WeakMap<StructureShape, readonly MemberEntry[]>();

/**
 * A structure's members in model order, computed once per shape: rebuilding `Object.entries` and
 * the camel-case names on every request was a fifth of request decoding (issue #12).
 */
function membersOf(shape: StructureShape): readonly MemberEntry[] {
  let list = memberLists.get(shape);
  if (list === undefined) {
    list = Object.entries(shape.members).map(([name, member]) => ({
      name,
      shape: member as Shape,
      camel: name.charAt(0).toLowerCase() + name.slice(1),
      required: shape.required.includes(name),
    }));
    memberLists.set(shape, list);
  }
  return list;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Strict standard base64 with padding (docs/behaviour.md §1.2). Node's decoder silently skips bad
 * characters, so a text is accepted only when Node's bytes encode back to exactly that text: strict
 * base64 (alphabet, length a multiple of 4, at most two trailing `=`, no bits the padding says are
 * absent) is precisely the set of canonical encodings. That one comparison replaced a regex over
 * every character (issue #12); a text that fails it is walked to name its first fault, with messages
 * that follow Coral's base64 decoder (see MESSAGE_EVIDENCE).
 */
function decodeBase64(text: string): Uint8Array {
  const decoded = Buffer.from(text, 'base64');
  if (decoded.toString('base64') !== text) throw base64Fault(text);
  // A plain Uint8Array view of Node's decoded bytes: copying them into a fresh array cost more than
  // the decoding (issue #12).
  return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.length);
}

/** Why `text` is not strict base64, in the order Coral's decoder checks. */
function base64Fault(text: string): TypeMismatch {
  if (text.length % 4 !== 0) {
    return new TypeMismatch(
      `Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`,
    );
  }
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const body = text.slice(0, text.length - padding);
  for (const char of body) {
    if (!BASE64_ALPHABET.includes(char))
      return new TypeMismatch(`Invalid Base64 character: '${char}'`);
  }
  // Only the last data character can be wrong now: it carries bits the padding says are absent.
  return new TypeMismatch('Invalid last non-pad Base64 character dectected');
}

// ---- phase 2: validate constraints (→ ValidationException, docs/behaviour.md §8.7) -------------------------

/**
 * Blobs never echo their value: sensitive ones by the `sensitive` trait (docs/behaviour.md §8.7 [W]), and real
 * KMS also printed `Value at 'ciphertextBlob'` for the non-sensitive CiphertextBlob.
 */
function isRedacted(shape: Shape): boolean {
  switch (shape.type) {
    case 'string':
      return shape.sensitive === true;
    case 'blob':
      return true;
    case 'list':
      return isRedacted(shape.member);
    case 'map':
      return isRedacted(shape.key) || isRedacted(shape.value);
    default:
      return false;
  }
}

/** Java-style rendering of a value inside `Value '...'` (own choice for lists, maps, structures). */
function render(shape: Shape, value: unknown): string {
  switch (shape.type) {
    case 'list':
      return `[${(value as unknown[]).map((item) => render(shape.member, item)).join(', ')}]`;
    case 'map':
      return `{${Object.entries(value as Record<string, unknown>)
        .map(([key, item]) => `${key}=${render(shape.value, item)}`)
        .join(', ')}}`;
    case 'structure':
      return `{${Object.entries(value as Record<string, unknown>)
        .map(([key, item]) => `${key}: ${render(shape.members[key] as Shape, item)}`)
        .join(', ')}}`;
    default:
      return String(value);
  }
}

function violation(shape: Shape, value: unknown, path: string, constraint: string): string {
  const shown =
    value === undefined
      ? 'Value null'
      : isRedacted(shape)
        ? 'Value'
        : `Value '${render(shape, value)}'`;
  return `${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
}

function checkStructure(
  shape: StructureShape,
  value: Record<string, unknown>,
  parent: string,
  out: string[],
): void {
  compiledStructure(shape).check(value, parent, out);
}

/** The generic check of one member, with its path; a compiled structure calls it when its fast test fails. */
function checkMember(member: MemberEntry, value: unknown, parent: string, out: string[]): void {
  const path = parent === '' ? member.camel : `${parent}.${member.camel}`;
  if (value === undefined) {
    if (member.required)
      out.push(violation(member.shape, undefined, path, 'Member must not be null'));
    return;
  }
  checkValue(member.shape, value, path, out);
}

// ---- compiled structures (issue #12) -----------------------------------------------------------

/**
 * A structure's two phases as straight-line code, generated once per shape: a member is read by
 * its name as a constant, a string, blob or boolean member is deserialized in place, and each
 * member's constraints are one test that a valid value passes. Only when that test fails does the
 * generic code above run, so every message, and its order, is the one it has always written.
 */
interface CompiledStructure {
  deserialize(value: unknown): Record<string, unknown>;
  check(value: Record<string, unknown>, parent: string, out: string[]): void;
}

const compiledStructures = new WeakMap<StructureShape, CompiledStructure>();

function compiledStructure(shape: StructureShape): CompiledStructure {
  let compiled = compiledStructures.get(shape);
  if (compiled === undefined) {
    compiled = compileStructure(shape);
    compiledStructures.set(shape, compiled);
  }
  return compiled;
}

/** What the generated code calls: the generic phases and the failures they raise. */
const GENERATED_HELPERS = {
  deserialize,
  decodeBase64,
  mismatchForScalarTarget,
  checkMember,
  compilePattern,
  startOfList: (): TypeMismatch => new TypeMismatch(START_OF_LIST),
  expectedNull: (): TypeMismatch => new TypeMismatch('Expected null'),
  hasOwn: Object.hasOwn,
  isArray: (value: unknown): boolean => Array.isArray(value),
};

/** The test a valid value of `shape` passes, as an expression over `v`; constants go to `m[index]`. */
function fastCheck(shape: Shape, index: number): string {
  const bounds = (length: string, min?: number, max?: number): string[] => [
    ...(min === undefined ? [] : [`${length} >= ${min}`]),
    ...(max === undefined ? [] : [`${length} <= ${max}`]),
  ];
  let tests: string[];
  switch (shape.type) {
    case 'string':
      tests = [
        ...(shape.enum === undefined ? [] : [`m[${index}].shape.enum.includes(v)`]),
        ...(shape.pattern === undefined ? [] : [`m[${index}].pattern.test(v)`]),
        ...bounds('v.length', shape.min, shape.max),
      ];
      break;
    case 'blob':
      tests = bounds('v.length', shape.min, shape.max);
      break;
    case 'integer':
    case 'long':
      tests = bounds('v', shape.min, shape.max);
      break;
    case 'boolean':
    case 'timestamp':
      tests = [];
      break;
    default:
      return 'false'; // lists, maps and structures: the generic check walks them
  }
  return tests.length === 0 ? 'true' : tests.join(' && ');
}

/** Reads member `name` of `value` into `raw`: own properties only, and absent as undefined. */
function readOwn(name: string): string {
  const key = JSON.stringify(name);
  // Own first, then read, as the generic code did: an inherited property is never even read.
  return `raw = h.hasOwn(value, ${key}) ? value[${key}] : undefined;`;
}

function compileStructure(shape: StructureShape): CompiledStructure {
  const members = membersOf(shape).map((member) => ({
    ...member,
    pattern:
      member.shape.type === 'string' && member.shape.pattern !== undefined
        ? compilePattern(member.shape.pattern)
        : undefined,
  }));
  const read: string[] = [];
  const checks: string[] = [];
  members.forEach((member, i) => {
    const key = JSON.stringify(member.name);
    let convert: string;
    switch (member.shape.type) {
      case 'string':
        convert = `if (typeof raw !== 'string') throw h.mismatchForScalarTarget(raw, 'a String'); out[${key}] = raw;`;
        break;
      case 'blob':
        convert = `if (typeof raw !== 'string') throw h.mismatchForScalarTarget(raw, 'a Blob'); out[${key}] = h.decodeBase64(raw);`;
        break;
      case 'boolean':
        convert = `if (typeof raw !== 'boolean') throw h.mismatchForScalarTarget(raw, 'a Boolean'); out[${key}] = raw;`;
        break;
      default:
        convert = `out[${key}] = h.deserialize(m[${i}].shape, raw);`;
    }
    read.push(`${readOwn(member.name)}\n  if (raw !== undefined && raw !== null) { ${convert} }`);
    checks.push(
      `v = value[${key}];\n  if (${member.required ? 'v === undefined || ' : 'v !== undefined && '}!(${fastCheck(member.shape, i)})) h.checkMember(m[${i}], v, parent, out);`,
    );
  });
  const source = `"use strict";
return {
  deserialize(value) {
    if (h.isArray(value)) throw h.startOfList();
    if (typeof value !== 'object' || value === null) throw h.expectedNull();
    const out = {};
    let raw;
  ${read.join('\n  ')}
    return out;
  },
  check(value, parent, out) {
    let v;
  ${checks.join('\n  ')}
  },
};`;
  // Generated from the service model's own member names (JSON-quoted), never from a request.
  return new Function('m', 'h', source)(members, GENERATED_HELPERS) as CompiledStructure;
}

function checkValue(shape: Shape, value: unknown, path: string, out: string[]): void {
  switch (shape.type) {
    case 'string':
      checkString(shape, value as string, path, out);
      return;
    case 'blob':
      checkLength(shape, value, (value as Uint8Array).length, path, out);
      return;
    case 'integer':
    case 'long':
      checkRange(shape, value as number, path, out);
      return;
    case 'list':
      checkLength(shape, value, (value as unknown[]).length, path, out);
      (value as unknown[]).forEach((item, index) => {
        checkValue(shape.member, item, `${path}.${index + 1}.member`, out);
      });
      return;
    case 'map':
      checkMap(shape, value as Record<string, unknown>, path, out);
      return;
    case 'structure':
      checkStructure(shape, value as Record<string, unknown>, path, out);
      return;
    default:
      return; // booleans and timestamps carry no constraints
  }
}

/** Pattern first, then length: the order real Coral services print (own choice for KMS). */
function checkString(shape: StringShape, value: string, path: string, out: string[]): void {
  if (shape.enum !== undefined && !shape.enum.includes(value)) {
    const listed = shape.enumMessage ?? shape.enum;
    out.push(
      violation(shape, value, path, `Member must satisfy enum value set: [${listed.join(', ')}]`),
    );
  }
  if (shape.pattern !== undefined && !compilePattern(shape.pattern).test(value)) {
    out.push(
      violation(
        shape,
        value,
        path,
        `Member must satisfy regular expression pattern: ${shape.pattern}`,
      ),
    );
  }
  checkLength(shape, value, value.length, path, out);
}

function checkLength(
  shape: Shape & { min?: number; max?: number },
  value: unknown,
  length: number,
  path: string,
  out: string[],
): void {
  if (shape.min !== undefined && length < shape.min) {
    out.push(
      violation(
        shape,
        value,
        path,
        `Member must have length greater than or equal to ${shape.min}`,
      ),
    );
  }
  if (shape.max !== undefined && length > shape.max) {
    out.push(
      violation(shape, value, path, `Member must have length less than or equal to ${shape.max}`),
    );
  }
}

function checkRange(
  shape: Shape & { min?: number; max?: number },
  value: number,
  path: string,
  out: string[],
): void {
  if (shape.min !== undefined && value < shape.min) {
    out.push(
      violation(shape, value, path, `Member must have value greater than or equal to ${shape.min}`),
    );
  }
  if (shape.max !== undefined && value > shape.max) {
    out.push(
      violation(shape, value, path, `Member must have value less than or equal to ${shape.max}`),
    );
  }
}

/** Own choice: a map key is reported at `<map>.<key>.key`, a value at `<map>.<key>.member`. */
function checkMap(
  shape: MapShape,
  value: Record<string, unknown>,
  path: string,
  out: string[],
): void {
  checkLength(shape, value, Object.keys(value).length, path, out);
  for (const [key, item] of Object.entries(value)) {
    checkValue(shape.key, key, `${path}.${key}.key`, out);
    checkValue(shape.value, item, `${path}.${key}.member`, out);
  }
}

const compiled = new Map<string, RegExp>();

/**
 * The model's regexes are Java regexes matched against the whole value (Pattern.matches): anchor
 * them, use Unicode mode for `\p{L}`, and give `\s` Java's ASCII meaning.
 */
export function compilePattern(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(`^(?:${javaToJsRegex(pattern)})$`, 'u');
    compiled.set(pattern, regex);
  }
  return regex;
}

function javaToJsRegex(pattern: string): string {
  const javaSpace = '\\t\\n\\x0B\\f\\r ';
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    if (char === '\\') {
      const next = pattern.charAt(i + 1);
      out += next === 's' ? (inClass ? javaSpace : `[${javaSpace}]`) : `\\${next}`;
      i++;
      continue;
    }
    if (char === '[') inClass = true;
    if (char === ']') inClass = false;
    out += char;
  }
  return out;
}
