/**
 * The kmsuser crypto user deleted from the cluster (docs/behaviour.md §4.2, §4.7, §10): the next connect ends
 * FAILED / USER_NOT_FOUND. Heal: the user is created again with the password KMS holds.
 */
import { KMSUSER } from '../world/crypto-user.js';
import { defineFault, injected } from './fault.js';
import { KMSUSER_CLUSTER, storesOf, withKmsuser } from './kmsuser-access.js';

export const kmsuserMissing = defineFault({
  name: 'kmsuser-missing',
  summary: 'the kmsuser crypto user is deleted from the cluster',
  symptom: false,
  healable: true,
  params: { cluster: KMSUSER_CLUSTER },
  schedule: { byDefault: false, draw: {}, breaksConnect: true },
  runbook: { heal: 'Create the crypto user kmsuser again.' },
  inject(world, params) {
    return withKmsuser(world, params, (found) => {
      found.cluster.contents!.users.delete(KMSUSER);
      world.record('fault.kmsuser', { clusterId: found.cluster.clusterId, change: 'deleted' });
      return injected(() => {
        const password =
          storesOf(world, found.cluster.clusterId)[0]?.kmsuserPassword ?? found.user.password;
        found.cluster.contents?.users.set(KMSUSER, {
          name: KMSUSER,
          password,
          failedLogins: 0,
          loggedInElsewhere: false,
        });
      });
    });
  },
});
