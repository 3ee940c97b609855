/**
 * ListGrants (issue #10): the grants of one key (key id or ARN) in creation order, optionally
 * filtered by grant id or grantee, paged (Limit 1..100, default 50). Works in every key state. A
 * GrantId filter naming no grant of the key is InvalidGrantIdException (docs/fidelity.md).
 */
import { grantsOfKey } from '../../world/grant-registry.js';
import { KmsError } from '../errors.js';
import { grantListEntry, grantPageLimit } from '../grant-list-entry.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation, KEY_ID_ERRORS } from '../operation.js';
import { paginate } from '../pagination.js';
import { grantOfKey } from '../grant-lookup.js';

export const listGrants = defineOperation({
  name: 'ListGrants',
  errors: [...KEY_ID_ERRORS, 'InvalidMarkerException', 'InvalidGrantIdException'],
  run(world, input) {
    if (input.GranteePrincipal !== undefined && input.GranteeServicePrincipal !== undefined)
      throw new KmsError(
        'ValidationException',
        'Specify either GranteePrincipal or GranteeServicePrincipal, but not both.',
      );
    const key = resolveKey(world, input.KeyId, { keysOnly: true });
    const grants =
      input.GrantId !== undefined
        ? [grantOfKey(world, key, input.GrantId)]
        : grantsOfKey(world, key.keyId);
    const matching = grants.filter(
      (grant) =>
        (input.GranteePrincipal === undefined ||
          grant.granteePrincipal === input.GranteePrincipal) &&
        (input.GranteeServicePrincipal === undefined ||
          grant.granteeServicePrincipal === input.GranteeServicePrincipal),
    );
    const page = paginate(matching, grantPageLimit(input.Limit), input.Marker, 50);
    return {
      Grants: page.items.map((grant) => grantListEntry(world, grant)),
      NextMarker: page.nextMarker,
      Truncated: page.truncated,
    };
  },
});
