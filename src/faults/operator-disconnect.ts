/**
 * An operator disconnects the key store, then reconnects it (docs/behaviour.md §10 first row, RB-1).
 * Models: DisconnectCustomKeyStore. Spec says: DISCONNECTING → DISCONNECTED; the store's keys show
 * Unavailable except those pending deletion; crypto → KMSInvalidStateException `<ARN> is
 * unavailable.`; CreateKey / GenerateRandom(store) → CustomKeyStoreInvalidStateException.
 * Heal: ConnectCustomKeyStore; CONNECTED after the connect time, keys back to their prior state.
 */
import { connectKeyStore, disconnectKeyStore } from '../world/key-store-connection.js';
import { defineFault, injected, refused } from './fault.js';
import { keyStoreParam } from './world-lookups.js';

export const operatorDisconnect = defineFault({
  name: 'operator-disconnect',
  summary: 'an operator disconnects the key store; heal reconnects it',
  symptom: false,
  healable: true,
  params: {
    keyStore: {
      kind: 'key-store',
      required: true,
      as: 'customKeyStoreId',
      description: 'the key store',
    },
  },
  schedule: {
    byDefault: true,
    draw: {},
    healConnects: true,
    // The heal's reconnect: DISCONNECTING settles, then CONNECTING.
    settleMs: (timings) => timings.disconnectMs + timings.connectMs,
  },
  runbook: { heal: 'Connect the key store again (ConnectCustomKeyStore).' },
  inject(world, params) {
    const store = keyStoreParam(world, params.customKeyStoreId);
    if (!store.ok) return refused(store.message);
    const result = disconnectKeyStore(world, store.value.customKeyStoreId);
    if (!result.ok) return refused(`field 'customKeyStoreId': ${result.problem.detail}`);
    return injected(() => {
      // A store still DISCONNECTING is connected once it reaches DISCONNECTED.
      const reconnect = (): void => {
        if (store.value.connectionState === 'DISCONNECTING')
          world.kernel.schedule(
            world.timings.disconnectMs,
            'reconnect after disconnect',
            reconnect,
          );
        else connectKeyStore(world, store.value.customKeyStoreId);
      };
      reconnect();
    });
  },
});
