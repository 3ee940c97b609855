/**
 * kmsuser locked after too many failed logins (docs/behaviour.md §4.2, §4.7, §10): the next connect ends
 * FAILED / USER_LOCKED_OUT. Heal: a crypto officer resets the password, which clears the lock.
 */
import { MAX_FAILED_LOGINS } from '../world/crypto-user.js';
import { defineFault, injected } from './fault.js';
import { KMSUSER_CLUSTER, withKmsuser } from './kmsuser-access.js';

export const kmsuserLockedOut = defineFault({
  name: 'kmsuser-locked-out',
  summary: 'kmsuser is locked after too many failed logins',
  symptom: false,
  healable: true,
  params: { cluster: KMSUSER_CLUSTER },
  schedule: { byDefault: false, draw: {}, breaksConnect: true },
  runbook: { heal: "The crypto officer changes kmsuser's password, which clears the lock." },
  inject(world, params) {
    return withKmsuser(world, params, (found) => {
      found.user.failedLogins = MAX_FAILED_LOGINS;
      world.record('fault.kmsuser', { clusterId: found.cluster.clusterId, change: 'locked-out' });
      return injected(() => {
        found.user.failedLogins = 0;
      });
    });
  },
});
