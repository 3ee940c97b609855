/**
 * What a principal of the account gets when it tries to change an AWS managed key (issue #10). The
 * key's policy (policy-document.ts) allows the account only to read the key and revoke grants, so
 * real KMS refuses every change at authorization, before looking at the request, with IAM's
 * AccessDeniedException wording. kmsim does not know the calling principal and names the account.
 */
import type { KmsKey } from './kms-key.js';
import { fail } from './result.js';
import type { World } from './world.js';

export function awsManagedRefusal(world: World, key: KmsKey, action: string) {
  return refusalOn(world, key.arn, action);
}

/** The same refusal for a resource that is not the key itself (an AWS managed alias). */
export function refusalOn(world: World, resourceArn: string, action: string) {
  return fail(
    'aws-managed-key',
    `User: arn:aws:iam::${world.accountId}:root is not authorized to perform: ${action} on resource: ${resourceArn} because no resource-based policy allows the ${action} action`,
  );
}
