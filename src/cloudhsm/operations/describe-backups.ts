/**
 * DescribeBackups (docs/behaviour.md §2.5): filters backupIds / sourceBackupIds / clusterIds / states /
 * neverExpires, ordered by creation time (newest first unless SortAscending). DELETED backups are
 * not listed; Shared: true lists none (one account is simulated, so nothing is shared with it).
 */
import { checkFilterNames, passes } from '../filters.js';
import { defineOperation } from '../operation.js';
import { pageOf } from '../page.js';
import { backupWire } from '../wire-shapes.js';

export const describeBackups = defineOperation({
  name: 'DescribeBackups',
  errors: [
    'CloudHsmAccessDeniedException',
    'CloudHsmInternalFailureException',
    'CloudHsmInvalidRequestException',
    'CloudHsmResourceNotFoundException',
    'CloudHsmServiceException',
    'CloudHsmTagException',
  ],
  run(world, input) {
    checkFilterNames(input.Filters, [
      'backupIds',
      'sourceBackupIds',
      'clusterIds',
      'states',
      'neverExpires',
    ]);
    // Shared lists backups other accounts share with this one; kmsim simulates one account.
    const backups = [...world.backups.values()]
      .filter((backup) => !input.Shared && backup.state !== 'DELETED')
      .filter(
        (backup) =>
          passes(input.Filters, 'backupIds', backup.backupId) &&
          passes(input.Filters, 'clusterIds', backup.clusterId) &&
          passes(input.Filters, 'states', backup.state) &&
          passes(input.Filters, 'neverExpires', String(backup.neverExpires)) &&
          // Copies are not modelled, so no backup has a source backup.
          input.Filters?.sourceBackupIds === undefined,
      )
      .sort((a, b) =>
        input.SortAscending ? a.createdAtMs - b.createdAtMs : b.createdAtMs - a.createdAtMs,
      );
    const page = pageOf(backups, input.NextToken, input.MaxResults, 50);
    return { Backups: page.items.map((backup) => backupWire(world, backup)), NextToken: page.next };
  },
});
