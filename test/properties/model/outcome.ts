/**
 * Calling the real SDK and comparing what it answers with what the model expects. A divergence is
 * thrown as an Error whose message says which command, what the model expected and what the
 * simulator answered, so fast-check's report of the shrunk sequence reads on its own.
 */
import type { Expected, ExpectedError } from './model-rules.js';

/** What `@aws-sdk/client-kms` puts in `error.message` when the body has no message (docs/behaviour.md §1.3). */
export const SDK_NO_MESSAGE = 'UnknownError';

export type Observed<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly name: string;
      readonly message: string;
      readonly status: number | undefined;
    };

export async function observe<T>(call: Promise<T>): Promise<Observed<T>> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    const sdk = error as {
      name?: string;
      message?: string;
      $metadata?: { httpStatusCode?: number };
    };
    return {
      ok: false,
      name: String(sdk.name),
      message: String(sdk.message),
      status: sdk.$metadata?.httpStatusCode,
    };
  }
}

/** How often each operation ended in each outcome over a test run: shows what the runs reached. */
export const outcomeCounts = new Map<string, number>();

export function countOutcome(key: string): void {
  outcomeCounts.set(key, (outcomeCounts.get(key) ?? 0) + 1);
}

/** Messages with ids replaced, so outcomes group by cause. */
function cause(message: string): string {
  return message
    .replace(/arn:aws:kms:[^ ]*:key\/[0-9a-f-]{36}/g, '<ARN>')
    .replace(/cluster-[2-7a-zA-Z]+/g, '<cluster>')
    .replace(/cks-[0-9a-f]+/g, '<store>')
    .replace(/hsm-[2-7a-zA-Z]+/g, '<hsm>')
    .replace(/\b\d+\b/g, 'N');
}

function count(label: string, observed: Observed<unknown>): void {
  const operation = /^[A-Za-z]+/.exec(label)?.[0] ?? label;
  countOutcome(
    `${operation} → ${observed.ok ? 'ok' : `${observed.name}: ${cause(observed.message)}`}`,
  );
}

export class Divergence extends Error {
  override readonly name = 'Divergence';
}

function describeExpected(expected: Expected): string {
  if (!expected) return 'success';
  return expected.anyOf
    .map(
      (error) =>
        `${error.name}${error.message === undefined ? '' : ` "${error.message ?? ''}"`} (${error.status})`,
    )
    .join(' or ');
}

function describeObserved(observed: Observed<unknown>): string {
  return observed.ok
    ? 'success'
    : `${observed.name} "${observed.message}" (${String(observed.status)})`;
}

function matches(
  error: ExpectedError,
  observed: { name: string; message: string; status: number | undefined },
): boolean {
  if (error.name !== observed.name || error.status !== observed.status) return false;
  if (error.message === undefined) return true;
  return observed.message === (error.message === null ? SDK_NO_MESSAGE : error.message);
}

/**
 * Throws a Divergence unless the observed outcome is the expected one. Returns the response on an
 * expected success (then the caller compares the data), undefined on an expected failure.
 */
export function compareOutcome<T>(
  label: string,
  expected: Expected,
  observed: Observed<T>,
): T | undefined {
  count(label, observed);
  const agrees =
    expected === undefined
      ? observed.ok
      : !observed.ok && expected.anyOf.some((error) => matches(error, observed));
  if (!agrees)
    throw new Divergence(
      `${label}: the model expects ${describeExpected(expected)}, the simulator answered ${describeObserved(observed)}`,
    );
  return observed.ok ? observed.value : undefined;
}

/** Compares named fields of a response with the model's values (undefined = must be absent). */
export function compareFields(
  label: string,
  expected: Record<string, unknown>,
  actual: object | undefined,
): void {
  const differences: string[] = [];
  for (const [field, want] of Object.entries(expected)) {
    const got = (actual as Record<string, unknown> | undefined)?.[field];
    const wantText = want instanceof Date ? want.toISOString() : JSON.stringify(want);
    const gotText = got instanceof Date ? got.toISOString() : JSON.stringify(got);
    if (wantText !== gotText)
      differences.push(`${field}: model ${wantText ?? 'absent'}, simulator ${gotText ?? 'absent'}`);
  }
  if (differences.length > 0) throw new Divergence(`${label}: ${differences.join('; ')}`);
}

export function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a !== undefined && b !== undefined && Buffer.from(a).equals(Buffer.from(b));
}
