/**
 * Service-side rules of CreateGrant beyond the model's shapes (API reference CreateGrant and
 * GrantConstraints), checked before the key is resolved: exactly one grantee (principal or service
 * principal), at most one retiring principal, a service grantee needs a SourceArn constraint and a
 * retiring principal, the operations must be ones a symmetric encryption key supports, and each
 * encryption-context constraint holds at most 8 pairs with values of at most 384 characters; a
 * grant has EncryptionContextEquals or EncryptionContextSubset, not both (`More than one constraint
 * supplied`, the real message as terraform-provider-aws's grant.go quotes it). The other
 * ValidationExceptions are in kmsim's wording (docs/fidelity.md).
 */
import type { GrantConstraints, GrantSpec } from '../world/grant.js';
import { KmsError } from './errors.js';
import type { KmsInput } from './input-shapes.js';

/** Grant operations a SYMMETRIC_DEFAULT ENCRYPT_DECRYPT key supports (Developer Guide, grant operations). */
const SYMMETRIC_GRANT_OPERATIONS = new Set([
  'Decrypt',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'ReEncryptFrom',
  'ReEncryptTo',
  'CreateGrant',
  'RetireGrant',
  'DescribeKey',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
]);

const MAX_CONTEXT_PAIRS = 8;
const MAX_CONTEXT_VALUE_CHARS = 384;

function invalid(message: string): never {
  throw new KmsError('ValidationException', message);
}

function checkContextConstraint(name: string, context: Record<string, string> | undefined): void {
  if (context === undefined) return;
  if (Object.keys(context).length > MAX_CONTEXT_PAIRS)
    invalid(`Constraints.${name} can hold at most ${MAX_CONTEXT_PAIRS} encryption context pairs.`);
  for (const value of Object.values(context))
    if (value.length > MAX_CONTEXT_VALUE_CHARS)
      invalid(
        `Constraints.${name} values can be at most ${MAX_CONTEXT_VALUE_CHARS} characters long.`,
      );
}

export function grantSpecOf(input: KmsInput<'CreateGrant'>): GrantSpec {
  const hasGrantee = input.GranteePrincipal !== undefined;
  const hasServiceGrantee = input.GranteeServicePrincipal !== undefined;
  if (hasGrantee === hasServiceGrantee)
    invalid('Specify either GranteePrincipal or GranteeServicePrincipal, but not both.');
  if (input.RetiringPrincipal !== undefined && input.RetiringServicePrincipal !== undefined)
    invalid('Specify either RetiringPrincipal or RetiringServicePrincipal, but not both.');
  if (hasServiceGrantee) {
    if (input.Constraints?.SourceArn === undefined)
      invalid('A grant for a GranteeServicePrincipal must have a SourceArn constraint.');
    if (input.RetiringPrincipal === undefined && input.RetiringServicePrincipal === undefined)
      invalid(
        'A grant for a GranteeServicePrincipal must have a RetiringPrincipal or RetiringServicePrincipal.',
      );
  }
  if (input.Operations.length === 0) invalid('Operations must name at least one grant operation.');
  const unsupported = input.Operations.filter((op) => !SYMMETRIC_GRANT_OPERATIONS.has(op));
  if (unsupported.length > 0)
    invalid(
      `Grant operations ${unsupported.join(', ')} are not valid for a SYMMETRIC_DEFAULT ENCRYPT_DECRYPT KMS key.`,
    );
  if (
    input.Constraints?.EncryptionContextEquals !== undefined &&
    input.Constraints.EncryptionContextSubset !== undefined
  )
    invalid('More than one constraint supplied');
  checkContextConstraint('EncryptionContextSubset', input.Constraints?.EncryptionContextSubset);
  checkContextConstraint('EncryptionContextEquals', input.Constraints?.EncryptionContextEquals);
  const constraints: GrantConstraints | undefined = input.Constraints && { ...input.Constraints };
  return {
    name: input.Name,
    granteePrincipal: input.GranteePrincipal,
    granteeServicePrincipal: input.GranteeServicePrincipal,
    retiringPrincipal: input.RetiringPrincipal,
    retiringServicePrincipal: input.RetiringServicePrincipal,
    operations: [...new Set(input.Operations)],
    constraints,
  };
}
