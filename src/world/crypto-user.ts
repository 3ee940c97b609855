/**
 * A CloudHSM crypto user such as `kmsuser` (docs/behaviour.md §4.7). Users live in the cluster's HSM state,
 * are synced to every HSM and are copied into backups. CloudHSM locks a user after five failed
 * logins (docs/behaviour.md §4.2 USER_LOCKED_OUT).
 */
export const KMSUSER = 'kmsuser';
export const MAX_FAILED_LOGINS = 5;

export interface CryptoUser {
  readonly name: string;
  password: string;
  failedLogins: number;
  /** Someone other than KMS holds a login session as this user (docs/behaviour.md §4.2 USER_LOGGED_IN). */
  loggedInElsewhere: boolean;
}

export type LoginOutcome = 'ok' | 'locked-out' | 'logged-in-elsewhere' | 'invalid-credentials';

/** One login attempt, as KMS makes at connect (docs/behaviour.md §4.3). A failed attempt counts towards lockout. */
export function attemptLogin(user: CryptoUser, password: string): LoginOutcome {
  if (user.failedLogins >= MAX_FAILED_LOGINS) return 'locked-out';
  if (user.loggedInElsewhere) return 'logged-in-elsewhere';
  if (user.password !== password) {
    user.failedLogins += 1;
    return 'invalid-credentials';
  }
  user.failedLogins = 0;
  return 'ok';
}
