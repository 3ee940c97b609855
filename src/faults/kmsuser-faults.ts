/**
 * `kmsuser` problems that make the next connect fail (spec §4.2, §4.7, §10). KMS holds the kmsuser
 * login while connected, so these matter at the next ConnectCustomKeyStore:
 * - password rotated out of band → FAILED / INVALID_CREDENTIALS (heal: KMS is told the new password).
 *   The real event: while the store is disconnected, a crypto officer changes kmsuser's password
 *   with the CloudHSM CLI (RB-7 begun) and nobody runs UpdateCustomKeyStore. CloudHSM refuses that
 *   change while KMS is logged in, so the fault is refused while a store on the cluster is
 *   CONNECTED, with the same HSM error as the `set-kmsuser-password` action (world/kmsuser-session.ts);
 * - locked out after failed logins → FAILED / USER_LOCKED_OUT (heal: a CO resets the password);
 * - logged in elsewhere → FAILED / USER_LOGGED_IN (heal: that session logs out);
 * - missing → FAILED / USER_NOT_FOUND (heal: the user is created again with KMS's password).
 */
import { KMSUSER, MAX_FAILED_LOGINS } from '../world/crypto-user.js';
import { kmsuserPasswordChangeRefusal } from '../world/kmsuser-session.js';
import type { World } from '../world/world.js';
import {
  injected,
  refused,
  type FaultInjector,
  type FaultParams,
  type InjectOutcome,
} from './fault.js';
import { kmsuserParam } from './world-lookups.js';

const clusterOnly = {
  clusterId: { type: 'string', required: true, description: 'the cluster holding kmsuser' },
} as const;

/** Stores using this cluster: heals tell them (as an operator's UpdateCustomKeyStore would) the password. */
function storesOf(world: World, clusterId: string) {
  return [...world.keyStores.values()].filter((store) => store.clusterId === clusterId);
}

function withKmsuser(
  world: World,
  params: FaultParams,
  apply: (args: ReturnType<typeof kmsuserLookup>) => InjectOutcome,
): InjectOutcome {
  const found = kmsuserLookup(world, params);
  return found.ok ? apply(found) : refused(found.message);
}

function kmsuserLookup(world: World, params: FaultParams) {
  const found = kmsuserParam(world, params.clusterId);
  if (!found.ok) return found;
  if (!found.value.user)
    return {
      ok: false as const,
      message: `field 'clusterId': cluster ${found.value.cluster.clusterId} has no kmsuser`,
    };
  return { ok: true as const, cluster: found.value.cluster, user: found.value.user };
}

export const kmsuserPasswordRotated: FaultInjector = {
  name: 'kmsuser-password-rotated',
  summary:
    "a crypto officer changes kmsuser's password while the store is disconnected, and KMS is not told",
  symptom: false,
  params: {
    ...clusterOnly,
    password: {
      type: 'string',
      required: false,
      description: 'the new password (default: generated)',
    },
  },
  inject(world, params) {
    return withKmsuser(world, params, (found) => {
      if (!found.ok) return refused(found.message);
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
};

export const kmsuserLockedOut: FaultInjector = {
  name: 'kmsuser-locked-out',
  summary: 'kmsuser is locked after too many failed logins',
  symptom: false,
  params: clusterOnly,
  inject(world, params) {
    return withKmsuser(world, params, (found) => {
      if (!found.ok) return refused(found.message);
      found.user.failedLogins = MAX_FAILED_LOGINS;
      world.record('fault.kmsuser', { clusterId: found.cluster.clusterId, change: 'locked-out' });
      return injected(() => {
        found.user.failedLogins = 0;
      });
    });
  },
};

export const kmsuserLoggedIn: FaultInjector = {
  name: 'kmsuser-logged-in',
  summary: 'someone else is logged in as kmsuser',
  symptom: false,
  params: clusterOnly,
  inject(world, params) {
    return withKmsuser(world, params, (found) => {
      if (!found.ok) return refused(found.message);
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
};

export const kmsuserMissing: FaultInjector = {
  name: 'kmsuser-missing',
  summary: 'the kmsuser crypto user is deleted from the cluster',
  symptom: false,
  params: clusterOnly,
  inject(world, params) {
    return withKmsuser(world, params, (found) => {
      if (!found.ok) return refused(found.message);
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
};
