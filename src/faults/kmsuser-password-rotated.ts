/**
 * kmsuser's password changed in the cluster without telling KMS (docs/behaviour.md §4.2, §4.7, §10): the next
 * connect ends FAILED / INVALID_CREDENTIALS. Heal: KMS is told the new password, as an operator's
 * UpdateCustomKeyStore would.
 *
 * The real event: while the store is disconnected, a crypto officer changes kmsuser's password with
 * the CloudHSM CLI (RB-7 begun) and nobody runs UpdateCustomKeyStore. CloudHSM refuses that change
 * while KMS is logged in as kmsuser, so the fault is refused while a store on the cluster is
 * CONNECTED, with the same HSM error as the `set-kmsuser-password` action (world/kmsuser-session.ts).
 */
import { kmsuserPasswordChangeRefusal } from '../world/kmsuser-session.js';
import { defineFault, injected, refused } from './fault.js';
import { KMSUSER_CLUSTER, storesOf, withKmsuser } from './kmsuser-access.js';

export const kmsuserPasswordRotated = defineFault({
  name: 'kmsuser-password-rotated',
  summary:
    "a crypto officer changes kmsuser's password while the store is disconnected, and KMS is not told",
  symptom: false,
  healable: true,
  params: {
    cluster: KMSUSER_CLUSTER,
    password: {
      kind: 'string',
      required: false,
      description: 'the new password (default: generated)',
    },
  },
  schedule: { byDefault: false, draw: {}, breaksConnect: true },
  runbook: { heal: "Set kmsuser's password back to the one KMS holds." },
  inject(world, params) {
    return withKmsuser(world, params, (found) => {
      const refusal = kmsuserPasswordChangeRefusal(world, found.cluster.clusterId);
      if (refusal) return refused(`field 'clusterId': ${refusal}`);
      const password =
        typeof params.password === 'string' ? params.password : world.kernel.ids.kmsuserPassword();
      found.user.password = password;
      world.record('fault.kmsuser', {
        clusterId: found.cluster.clusterId,
        change: 'password-rotated',
      });
      return injected(() => {
        for (const store of storesOf(world, found.cluster.clusterId))
          store.kmsuserPassword = password;
      });
    });
  },
});
