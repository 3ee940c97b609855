/**
 * Out-of-band operator steps that happen outside the AWS APIs in real life (issue #2 §5): the
 * CloudHSM CLI activating a cluster and creating `kmsuser`, a crypto officer changing `kmsuser`'s
 * password, someone logging in as `kmsuser`. The same actions serve TypeScript callers and
 * `POST /_sim/actions`; every bad field is named in the answer.
 */
import { activateCluster } from '../world/cluster-lifecycle.js';
import { findCluster } from '../world/cluster-lifecycle.js';
import { KMSUSER } from '../world/crypto-user.js';
import { kmsuserPasswordChangeRefusal } from '../world/kmsuser-session.js';
import type { ActiveFaults } from '../faults/active-faults.js';
import type { World } from '../world/world.js';
import type { ControlResult } from '../protocol/control-result.js';

/** CloudHSM crypto-user passwords (docs/behaviour.md §2.1 KeyStorePassword 7..32, §6.6). */
const PASSWORD_MIN = 7;
const PASSWORD_MAX = 32;

type Fields = Record<string, unknown>;

function stringField(fields: Fields, name: string): string | ControlResult {
  const value = fields[name];
  if (typeof value !== 'string' || value.length === 0)
    return { ok: false, message: `field '${name}' must be a non-empty string` };
  return value;
}

function passwordField(fields: Fields, name: string): string | ControlResult {
  const value = stringField(fields, name);
  if (typeof value !== 'string') return value;
  if (value.length < PASSWORD_MIN || value.length > PASSWORD_MAX) {
    return {
      ok: false,
      message: `field '${name}' must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long`,
    };
  }
  return value;
}

function kmsuserOf(world: World, clusterId: string) {
  const found = findCluster(world, clusterId);
  if (!found.ok)
    return { ok: false as const, message: `field 'clusterId': ${found.problem.detail}` };
  const contents = found.value.contents;
  if (!contents)
    return {
      ok: false as const,
      message: `field 'clusterId': cluster ${clusterId} has no active HSM`,
    };
  const user = contents.users.get(KMSUSER);
  if (!user)
    return {
      ok: false as const,
      message: `field 'clusterId': cluster ${clusterId} has no kmsuser`,
    };
  return { ok: true as const, user };
}

/** What control actions act on. */
export interface ControlContext {
  readonly world: World;
  readonly faults: ActiveFaults;
}

type ActionHandler = (context: ControlContext, fields: Fields) => ControlResult;

const ACTIONS: Record<string, ActionHandler> = {
  /** INITIALIZED → ACTIVE, creating `kmsuser` with the given password (docs/behaviour.md §2.5 activation, §4.7). */
  'activate-cluster': ({ world }, fields) => {
    const clusterId = stringField(fields, 'clusterId');
    if (typeof clusterId !== 'string') return clusterId;
    const password = passwordField(fields, 'kmsuserPassword');
    if (typeof password !== 'string') return password;
    const result = activateCluster(world, clusterId, password);
    return result.ok
      ? { ok: true, clusterId, state: result.value.state }
      : { ok: false, message: `field 'clusterId': ${result.problem.detail}` };
  },
  /**
   * A crypto officer resets `kmsuser`'s password in the cluster (docs/behaviour.md §4.7, RB-7). Refused while a
   * store on the cluster is CONNECTED: KMS is then logged in as kmsuser, and CloudHSM does not
   * change a logged-in user's password (docs/behaviour.md §10), so RB-7 disconnects first.
   */
  'set-kmsuser-password': ({ world }, fields) => {
    const clusterId = stringField(fields, 'clusterId');
    if (typeof clusterId !== 'string') return clusterId;
    const password = passwordField(fields, 'password');
    if (typeof password !== 'string') return password;
    const found = kmsuserOf(world, clusterId);
    if (!found.ok) return found;
    const refusal = kmsuserPasswordChangeRefusal(world, clusterId);
    if (refusal) return { ok: false, message: `field 'clusterId': ${refusal}` };
    found.user.password = password;
    found.user.failedLogins = 0;
    world.record('cloudhsm.kmsuser.password-set', { clusterId });
    return { ok: true };
  },
  /** Injects a fault from the catalogue: `{"action":"inject-fault","fault":"network-partition","clusterId":"..."}`. */
  'inject-fault': ({ faults }, fields) => {
    const { action: _action, fault, ...params } = fields;
    if (typeof fault !== 'string') return { ok: false, message: "field 'fault' must name a fault" };
    const result = faults.inject(fault, params);
    return result.ok ? { ok: true, faultId: result.faultId, healable: result.healable } : result;
  },
  /** Heals by `faultId`, or the newest active fault named `fault` (optionally with the same parameters). */
  'heal-fault': ({ faults }, fields) => {
    const { action: _action, fault, faultId, ...params } = fields;
    if (faultId !== undefined && typeof faultId !== 'string')
      return { ok: false, message: "field 'faultId' must be a string" };
    if (faultId === undefined && typeof fault !== 'string')
      return { ok: false, message: "field 'fault' or 'faultId' must name the fault to heal" };
    const result = faults.heal(
      faultId !== undefined
        ? { faultId }
        : { name: fault as string, ...(Object.keys(params).length > 0 ? { params } : {}) },
    );
    return result.ok ? { ok: true, faultId: result.faultId } : result;
  },
};

export const CONTROL_ACTION_NAMES = Object.keys(ACTIONS);

export function runControlAction(context: ControlContext, request: unknown): ControlResult {
  const world = context.world;
  if (typeof request !== 'object' || request === null || Array.isArray(request))
    return { ok: false, message: 'the body must be a JSON object with an "action" field' };
  const fields = request as Fields;
  const name = fields.action;
  if (typeof name !== 'string')
    return {
      ok: false,
      message: `field 'action' must be one of: ${CONTROL_ACTION_NAMES.join(', ')}`,
    };
  // Own properties only: `constructor`, `toString` or `__proto__` must not reach an inherited function.
  const handler = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
  if (!handler)
    return {
      ok: false,
      message: `field 'action': unknown action '${name}'; known actions: ${CONTROL_ACTION_NAMES.join(', ')}`,
    };
  const result = handler(context, fields);
  world.record('control.action', { action: name, ok: result.ok });
  return result;
}
