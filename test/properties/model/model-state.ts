/**
 * The oracle's state and its clock: a small, independent picture of one account with one CloudHSM
 * key store on one cluster, written from the spec and docs/fidelity.md, never from src/world.
 *
 * What it remembers (and why):
 * - the store's ConnectionState machine with its pending CONNECTING / DISCONNECTING deadline
 *   (docs/behaviour.md §4.1, §4.3; connect 120 s, disconnect 5 s: docs/fidelity.md "Connect/Disconnect duration");
 * - the cluster: its HSMs (being created, ACTIVE, being deleted), whether KMS can reach it, and what
 *   its HSMs hold — kmsuser's password and failed-login count, and which keys' material is there
 *   (docs/behaviour.md §4.6, §4.7, §6.4). With no ACTIVE HSM nothing holds them (`contents` undefined);
 * - its backups, because the first HSM after a total loss restores the newest READY one
 *   (docs/behaviour.md §6.3, §6.4; fidelity: taken at activation, when an HSM joins an active one, before an
 *   HSM is deleted, daily from activation; READY after 60 s; a lost HSM takes no backup), and
 *   retention (fidelity "Retention": at the daily tick, READY backups older than 90 days go
 *   PENDING_DELETION, oldest first, never the last READY one; DELETED 7 days later);
 * - each key's Enable/Disable intent and pending deletion (docs/behaviour.md §3.2, §3.3), and every ciphertext
 *   the simulator returned with the plaintext and context it must decrypt to.
 *
 * Passwords KMS rotates are modelled by name only ("rotated by KMS #n"): KMS rotates kmsuser's
 * password at every successful connect (docs/behaviour.md §4.3) to a value only it knows, so a cluster restored
 * from a backup taken before the last connect holds an older password than KMS — the next
 * connect fails INVALID_CREDENTIALS, and the fifth failure locks
 * kmsuser out (docs/behaviour.md §4.2, §4.7, fidelity "kmsuser lockout"). The way out is RB-7: a crypto
 * officer resets kmsuser's password (which also unlocks it: fidelity "Logins per connect") and
 * UpdateCustomKeyStore tells KMS the new one.
 *
 * Time: events due at the same virtual instant run in the order they were scheduled (ARCHITECTURE:
 * equal-time events stay FIFO), which is also how the model orders them.
 */

export const SECOND_MS = 1_000;
export const DAY_MS = 24 * 3_600 * SECOND_MS;

/** docs/fidelity.md durations (docs/behaviour.md §4.3, §11: unverified, so kmsim picks them). */
export const CONNECT_MS = 120 * SECOND_MS;
export const DISCONNECT_MS = 5 * SECOND_MS;
export const HSM_CREATE_MS = 180 * SECOND_MS;
export const BACKUP_READY_MS = 60 * SECOND_MS;
export const DAILY_BACKUP_MS = DAY_MS;
export const HSM_DELETE_MS = 60 * SECOND_MS;
/** docs/behaviour.md §6.3: default retention 90 days; a backup pending deletion is restorable for 7 days. */
export const BACKUP_RETENTION_MS = 90 * DAY_MS;
export const BACKUP_PURGE_MS = 7 * DAY_MS;
/** docs/behaviour.md §4.2 USER_LOCKED_OUT: CloudHSM locks a user after five failed logins. */
export const MAX_FAILED_LOGINS = 5;

export type ConnectionState =
  | 'DISCONNECTED'
  | 'CONNECTING'
  | 'CONNECTED'
  | 'DISCONNECTING'
  | 'FAILED';
export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'Unavailable';

/** What the cluster's HSMs hold (docs/behaviour.md §4.7 kmsuser, §6.4 key material). */
export interface ClusterContents {
  kmsuserPassword: string;
  failedLogins: number;
  /** Ids of the KMS keys whose backing key is in the cluster. */
  readonly material: Set<string>;
}

export type HsmState = 'CREATE_IN_PROGRESS' | 'ACTIVE' | 'DELETE_IN_PROGRESS';

export interface ModelHsm {
  /** The simulator's HsmId, learned from the response that created it (or a describe after a heal). */
  hsmId: string | undefined;
  readonly az: string;
  state: HsmState;
}

export type BackupState = 'CREATE_IN_PROGRESS' | 'READY' | 'PENDING_DELETION' | 'DELETED';

export interface ModelBackup {
  readonly takenAtMs: number;
  readonly contents: ClusterContents;
  state: BackupState;
}

export interface ModelKey {
  readonly keyId: string;
  readonly arn: string;
  readonly origin: 'AWS_KMS' | 'AWS_CLOUDHSM';
  readonly createdAtMs: number;
  enabledIntent: boolean;
  pendingDeletion: { readonly deletionAtMs: number } | undefined;
  deleted: boolean;
}

