/**
 * KMS's own login as `kmsuser`. KMS logs in at connect and stays logged in while the store is
 * CONNECTED (docs/behaviour.md §4.3), and CloudHSM refuses to change the password of a user who is logged in
 * (CloudHSM User Guide, `user change-password` / `changePswd`). So a crypto officer can reset
 * kmsuser's password only after the store is disconnected (docs/behaviour.md §4.7, §10, RB-7).
 */
import type { CustomKeyStore } from './custom-key-store.js';
import type { World } from './world.js';

/**
 * The HSM's answer to a password change for a logged-in user, as cloudhsm_mgmt_util printed it in
 * a recorded session (awsdocs/aws-cloudhsm-user-guide issue #40). The CloudHSM CLI reports the same
 * HSM error; its exact framing there is unverified (docs/fidelity.md).
 */
export const LOGGED_IN_USER_DENIED =
  'HSM Error: Deletion or Changing password of a logged in User is denied';

/** A store through which KMS is logged in to this cluster as kmsuser, if any. */
export function storeLoggedInAsKmsuser(
  world: World,
  clusterId: string,
): CustomKeyStore | undefined {
  return [...world.keyStores.values()].find(
    (store) => store.clusterId === clusterId && store.connectionState === 'CONNECTED',
  );
}

/** Why kmsuser's password cannot be changed in this cluster now, or undefined when it can. */
export function kmsuserPasswordChangeRefusal(world: World, clusterId: string): string | undefined {
  const store = storeLoggedInAsKmsuser(world, clusterId);
  return store
    ? `${LOGGED_IN_USER_DENIED} (KMS is logged in as kmsuser while custom key store ${store.customKeyStoreId} is CONNECTED; disconnect it first, docs/behaviour.md §4.7 RB-7)`
    : undefined;
}
