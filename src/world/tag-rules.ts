/**
 * The CloudHSM tag rules beyond the model's patterns and lengths (which validation checks before a
 * request gets here; docs/fidelity.md):
 * - a resource holds at most 50 tags (the TagList maximum; TagResource models
 *   CloudHsmResourceLimitExceededException for going past it);
 * - keys beginning with `aws:` (any case) are reserved for AWS, as across AWS tagging;
 * - one request may not name a key twice.
 */
import { fail, ok, type Result } from './result.js';

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export const MAX_TAGS_PER_RESOURCE = 50;

const RESERVED_PREFIX = 'aws:';

/** Reserved or repeated keys in one request (CreateCluster, CopyBackupToRegion, Tag/UntagResource). */
export function checkTagKeys(keys: readonly string[]): Result<void, 'invalid-request'> {
  const seen = new Set<string>();
  for (const key of keys) {
    if (key.toLowerCase().startsWith(RESERVED_PREFIX))
      return fail(
        'invalid-request',
        `Tag key ${key} is not valid: keys beginning with "aws:" are reserved for AWS use.`,
      );
    if (seen.has(key)) return fail('invalid-request', `Tag key ${key} appears more than once.`);
    seen.add(key);
  }
  return ok(undefined);
}
