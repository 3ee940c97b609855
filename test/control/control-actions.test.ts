/**
 * Out-of-band control actions (issue #2 §5, §7c): `activate-cluster` (the CloudHSM CLI step that
 * activates an INITIALIZED cluster and creates kmsuser) and `set-kmsuser-password` (a crypto officer
 * resetting kmsuser; refused while KMS is logged in as kmsuser, docs/behaviour.md §4.7, §10, RB-7). Every bad
 * field is named in the answer; over HTTP a bad action is a 400.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InitializeClusterCommand } from '@aws-sdk/client-cloudhsm-v2';
import { startHttpServer, type RunningServer } from '../../src/transport/http-server.js';
import { buildActiveCluster, buildConnectedWorld, TEST_CERT } from '../support/connected-store.js';
import { createBareCluster, freshHsmWorld, type HsmWorld } from '../support/keystore-cloudhsm.js';
import {
  addHsms,
  connectAndSettle,
  disconnectAndSettle,
  kmsuserOf,
} from '../support/keystore-world.js';

/** A cluster waiting to be activated: two ACTIVE HSMs, initialized. */
async function initializedCluster(w: HsmWorld): Promise<string> {
  const cluster = await createBareCluster(w);
  await addHsms(w.sim, w.hsm, cluster.ClusterId!, [0, 1]);
  await w.hsm.send(
    new InitializeClusterCommand({
      ClusterId: cluster.ClusterId!,
      SignedCert: TEST_CERT,
      TrustAnchor: TEST_CERT,
    }),
  );
  w.sim.advanceMs(w.sim.world.timings.clusterInitializeMs);
  return cluster.ClusterId!;
}

function expectNamedFailure(result: { ok: boolean; message?: unknown }, field: string): void {
  expect(result.ok).toBe(false);
  expect(result.message).toEqual(expect.stringContaining(`'${field}'`));
}

describe('control: activate-cluster', () => {
  it('control: activate-cluster: INITIALIZED → {ok:true}, cluster ACTIVE, kmsuser created, activation backup taken', async () => {
    const w = freshHsmWorld(401);
    const clusterId = await initializedCluster(w);
    const result = w.sim.runAction({
      action: 'activate-cluster',
      clusterId,
      kmsuserPassword: 'Passw0rd-1',
    });
    expect(result).toEqual({ ok: true, clusterId, state: 'ACTIVE' });
    expect(w.sim.world.clusters.get(clusterId)!.state).toBe('ACTIVE');
    expect(kmsuserOf(w.sim, clusterId)).toMatchObject({
      name: 'kmsuser',
      password: 'Passw0rd-1',
      failedLogins: 0,
      loggedInElsewhere: false,
    });
    expect(
      [...w.sim.world.backups.values()].map((backup) => [backup.clusterId, backup.trigger]),
    ).toEqual([[clusterId, 'activation']]);
    expect(w.sim.kernel.trace.ofKind('control.action').at(-1)?.data).toEqual({
      action: 'activate-cluster',
      ok: true,
    });
  });

  it('control: activate-cluster: missing clusterId → fails naming clusterId', () => {
    const w = freshHsmWorld(402);
    expectNamedFailure(
      w.sim.runAction({ action: 'activate-cluster', kmsuserPassword: 'Passw0rd-1' }),
      'clusterId',
    );
  });

  it('control: activate-cluster: missing, short (6) or long (33) password → fails naming kmsuserPassword; the cluster stays INITIALIZED', async () => {
    const w = freshHsmWorld(403);
    const clusterId = await initializedCluster(w);
    for (const kmsuserPassword of [undefined, 'abc123', 'x'.repeat(33), 12345678]) {
      expectNamedFailure(
        w.sim.runAction({ action: 'activate-cluster', clusterId, kmsuserPassword }),
        'kmsuserPassword',
      );
    }
    expect(w.sim.world.clusters.get(clusterId)!.state).toBe('INITIALIZED');
    // The bounds themselves are accepted: 7 characters.
    expect(
      w.sim.runAction({ action: 'activate-cluster', clusterId, kmsuserPassword: 'x'.repeat(7) }).ok,
    ).toBe(true);
  });

  it('control: activate-cluster: unknown cluster → fails naming clusterId', () => {
    const w = freshHsmWorld(404);
    const result = w.sim.runAction({
      action: 'activate-cluster',
      clusterId: 'cluster-abcdefghijk',
      kmsuserPassword: 'Passw0rd-1',
    });
    expectNamedFailure(result, 'clusterId');
    expect(result.ok ? '' : result.message).toContain('cluster-abcdefghijk');
  });

  it('control: activate-cluster: cluster UNINITIALIZED → fails naming clusterId and the state', async () => {
    const w = freshHsmWorld(405);
    const cluster = await createBareCluster(w);
    await addHsms(w.sim, w.hsm, cluster.ClusterId!, [0, 1]);
    const result = w.sim.runAction({
      action: 'activate-cluster',
      clusterId: cluster.ClusterId,
      kmsuserPassword: 'Passw0rd-1',
    });
    expectNamedFailure(result, 'clusterId');
    expect(result.ok ? '' : result.message).toContain('UNINITIALIZED');
  });

  it('control: activate-cluster: cluster already ACTIVE → fails naming clusterId; kmsuser keeps its password', async () => {
    const w = freshHsmWorld(406);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    const before = kmsuserOf(w.sim, clusterId).password;
    expectNamedFailure(
      w.sim.runAction({ action: 'activate-cluster', clusterId, kmsuserPassword: 'Another-Pass1' }),
      'clusterId',
    );
    expect(kmsuserOf(w.sim, clusterId).password).toBe(before);
  });

  it('control: unknown action → fails naming action and listing the known ones; missing action likewise', () => {
    const w = freshHsmWorld(407);
    const unknown = w.sim.runAction({ action: 'reboot-hsm' });
    expectNamedFailure(unknown, 'action');
    expect(unknown.ok ? '' : unknown.message).toContain('activate-cluster');
    expectNamedFailure(w.sim.runAction({ clusterId: 'x' }), 'action');
  });

  it('control: a body that is not a JSON object → fails', () => {
    const w = freshHsmWorld(408);
    for (const body of [null, 'activate-cluster', ['activate-cluster']])
      expect(w.sim.runAction(body).ok).toBe(false);
  });
});

