/**
 * CopyBackupToRegion (docs/behaviour.md §2.5, §6.3): refused. kmsim simulates one account in one Region; the
 * copy would exist only in a Region nothing in kmsim can see, while every client, whatever Region
 * it names, talks to the same simulated Region. Answering success would claim a copy nobody can
 * find (docs/fidelity.md).
 */
import { refusal } from '../refusal.js';
import { COMMON_ERRORS, defineOperation } from '../operation.js';

export const copyBackupToRegion = defineOperation({
  name: 'CopyBackupToRegion',
  errors: [...COMMON_ERRORS, 'CloudHsmTagException'],
  run(world) {
    throw refusal(
      'CopyBackupToRegion',
      `it simulates the single Region ${world.region}, so a copy in another Region could never be seen.`,
    );
  },
});