export interface ModelCiphertext {
  readonly blob: Uint8Array;
  readonly keyId: string;
  readonly plaintext: Uint8Array;
  readonly context: Record<string, string> | undefined;
}

type ModelEvent =
  | { readonly kind: 'connect-finishes' }
  | { readonly kind: 'disconnect-finishes' }
  | { readonly kind: 'hsm-active'; readonly hsm: ModelHsm }
  | { readonly kind: 'hsm-deleted'; readonly hsm: ModelHsm }
  | { readonly kind: 'backup-ready'; readonly backup: ModelBackup }
  | { readonly kind: 'backup-purged'; readonly backup: ModelBackup }
  | { readonly kind: 'daily-backup' }
  | { readonly kind: 'key-deleted'; readonly key: ModelKey };

interface Scheduled {
  readonly atMs: number;
  readonly seq: number;
  readonly event: ModelEvent;
}

export interface Model {
  nowMs: number;
  readonly epochMs: number;
  readonly region: string;
  readonly accountId: string;
  readonly clusterId: string;
  /** The cluster's Availability Zones (one subnet each). */
  readonly zones: readonly string[];
  readonly customKeyStoreId: string;
  store: { state: ConnectionState; errorCode: string | undefined; kmsuserPassword: string };
  readonly cluster: {
    hsms: ModelHsm[];
    contents: ClusterContents | undefined;
    partitioned: boolean;
    readonly backups: ModelBackup[];
  };
  /** Faults the run has open: the AZs of HSMs lost together (healed by recreating them). */
  lostHsmZones: string[] | undefined;
  readonly keys: ModelKey[];
  readonly ciphertexts: ModelCiphertext[];
  nextPassword: number;
  nextSeq: number;
  queue: Scheduled[];
}

export function keyArn(model: Model, keyId: string): string {
  return `arn:aws:kms:${model.region}:${model.accountId}:key/${keyId}`;
}

export function cloneContents(contents: ClusterContents): ClusterContents {
  return {
    kmsuserPassword: contents.kmsuserPassword,
    failedLogins: contents.failedLogins,
    material: new Set(contents.material),
  };
}

export function schedule(model: Model, delayMs: number, event: ModelEvent): void {
  model.queue.push({ atMs: model.nowMs + delayMs, seq: model.nextSeq++, event });
}

export function unschedule(model: Model, matches: (event: ModelEvent) => boolean): void {
  model.queue = model.queue.filter((entry) => !matches(entry.event));
}

export function activeHsms(model: Model): ModelHsm[] {
  return model.cluster.hsms.filter((hsm) => hsm.state === 'ACTIVE');
}

export function activeHsmCount(model: Model): number {
  return activeHsms(model).length;
}

/** docs/behaviour.md §6.3 (fidelity "Backups"): contents fixed when taken, READY a minute later. */
export function takeBackup(model: Model): void {
  if (!model.cluster.contents) return;
  const backup: ModelBackup = {
    takenAtMs: model.nowMs,
    contents: cloneContents(model.cluster.contents),
    state: 'CREATE_IN_PROGRESS',
  };
  model.cluster.backups.push(backup);
  schedule(model, BACKUP_READY_MS, { kind: 'backup-ready', backup });
}

/** fidelity "Retention": oldest first, while more than one READY backup remains. */
function expireBackups(model: Model): void {
  const cutoffMs = model.nowMs - BACKUP_RETENTION_MS;
  for (const backup of model.cluster.backups.filter((candidate) => candidate.state === 'READY')) {
    if (model.cluster.backups.filter((other) => other.state === 'READY').length <= 1) break;
    if (backup.takenAtMs < cutoffMs) {
      backup.state = 'PENDING_DELETION';
      schedule(model, BACKUP_PURGE_MS, { kind: 'backup-purged', backup });
    }
  }
}

/** With no ACTIVE HSM left nothing holds the users and keys any more (docs/behaviour.md §6.4). */
function dropContentsIfNoActiveHsm(model: Model): void {
  if (activeHsmCount(model) === 0) model.cluster.contents = undefined;
}

/** Moves virtual time forward, running every event due on the way (inclusive of the target instant). */
export function advance(model: Model, deltaMs: number): void {
  const targetMs = model.nowMs + deltaMs;
  for (;;) {
    let next: Scheduled | undefined;
    for (const entry of model.queue) {
      if (entry.atMs > targetMs) continue;
      if (!next || entry.atMs < next.atMs || (entry.atMs === next.atMs && entry.seq < next.seq))
        next = entry;
    }
    if (!next) break;
    model.queue = model.queue.filter((entry) => entry !== next);
    model.nowMs = next.atMs;
    fire(model, next.event);
  }
  model.nowMs = targetMs;
}

