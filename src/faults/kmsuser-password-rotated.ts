/**
 * kmsuser's password changed in the cluster without telling KMS (spec §4.2, §4.7, §10): the next
 * connect ends FAILED / INVALID_CREDENTIALS. Heal: KMS is told the new password, as an operator's
 * UpdateCustomKeyStore would.
 */
import { defineFault, injected } from './fault.js';
import { KMSUSER_CLUSTER, storesOf, withKmsuser } from './kmsuser-access.js';

export const kmsuserPasswordRotated = defineFault({
  name: 'kmsuser-password-rotated',
  summary: "kmsuser's password is changed in the cluster without telling KMS",
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
