/**
 * World operations return domain results, never service exceptions (ARCHITECTURE world/): the KMS
 * and CloudHSM layers map each problem kind to the exact wire error in one table each.
 */
export interface Problem<K extends string = string> {
  readonly kind: K;
  /** A human explanation; services use it as the message where the spec gives no wording. */
  readonly detail: string;
}

export type Result<T, K extends string = string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: Problem<K> };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function fail<K extends string>(
  kind: K,
  detail: string,
): { readonly ok: false; readonly problem: Problem<K> } {
  return { ok: false, problem: { kind, detail } };
}
