/**
 * Simulated durations of asynchronous AWS work, in virtual ms. Real durations are undocumented or
 * vary (docs/behaviour.md §4.3, §6.1, §11); the defaults are plausible round numbers recorded in
 * docs/fidelity.md, and every world can override them.
 */
export interface WorldTimings {
  /** CreateCluster: CREATE_IN_PROGRESS → UNINITIALIZED (or ready for its first HSM when restored from a backup). */
  readonly clusterCreateMs: number;
  /** InitializeCluster: INITIALIZE_IN_PROGRESS → INITIALIZED. */
  readonly clusterInitializeMs: number;
  /** DeleteCluster: DELETE_IN_PROGRESS → DELETED. */
  readonly clusterDeleteMs: number;
  /** CreateHsm: CREATE_IN_PROGRESS → ACTIVE. */
  readonly hsmCreateMs: number;
  /** DeleteHsm: DELETE_IN_PROGRESS → DELETED. */
  readonly hsmDeleteMs: number;
  /** A backup stays CREATE_IN_PROGRESS this long, then READY. Its contents are fixed when it starts. */
  readonly backupCreateMs: number;
  /** Daily backups of every initialized or active cluster with an active HSM (docs/behaviour.md §6.3). */
  readonly backupIntervalMs: number;
  /** DeleteBackup: PENDING_DELETION → DELETED unless restored (docs/behaviour.md §6.3: 7 days). */
  readonly backupPendingDeletionMs: number;
  /** ConnectCustomKeyStore: CONNECTING → CONNECTED/FAILED (docs/behaviour.md §4.3: up to 20 min). */
  readonly connectMs: number;
  /** DisconnectCustomKeyStore: DISCONNECTING → DISCONNECTED (docs/behaviour.md §4.3: unverified). */
  readonly disconnectMs: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const DEFAULT_TIMINGS: WorldTimings = {
  clusterCreateMs: 2 * MINUTE,
  clusterInitializeMs: MINUTE,
  clusterDeleteMs: MINUTE,
  hsmCreateMs: 3 * MINUTE,
  hsmDeleteMs: MINUTE,
  backupCreateMs: MINUTE,
  backupIntervalMs: DAY,
  backupPendingDeletionMs: 7 * DAY,
  connectMs: 2 * MINUTE,
  disconnectMs: 5_000,
};

export const MS_PER_DAY = DAY;
