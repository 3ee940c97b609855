/** world/request-quotas.ts (docs/behaviour.md §5.1, §5.2): per-second windows, independent pools, hot keys. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_KEY_STATE_CHANGE_RPS,
  defaultQuotaLimits,
  KEY_STATE_CHANGE_OPERATIONS,
  OneSecondWindow,
  RequestQuotas,
  UNLIMITED_QUOTAS,
} from '../../src/world/request-quotas.js';

describe('world: request quotas', () => {
  it('a one-second window admits its limit per virtual second and resets at the next second', () => {
    const window = new OneSecondWindow(3);
    expect([0, 10, 999, 999].map((t) => window.tryTake(t))).toEqual([true, true, true, false]);
    expect(window.tryTake(1_000)).toBe(true);
  });

  it('Region defaults: us-east-1 100,000 symmetric rps, us-east-2 20,000, elsewhere 10,000; stores 1,800', () => {
    expect(defaultQuotaLimits('us-east-1').accountSymmetricRps).toBe(100_000);
    expect(defaultQuotaLimits('us-east-2').accountSymmetricRps).toBe(20_000);
    expect(defaultQuotaLimits('sa-east-1').accountSymmetricRps).toBe(10_000);
    expect(defaultQuotaLimits('us-east-1').customKeyStoreRps).toBe(1_800);
  });

  it('crypto operations share the account pool; each management operation has its own quota', () => {
    const quotas = new RequestQuotas({
      accountSymmetricRps: 2,
      customKeyStoreRps: 1_800,
      managementRps: { CreateKey: 1, CreateAlias: 1 },
      keyStateChangeRps: 2,
    });
    expect(quotas.admitOperation('Encrypt', 0).ok).toBe(true);
    expect(quotas.admitOperation('Decrypt', 0).ok).toBe(true);
    expect(quotas.admitOperation('GenerateDataKey', 0)).toEqual({
      ok: false,
      quota: 'account-symmetric',
    });
    expect(quotas.admitOperation('CreateKey', 0).ok).toBe(true);
    expect(quotas.admitOperation('CreateKey', 0)).toEqual({ ok: false, quota: 'management' });
    expect(quotas.admitOperation('CreateAlias', 0).ok).toBe(true);
    expect(quotas.admitOperation('ListKeys', 0).ok).toBe(true);
  });

  it('a store admits the lower of its quota and what its busy cluster can give', () => {
    const quotas = new RequestQuotas({
      accountSymmetricRps: 100_000,
      customKeyStoreRps: 3,
      managementRps: {},
      keyStateChangeRps: 2,
    });
    expect([1, 2, 3, 4].map(() => quotas.admitStoreRequest('cks-a', 0, 10).ok)).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect([1, 2].map(() => quotas.admitStoreRequest('cks-b', 0, 1).ok)).toEqual([true, false]);
  });

  it('UNLIMITED_QUOTAS never throttles', () => {
    const quotas = new RequestQuotas(UNLIMITED_QUOTAS);
    for (let i = 0; i < 10_000; i++)
      expect(quotas.admitOperation(i % 2 ? 'CreateKey' : 'Encrypt', 0).ok).toBe(true);
    expect(quotas.admitStoreRequest('cks', 0, Infinity).ok).toBe(true);
    for (let i = 0; i < 1_000; i++) expect(quotas.admitKeyStateChange('key-a', 0).ok).toBe(true);
  });

  it(`hot key: the default admits ${DEFAULT_KEY_STATE_CHANGE_RPS} state changes per key per virtual second; the next is 'hot-key'; other keys and the next second are fresh`, () => {
    expect(DEFAULT_KEY_STATE_CHANGE_RPS).toBe(2);
    const quotas = new RequestQuotas(defaultQuotaLimits('us-east-1'));
    expect([0, 300, 600].map((t) => quotas.admitKeyStateChange('key-a', t))).toEqual([
      { ok: true },
      { ok: true },
      { ok: false, quota: 'hot-key' },
    ]);
    expect(quotas.admitKeyStateChange('key-b', 900).ok).toBe(true);
    expect(quotas.admitKeyStateChange('key-a', 999).ok).toBe(false);
    expect(quotas.admitKeyStateChange('key-a', 1_000).ok).toBe(true);
  });

  it('hot key: the limit is configurable; it counts separately from the per-operation quotas', () => {
    const quotas = new RequestQuotas({
      ...defaultQuotaLimits('us-east-1'),
      keyStateChangeRps: 4,
    });
    expect([1, 2, 3, 4, 5].map(() => quotas.admitKeyStateChange('key-a', 0).ok)).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
    // EnableKey's own quota (5 per second) is untouched by the hot-key count.
    expect([1, 2, 3, 4, 5].map(() => quotas.admitOperation('EnableKey', 0).ok)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('hot key: the state-changing operations are EnableKey, DisableKey, ScheduleKeyDeletion and CancelKeyDeletion (docs/behaviour.md §3.2)', () => {
    expect([...KEY_STATE_CHANGE_OPERATIONS].sort()).toEqual([
      'CancelKeyDeletion',
      'DisableKey',
      'EnableKey',
      'ScheduleKeyDeletion',
    ]);
  });
});
