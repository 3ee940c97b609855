/** DeleteAlias (docs/behaviour.md §2.4): works whatever the target's state. */
import { deleteAlias as deleteWorldAlias } from '../../world/alias-registry.js';
import { checkAliasName } from '../alias-name-rules.js';
import { defineOperation } from '../operation.js';
import { unwrap } from '../problem-errors.js';

export const deleteAlias = defineOperation({
  name: 'DeleteAlias',
  errors: [
    'DependencyTimeoutException',
    'NotFoundException',
    'KMSInternalException',
    'KMSInvalidStateException',
  ],
  run(world, input) {
    checkAliasName(input.AliasName);
    unwrap(deleteWorldAlias(world, input.AliasName), 'management');
    return {};
  },
});
