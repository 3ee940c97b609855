/**
 * Service-side alias rules beyond the model's pattern (docs/behaviour.md §2.4 CreateAlias): the `alias/` prefix
 * (recorded message), the reserved `alias/aws/` prefix, and TargetKeyId naming a key, not an alias.
 */
import { KmsError } from './errors.js';

/** The `alias/` prefix, for every alias operation (docs/behaviour.md §2.4). */
export function checkAliasName(aliasName: string): void {
  if (!aliasName.startsWith('alias/')) {
    throw new KmsError(
      'ValidationException',
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    );
  }
}

/**
 * CreateAlias only: the prefix, and the reserved `alias/aws/` names. UpdateAlias and DeleteAlias do
 * not declare InvalidAliasNameException; for them an `alias/aws/` name is simply an alias this
 * account does not have (kmsim lists no AWS managed aliases), so NotFoundException.
 */
export function checkNewAliasName(aliasName: string): void {
  checkAliasName(aliasName);
  if (aliasName.startsWith('alias/aws/')) {
    // The error type is unverified (docs/behaviour.md §11); InvalidAliasNameException is the modeled error for bad names.
    throw new KmsError(
      'InvalidAliasNameException',
      `Alias names that begin with alias/aws/ are reserved for AWS managed keys: ${aliasName}`,
    );
  }
}

export function checkTargetIsKey(targetKeyId: string): void {
  if (
    targetKeyId.startsWith('alias/') ||
    /^arn:aws[a-z-]*:kms:[^:]*:[^:]*:alias\//.test(targetKeyId)
  ) {
    // Emulator consensus wording (docs/behaviour.md §2.4 [E]).
    throw new KmsError('ValidationException', 'Aliases must refer to keys. Not aliases');
  }
}