function fire(model: Model, event: ModelEvent): void {
  switch (event.kind) {
    case 'connect-finishes':
      finishConnect(model);
      return;
    case 'disconnect-finishes':
      model.store.state = 'DISCONNECTED';
      return;
    case 'hsm-active':
      hsmBecomesActive(model, event.hsm);
      return;
    case 'hsm-deleted':
      model.cluster.hsms = model.cluster.hsms.filter((hsm) => hsm !== event.hsm);
      return;
    case 'backup-ready':
      if (event.backup.state === 'CREATE_IN_PROGRESS') event.backup.state = 'READY';
      return;
    case 'backup-purged':
      if (event.backup.state === 'PENDING_DELETION') event.backup.state = 'DELETED';
      return;
    case 'daily-backup':
      // docs/behaviour.md §6.3: at least once every 24 hours — while an HSM is there to back up.
      if (activeHsmCount(model) > 0) takeBackup(model);
      expireBackups(model);
      schedule(model, DAILY_BACKUP_MS, { kind: 'daily-backup' });
      return;
    case 'key-deleted':
      // docs/behaviour.md §3.3: the key is gone; KMS's best-effort deletion of its backing key does not matter
      // to the model, because no call can use a deleted key's material again.
      event.key.deleted = true;
      event.key.pendingDeletion = undefined;
      return;
  }
}

/**
 * docs/behaviour.md §4.3 "evaluate cluster preconditions at the end", in the order docs/fidelity.md gives
 * ("Order of connect checks"): network, active HSM, kmsuser (locked out, password), then KMS
 * rotates kmsuser's password. Cluster, subnets and addresses never fail in this model.
 */
function finishConnect(model: Model): void {
  const fail = (code: string): void => {
    model.store.state = 'FAILED';
    model.store.errorCode = code;
  };
  const contents = model.cluster.contents;
  if (model.cluster.partitioned) return fail('NETWORK_ERRORS');
  if (activeHsmCount(model) === 0 || !contents) return fail('INSUFFICIENT_CLOUDHSM_HSMS');
  if (contents.failedLogins >= MAX_FAILED_LOGINS) return fail('USER_LOCKED_OUT');
  if (contents.kmsuserPassword !== model.store.kmsuserPassword) {
    contents.failedLogins += 1;
    return fail('INVALID_CREDENTIALS');
  }
  contents.failedLogins = 0;
  const rotated = `rotated by KMS #${model.nextPassword++}`;
  contents.kmsuserPassword = rotated;
  model.store.kmsuserPassword = rotated;
  model.store.state = 'CONNECTED';
}

/**
 * docs/behaviour.md §6.4: an HSM joining an active one is a clone (and a backup is taken); the first HSM of an
 * emptied cluster restores the newest READY backup.
 */
function hsmBecomesActive(model: Model, hsm: ModelHsm): void {
  if (!model.cluster.hsms.includes(hsm) || hsm.state !== 'CREATE_IN_PROGRESS') return;
  const hadActivePeer = activeHsmCount(model) > 0;
  hsm.state = 'ACTIVE';
  if (!model.cluster.contents) {
    const newest = [...model.cluster.backups].reverse().find((backup) => backup.state === 'READY');
    if (!newest) throw new Error('model: retention always keeps one READY backup');
    model.cluster.contents = cloneContents(newest.contents);
  }
  if (hadActivePeer) takeBackup(model);
}

/** CreateHsm (docs/behaviour.md §2.5): CREATE_IN_PROGRESS, ACTIVE three minutes later (fidelity durations). */
export function addHsm(model: Model, az: string, hsmId: string | undefined): ModelHsm {
  const hsm: ModelHsm = { hsmId, az, state: 'CREATE_IN_PROGRESS' };
  model.cluster.hsms.push(hsm);
  schedule(model, HSM_CREATE_MS, { kind: 'hsm-active', hsm });
  return hsm;
}

/** DeleteHsm (docs/behaviour.md §2.5, §6.3): an ACTIVE HSM is backed up first; gone a minute later. */
export function deleteHsm(model: Model, hsm: ModelHsm): void {
  if (hsm.state === 'ACTIVE') takeBackup(model);
  hsm.state = 'DELETE_IN_PROGRESS';
  dropContentsIfNoActiveHsm(model);
  schedule(model, HSM_DELETE_MS, { kind: 'hsm-deleted', hsm });
}

/** docs/behaviour.md §10 "Lose all HSMs": they vanish with no backup, and with them what they held. */
export function loseAllHsms(model: Model): void {
  model.lostHsmZones = model.cluster.hsms.map((hsm) => hsm.az);
  model.cluster.hsms = [];
  model.cluster.contents = undefined;
}

/** The heal: one new HSM per lost one, in the same AZs (fidelity "HSM loss heal"); ids learned later. */
export function recreateLostHsms(model: Model): ModelHsm[] {
  const created = (model.lostHsmZones ?? []).map((az) => addHsm(model, az, undefined));
  model.lostHsmZones = undefined;
  return created;
}
