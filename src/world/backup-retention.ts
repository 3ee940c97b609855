/**
 * A cluster's backup retention policy (docs/behaviour.md §2.5 CreateCluster / ModifyCluster, §6.3): DAYS, 7..379,
 * default 90. The model only constrains the value to 1-3 digits; the range is the service's rule.
 */
import { fail, ok, type Result } from './result.js';

export const DEFAULT_RETENTION_DAYS = 90;
export const MIN_RETENTION_DAYS = 7;
export const MAX_RETENTION_DAYS = 379;

export interface RetentionPolicyInput {
  readonly Type?: string | undefined;
  readonly Value?: string | undefined;
}

/**
 * Days from a BackupRetentionPolicy as a request gives it (undefined when the request has none).
 * DAYS is the only Type, so a missing Type means DAYS; a policy without a Value says nothing and is
 * refused (docs/fidelity.md).
 */
export function retentionDaysOf(
  policy: RetentionPolicyInput | undefined,
): Result<number | undefined, 'invalid-request'> {
  if (policy === undefined) return ok(undefined);
  if (policy.Value === undefined)
    return fail('invalid-request', 'BackupRetentionPolicy must have a Value.');
  return checkRetentionDays(Number(policy.Value));
}

export function checkRetentionDays(days: number): Result<number, 'invalid-request'> {
  if (Number.isInteger(days) && days >= MIN_RETENTION_DAYS && days <= MAX_RETENTION_DAYS)
    return ok(days);
  return fail(
    'invalid-request',
    `BackupRetentionPolicy value ${days} is not valid: retention must be ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS} days.`,
  );
}
