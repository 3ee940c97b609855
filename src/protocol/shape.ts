/**
 * A small typed shape language for operation inputs (docs/behaviour.md §2.1, §2.5 member constraints). Each
 * operation's input is a `StructureShape` built with the factories below, transcribed from the
 * botocore service model; `Infer<S>` gives the precise TypeScript type of a decoded, validated
 * value (`decode-request.ts` produces it), so operation code reads `input.KeyId` as `string` and
 * `input.Plaintext` as `Uint8Array` without casts.
 *
 * Shapes are plain frozen data: the validator interprets them, nothing here executes.
 */

/** Optional size bounds, inclusive, exactly as the model's `min` / `max` (docs/behaviour.md §8.7). */
export interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

export interface StringShape<E extends string = string> extends Bounds {
  readonly type: 'string';
  /** The model's regex, verbatim: it is printed as-is in the ValidationException (docs/behaviour.md §8.7). */
  readonly pattern?: string;
  /** Accepted values, in model order. Absent for free-form strings. */
  readonly enum?: readonly E[];
  /**
   * The list printed in `Member must satisfy enum value set: [...]` when it differs from the
   * model order. Real KMS prints its own internal order, not the model's (docs/behaviour.md §8.7 [W]); only
   * recorded lists go here.
   */
  readonly enumMessage?: readonly string[];
  /** `sensitive` trait: the value is never echoed in a validation message (docs/behaviour.md §8.7). */
  readonly sensitive?: boolean;
}

/** Base64 on the wire (docs/behaviour.md §1.2); length bounds apply to the decoded bytes. */
export interface BlobShape extends Bounds {
  readonly type: 'blob';
  readonly sensitive?: boolean;
}

export interface IntegerShape extends Bounds {
  readonly type: 'integer';
}

export interface LongShape extends Bounds {
  readonly type: 'long';
}

export interface BooleanShape {
  readonly type: 'boolean';
}

/** Epoch seconds (with fraction) on the wire (docs/behaviour.md §1.2); decoded to a number of seconds. */
export interface TimestampShape {
  readonly type: 'timestamp';
}

export interface ListShape<M extends Shape = Shape> extends Bounds {
  readonly type: 'list';
  readonly member: M;
}

/** Bounds count entries. */
export interface MapShape<K extends StringShape = StringShape, V extends Shape = Shape>
  extends Bounds {
  readonly type: 'map';
  readonly key: K;
  readonly value: V;
}

export type Members = Readonly<Record<string, Shape>>;

export interface StructureShape<
  M extends Members = Members,
  R extends keyof M & string = keyof M & string,
> {
  readonly type: 'structure';
  /** Members in model order: validation reports violations in this order (docs/behaviour.md §8.7). */
  readonly members: M;
  readonly required: readonly R[];
}

export type Shape =
  | StringShape
  | BlobShape
  | IntegerShape
  | LongShape
  | BooleanShape
  | TimestampShape
  | ListShape<Shape>
  | MapShape<StringShape, Shape>
  | StructureShape<Members, string>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** A structure whose members are not known statically (the wide `StructureShape`) infers loosely. */
type InferStructure<M extends Members, R extends string> = string extends keyof M
  ? Record<string, unknown>
  : Simplify<
      { -readonly [K in keyof M as K extends R ? K : never]: Infer<M[K]> } & {
        -readonly [K in keyof M as K extends R ? never : K]?: Infer<M[K]>;
      }
    >;

/** The decoded TypeScript type of a value of shape `S`. */
export type Infer<S> =
  S extends StringShape<infer E>
    ? E
    : S extends BlobShape
      ? Uint8Array
      : S extends IntegerShape | LongShape | TimestampShape
        ? number
        : S extends BooleanShape
          ? boolean
          : S extends ListShape<infer M>
            ? Infer<M>[]
            : S extends MapShape<StringShape, infer V>
              ? Record<string, Infer<V>>
              : S extends StructureShape<infer M, infer R>
                ? InferStructure<M, R>
                : never;

// ---- factories -------------------------------------------------------------------------------

export interface StringOptions extends Bounds {
  readonly pattern?: string;
  readonly sensitive?: boolean;
}

export function string(options: StringOptions = {}): StringShape<string> {
  return Object.freeze({ type: 'string', ...options });
}

export interface EnumOptions {
  readonly enumMessage?: readonly string[];
}

/** A string restricted to `values` (model order); the decoded type is the union of the values. */
export function enumOf<const E extends readonly string[]>(
  values: E,
  options: EnumOptions = {},
): StringShape<E[number]> {
  return Object.freeze({ type: 'string', enum: Object.freeze([...values]), ...options });
}

export function blob(options: Bounds & { readonly sensitive?: boolean } = {}): BlobShape {
  return Object.freeze({ type: 'blob', ...options });
}

export function integer(bounds: Bounds = {}): IntegerShape {
  return Object.freeze({ type: 'integer', ...bounds });
}

export function long(bounds: Bounds = {}): LongShape {
  return Object.freeze({ type: 'long', ...bounds });
}

export function boolean(): BooleanShape {
  return Object.freeze({ type: 'boolean' });
}

export function timestamp(): TimestampShape {
  return Object.freeze({ type: 'timestamp' });
}

export function list<M extends Shape>(member: M, bounds: Bounds = {}): ListShape<M> {
  return Object.freeze({ type: 'list', member, ...bounds });
}

export function map<K extends StringShape, V extends Shape>(
  key: K,
  value: V,
  bounds: Bounds = {},
): MapShape<K, V> {
  return Object.freeze({ type: 'map', key, value, ...bounds });
}

/** `members` in model order; `required` lists what the model marks required, nothing more. */
export function structure<const M extends Members, const R extends keyof M & string = never>(
  members: M,
  required: readonly R[] = [],
): StructureShape<M, R> {
  return Object.freeze({
    type: 'structure',
    members: Object.freeze({ ...members }),
    required: Object.freeze([...required]),
  });
}
