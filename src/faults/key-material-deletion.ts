/**
 * A key's backing key is deleted inside the cluster (docs/behaviour.md §4.6, §10 "Delete key material in
 * cluster"), e.g. by someone working as kmsuser. Spec says: that key's crypto fails with
 * KMSInvalidStateException; its key state is unchanged; other keys work. No heal: the material comes
 * back only by restoring a backup that holds it (RB-6).
 */
import { defineFault, injected, refused } from './fault.js';

export const keyMaterialDeletion = defineFault({
  name: 'key-material-deletion',
  summary: "a key's material is deleted from its cluster (and stays in older backups)",
  symptom: false,
  healable: false,
  params: { key: { kind: 'key', required: true, as: 'keyId', description: 'the KMS key id' } },
  schedule: { byDefault: false, draw: {} },
  runbook: {},
  inject(world, params) {
    const key = world.keys.get(String(params.keyId));
    if (key?.origin !== 'AWS_CLOUDHSM')
      return refused(`field 'keyId': no key ${String(params.keyId)} in a CloudHSM key store`);
    const store = world.keyStores.get(key.customKeyStoreId!)!;
    const cluster = world.clusters.get(store.clusterId);
    if (!cluster?.contents?.keys.delete(key.backingHandle)) {
      return refused(
        `field 'keyId': the material of ${key.keyId} is not in cluster ${store.clusterId} now`,
      );
    }
    world.record('fault.key-material-deleted', {
      keyId: key.keyId,
      clusterId: store.clusterId,
      handle: key.backingHandle,
    });
    return injected(undefined);
  },
});
