/** kmsuser logins (src/world/crypto-user.ts; docs/behaviour.md §4.2 USER_LOCKED_OUT / USER_LOGGED_IN, §4.7). */
import { describe, expect, it } from 'vitest';
import { attemptLogin, MAX_FAILED_LOGINS, type CryptoUser } from '../../src/world/crypto-user.js';

const user = (over: Partial<CryptoUser> = {}): CryptoUser => ({
  name: 'kmsuser',
  password: 'right-Pass1',
  failedLogins: 0,
  loggedInElsewhere: false,
  ...over,
});

describe('world: kmsuser login', () => {
  it('world: login: the right password → ok and the failure count resets', () => {
    const u = user({ failedLogins: 3 });
    expect(attemptLogin(u, 'right-Pass1')).toBe('ok');
    expect(u.failedLogins).toBe(0);
  });

  it('world: login: a wrong password → invalid-credentials and one more failure', () => {
    const u = user();
    expect(attemptLogin(u, 'wrong')).toBe('invalid-credentials');
    expect(u.failedLogins).toBe(1);
  });

  it('world: login: five failures lock the user; then even the right password → locked-out, and the count stops growing', () => {
    expect(MAX_FAILED_LOGINS).toBe(5);
    const u = user();
    const outcomes = Array.from({ length: 5 }, () => attemptLogin(u, 'wrong'));
    expect(outcomes).toEqual(Array(5).fill('invalid-credentials'));
    expect(attemptLogin(u, 'right-Pass1')).toBe('locked-out');
    expect(attemptLogin(u, 'wrong')).toBe('locked-out');
    expect(u.failedLogins).toBe(5);
  });

  it('world: login: four failures do not lock', () => {
    const u = user({ failedLogins: 4 });
    expect(attemptLogin(u, 'right-Pass1')).toBe('ok');
  });

  it('world: login: logged in elsewhere → logged-in-elsewhere, and it does not count as a failed login', () => {
    const u = user({ loggedInElsewhere: true });
    expect(attemptLogin(u, 'wrong')).toBe('logged-in-elsewhere');
    expect(attemptLogin(u, 'right-Pass1')).toBe('logged-in-elsewhere');
    expect(u.failedLogins).toBe(0);
  });

  it('world: login: a locked user that is also logged in elsewhere reports locked-out (lockout is checked first)', () => {
    expect(attemptLogin(user({ failedLogins: 5, loggedInElsewhere: true }), 'right-Pass1')).toBe(
      'locked-out',
    );
  });
});
