/** CreateAlias (docs/behaviour.md §2.4, §3.2): allowed for every target state except PendingDeletion. */
import { createAlias as createWorldAlias } from '../../world/alias-registry.js';
import { checkNewAliasName, checkTargetIsKey } from '../alias-name-rules.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation } from '../operation.js';
import { unwrap } from '../problem-errors.js';

export const createAlias = defineOperation({
  name: 'CreateAlias',
  errors: [
    'DependencyTimeoutException',
    'AlreadyExistsException',
    'NotFoundException',
    'InvalidAliasNameException',
    'KMSInternalException',
    'LimitExceededException',
    'KMSInvalidStateException',
  ],
  run(world, input) {
    checkNewAliasName(input.AliasName);
    checkTargetIsKey(input.TargetKeyId);
    const target = resolveKey(world, input.TargetKeyId, { keysOnly: true });
    unwrap(createWorldAlias(world, input.AliasName, target), 'management');
    return {};
  },
});
