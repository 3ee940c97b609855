/** UpdateAlias (docs/behaviour.md §3.2): fails only when the new target is pending deletion. */
import { updateAlias as updateWorldAlias } from '../../world/alias-registry.js';
import { checkAliasName, checkTargetIsKey } from '../alias-name-rules.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation } from '../operation.js';
import { unwrap } from '../problem-errors.js';

export const updateAlias = defineOperation({
  name: 'UpdateAlias',
  errors: [
    'DependencyTimeoutException',
    'NotFoundException',
    'KMSInternalException',
    'LimitExceededException',
    'KMSInvalidStateException',
  ],
  run(world, input) {
    checkAliasName(input.AliasName);
    checkTargetIsKey(input.TargetKeyId);
    const target = resolveKey(world, input.TargetKeyId, { keysOnly: true });
    unwrap(updateWorldAlias(world, input.AliasName, target), 'management');
    return {};
  },
});