describe('control: set-kmsuser-password', () => {
  it('control: set-kmsuser-password: sets the password in the cluster and clears failed logins', async () => {
    const w = freshHsmWorld(411);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    kmsuserOf(w.sim, clusterId).failedLogins = 5;
    expect(
      w.sim.runAction({ action: 'set-kmsuser-password', clusterId, password: 'officer-Set-1' }),
    ).toEqual({ ok: true });
    expect(kmsuserOf(w.sim, clusterId)).toMatchObject({
      password: 'officer-Set-1',
      failedLogins: 0,
    });
  });

  it('control: set-kmsuser-password: short password → names password; unknown cluster or no kmsuser → names clusterId', async () => {
    const w = freshHsmWorld(412);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    expectNamedFailure(
      w.sim.runAction({ action: 'set-kmsuser-password', clusterId, password: 'short' }),
      'password',
    );
    expectNamedFailure(
      w.sim.runAction({
        action: 'set-kmsuser-password',
        clusterId: 'cluster-abcdefghijk',
        password: 'officer-Set-1',
      }),
      'clusterId',
    );
    const bare = await initializedCluster(w);
    expectNamedFailure(
      w.sim.runAction({
        action: 'set-kmsuser-password',
        clusterId: bare,
        password: 'officer-Set-1',
      }),
      'clusterId',
    );
  });
});

