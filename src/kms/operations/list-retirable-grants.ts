/**
 * ListRetirableGrants (issue #10): every grant in the account whose retiring principal (or retiring
 * service principal) is the one named; exactly one of the two is required (API reference).
 */
import { KmsError } from '../errors.js';
import { grantListEntry, grantPageLimit } from '../grant-list-entry.js';
import { defineOperation } from '../operation.js';
import { paginate } from '../pagination.js';

export const listRetirableGrants = defineOperation({
  name: 'ListRetirableGrants',
  errors: [
    'DependencyTimeoutException',
    'InvalidMarkerException',
    'InvalidArnException',
    'NotFoundException',
    'KMSInternalException',
  ],
  run(world, input) {
    if ((input.RetiringPrincipal === undefined) === (input.RetiringServicePrincipal === undefined))
      throw new KmsError(
        'ValidationException',
        'Specify either RetiringPrincipal or RetiringServicePrincipal, but not both.',
      );
    const matching = [...world.grants.values()].filter((grant) =>
      input.RetiringPrincipal !== undefined
        ? grant.retiringPrincipal === input.RetiringPrincipal
        : grant.retiringServicePrincipal === input.RetiringServicePrincipal,
    );
    const page = paginate(matching, grantPageLimit(input.Limit), input.Marker, 50);
    return {
      Grants: page.items.map((grant) => grantListEntry(world, grant)),
      NextMarker: page.nextMarker,
      Truncated: page.truncated,
    };
  },
});
