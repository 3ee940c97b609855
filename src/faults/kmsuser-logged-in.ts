/**
 * Someone else logged in as kmsuser (docs/behaviour.md §4.2, §4.7, §10): KMS cannot log in, so the next
 * connect ends FAILED / USER_LOGGED_IN. Heal: that session logs out.
 */
import { defineFault, injected } from './fault.js';
import { KMSUSER_CLUSTER, withKmsuser } from './kmsuser-access.js';

export const kmsuserLoggedIn = defineFault({
  name: 'kmsuser-logged-in',
  summary: 'someone else is logged in as kmsuser',
  symptom: false,
  healable: true,
  params: { cluster: KMSUSER_CLUSTER },
  schedule: { byDefault: false, draw: {}, breaksConnect: true },
  runbook: {
    heal: 'Log kmsuser out of the cluster (CloudHSM CLI: `logout` in the session that logged in as kmsuser).',
  },
  inject(world, params) {
    return withKmsuser(world, params, (found) => {
      found.user.loggedInElsewhere = true;
      world.record('fault.kmsuser', {
        clusterId: found.cluster.clusterId,
        change: 'logged-in-elsewhere',
      });
      return injected(() => {
        found.user.loggedInElsewhere = false;
      });
    });
  },
});