describe('control: set-kmsuser-password while KMS is logged in as kmsuser', () => {
  const LOGGED_IN = 'HSM Error: Deletion or Changing password of a logged in User is denied';

  it('control: set-kmsuser-password: a store on the cluster is CONNECTED → refused with the HSM’s logged-in-user error, naming the store; nothing changes', async () => {
    const w = await buildConnectedWorld(413);
    const before = { ...kmsuserOf(w.sim, w.clusterId) };
    const result = w.sim.runAction({
      action: 'set-kmsuser-password',
      clusterId: w.clusterId,
      password: 'officer-Set-1',
    });
    expect(result).toEqual({
      ok: false,
      message: `field 'clusterId': ${LOGGED_IN} (KMS is logged in as kmsuser while custom key store ${w.customKeyStoreId} is CONNECTED; disconnect it first, docs/behaviour.md §4.7 RB-7)`,
    });
    expect(kmsuserOf(w.sim, w.clusterId)).toEqual(before);
    expect(w.sim.kernel.trace.ofKind('cloudhsm.kmsuser.password-set')).toHaveLength(0);
    // The store was not broken behind KMS's back: a reconnect logs in with the password KMS holds.
    await disconnectAndSettle(w, w.customKeyStoreId);
    expect((await connectAndSettle(w, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
  });

  it('control: set-kmsuser-password: RB-7 — after DisconnectCustomKeyStore the same reset is accepted', async () => {
    const w = await buildConnectedWorld(414);
    await disconnectAndSettle(w, w.customKeyStoreId);
    expect(
      w.sim.runAction({
        action: 'set-kmsuser-password',
        clusterId: w.clusterId,
        password: 'officer-Set-1',
      }),
    ).toEqual({ ok: true });
    expect(kmsuserOf(w.sim, w.clusterId).password).toBe('officer-Set-1');
  });
});

describe('control: over HTTP', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('control: POST /_sim/actions: ok → 200 {"ok":true}; a bad field → 400 whose message names it', async () => {
    const w = freshHsmWorld(421);
    const clusterId = await initializedCluster(w);
    server = await startHttpServer(w.sim, { port: 0, timeScale: 0 });
    const post = (body: unknown) =>
      fetch(`${server!.url}/_sim/actions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const bad = await post({ action: 'activate-cluster', clusterId, kmsuserPassword: 'short' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain("'kmsuserPassword'");
    const good = await post({
      action: 'activate-cluster',
      clusterId,
      kmsuserPassword: 'Passw0rd-1',
    });
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ ok: true });
  });
});

/** Every name a plain object inherits: `constructor`, `toString`, `__proto__`, `hasOwnProperty`, ... */
const INHERITED_NAMES = Object.getOwnPropertyNames(Object.prototype);

describe('control: names every object inherits are not actions or parameters (issue 11 §4)', () => {
  it('control: each Object.prototype name as an action → the unknown-action answer, short, with no world in it', () => {
    const w = freshHsmWorld(431);
    expect(INHERITED_NAMES).toEqual(
      expect.arrayContaining(['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']),
    );
    for (const name of INHERITED_NAMES) {
      const result = w.sim.runAction({ action: name });
      expect(result, name).toEqual({
        ok: false,
        message: expect.stringContaining(
          `field 'action': unknown action '${name}'; known actions: `,
        ),
      });
      expect(JSON.stringify(result).length, name).toBeLessThan(400);
    }
    expect(w.sim.kernel.trace.ofKind('control.action')).toEqual([]);
  });

  it('control: inject-fault with an inherited name as a parameter, or an own "__proto__" member from JSON, is refused naming it', () => {
    const w = freshHsmWorld(432);
    for (const name of INHERITED_NAMES) {
      // JSON.parse makes "__proto__" an own member, as a request body would.
      const request = JSON.parse(
        `{"action":"inject-fault","fault":"connection-reset",${JSON.stringify(name)}:"kms"}`,
      ) as unknown;
      const result = w.sim.runAction(request);
      expect(result, name).toEqual({
        ok: false,
        message: expect.stringContaining(
          `field '${name}' is not a parameter of fault 'connection-reset'`,
        ),
      });
    }
    expect(w.sim.faults.list()).toEqual([]);
    for (const name of ['constructor', 'toString', '__proto__']) {
      expect(w.sim.runAction({ action: 'inject-fault', fault: name }), name).toMatchObject({
        ok: false,
        message: expect.stringContaining(`unknown fault '${name}'`),
      });
      expect(w.sim.runAction({ action: 'heal-fault', fault: name }), name).toMatchObject({
        ok: false,
      });
    }
  });

  it('control: POST /_sim/actions {"action":"constructor"} and friends → 400 naming the action, never a 500 or a dump', async () => {
    const w = freshHsmWorld(433);
    const server = await startHttpServer(w.sim, { port: 0, timeScale: 0 });
    try {
      for (const name of INHERITED_NAMES) {
        const res = await fetch(`${server.url}/_sim/actions`, {
          method: 'POST',
          body: JSON.stringify({ action: name }),
        });
        const text = await res.text();
        expect([res.status, text.length < 400], name).toEqual([400, true]);
        expect(JSON.parse(text), name).toMatchObject({
          ok: false,
          message: expect.stringContaining(`unknown action '${name}'`),
        });
      }
    } finally {
      await server.close();
    }
  });
});
