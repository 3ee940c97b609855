/**
 * KMS request quotas (docs/behaviour.md §5.1, §5.2): each quota counts requests in one-second intervals of
 * virtual time, independently. Cryptographic requests on a CloudHSM-store key count twice: against
 * the account's symmetric pool and against the store's own 1,800 requests/second. Management
 * operations each have their own per-account quota. State-changing calls on one key also share that
 * key's "hot key" limit, below the per-operation quotas. DryRun calls count. Every limit is
 * configurable per world.
 */

/** Default symmetric cryptographic quota by Region (docs/behaviour.md §5.1, current docs). */
const SYMMETRIC_BY_REGION: Record<string, number> = {
  'us-east-1': 100_000,
  'us-west-2': 100_000,
  'eu-west-1': 100_000,
  'us-east-2': 20_000,
  'ap-southeast-1': 20_000,
  'ap-southeast-2': 20_000,
  'ap-northeast-1': 20_000,
  'eu-central-1': 20_000,
  'eu-west-2': 20_000,
};

/**
 * Per-account management quotas (docs/behaviour.md §5.1). Where docs/behaviour.md §5.1 is silent (EnableKeyRotation,
 * DisableKeyRotation, GetKeyRotationStatus, ListGrants, ListKeyPolicies, ListRetirableGrants) the
 * figures are the Developer Guide's request-quota table of 2023; RotateKeyOnDemand,
 * ListKeyRotations and GetKeyLastUsage have no published figure and are not limited.
 */
export const DEFAULT_MANAGEMENT_RPS: Readonly<Record<string, number>> = {
  CancelKeyDeletion: 5,
  CreateGrant: 50,
  DisableKeyRotation: 5,
  EnableKeyRotation: 15,
  GetKeyPolicy: 1_000,
  GetKeyRotationStatus: 1_000,
  ListGrants: 100,
  ListKeyPolicies: 100,
  ListResourceTags: 2_000,
  ListRetirableGrants: 100,
  PutKeyPolicy: 15,
  RetireGrant: 50,
  RevokeGrant: 50,
  TagResource: 10,
  UntagResource: 5,
  UpdateKeyDescription: 5,
  ConnectCustomKeyStore: 5,
  CreateAlias: 5,
  CreateCustomKeyStore: 5,
  CreateKey: 5,
  DeleteAlias: 15,
  DeleteCustomKeyStore: 5,
  DescribeCustomKeyStores: 5,
  DescribeKey: 2_000,
  DisableKey: 5,
  DisconnectCustomKeyStore: 5,
  EnableKey: 5,
  ListAliases: 500,
  ListKeys: 500,
  ScheduleKeyDeletion: 15,
  UpdateAlias: 5,
  UpdateCustomKeyStore: 5,
};

/** Operations that draw on the symmetric cryptographic pool (docs/behaviour.md §5.1). */
export const SYMMETRIC_CRYPTO_OPERATIONS: ReadonlySet<string> = new Set([
  'Encrypt',
  'Decrypt',
  'ReEncrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateRandom',
]);

/**
 * Operations that change a KMS key's state (docs/behaviour.md §3.2: the KeyState column moves), which AWS
 * throttles as a "hot key" when one key gets a burst or a steady stream of them, even below each
 * operation's own quota (docs/behaviour.md §5.1). Alias and key-store calls change no key state.
 */
export const KEY_STATE_CHANGE_OPERATIONS: ReadonlySet<string> = new Set([
  'EnableKey',
  'DisableKey',
  'ScheduleKeyDeletion',
  'CancelKeyDeletion',
]);

/**
 * Default hot-key limit: state changes per key per second. AWS publishes no figure (docs/behaviour.md §5.1); two
 * lets a disable and a re-enable of one key happen in the same second, and throttles a steady
 * volley like four EnableKey/DisableKey calls a second on one key, which stays under EnableKey's and
 * DisableKey's own 5 per second (docs/fidelity.md).
 */
export const DEFAULT_KEY_STATE_CHANGE_RPS = 2;

export interface QuotaLimits {
  /** Account symmetric cryptographic requests per second (Region default). */
  readonly accountSymmetricRps: number;
  /** Each CloudHSM key store's own cryptographic requests per second (docs/behaviour.md §5.2: 1,800, not adjustable in AWS). */
  readonly customKeyStoreRps: number;
  /** Per-operation management quotas; an operation not listed is not limited. */
  readonly managementRps: Readonly<Record<string, number>>;
  /** Requests of KEY_STATE_CHANGE_OPERATIONS on one key per second, together (docs/behaviour.md §5.1 hot key). */
  readonly keyStateChangeRps: number;
}

/**
 * No request quotas at all. Quotas count per virtual second, and outside a driver run virtual time
 * stands still, so a test that fires many management calls in one instant may want this.
 */
export const UNLIMITED_QUOTAS: QuotaLimits = {
  accountSymmetricRps: Infinity,
  customKeyStoreRps: Infinity,
  managementRps: {},
  keyStateChangeRps: Infinity,
};

export function defaultQuotaLimits(region: string): QuotaLimits {
  return {
    accountSymmetricRps: Object.hasOwn(SYMMETRIC_BY_REGION, region)
      ? SYMMETRIC_BY_REGION[region]!
      : 10_000,
    customKeyStoreRps: 1_800,
    managementRps: DEFAULT_MANAGEMENT_RPS,
    keyStateChangeRps: DEFAULT_KEY_STATE_CHANGE_RPS,
  };
}

/** A count of requests in the current one-second interval of virtual time. */
export class OneSecondWindow {
  private windowIndex = -1;
  private used = 0;

  constructor(private readonly limit: number) {}

  /** Counts one request if it fits; false means it is throttled. */
  tryTake(nowMs: number, limit = this.limit): boolean {
    const index = Math.floor(nowMs / 1000);
    if (index !== this.windowIndex) {
      this.windowIndex = index;
      this.used = 0;
    }
    if (this.used >= limit) return false;
    this.used += 1;
    return true;
  }
}

/**
 * Per-key counts in the current one-second interval. Every count is dropped when the interval
 * changes, so memory holds only the keys used within one second.
 */
class PerKeyOneSecondWindow {
  private windowIndex = -1;
  private readonly used = new Map<string, number>();

  tryTake(key: string, nowMs: number, limit: number): boolean {
    const index = Math.floor(nowMs / 1000);
    if (index !== this.windowIndex) {
      this.windowIndex = index;
      this.used.clear();
    }
    const used = this.used.get(key) ?? 0;
    if (used >= limit) return false;
    this.used.set(key, used + 1);
    return true;
  }
}

export type QuotaVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly quota: 'account-symmetric' | 'custom-key-store' | 'management' | 'hot-key';
    };

/** The one admitted verdict, shared: a request admitted builds no object for it (issue #12). */
const ADMITTED: QuotaVerdict = Object.freeze({ ok: true });

export class RequestQuotas {
  readonly limits: QuotaLimits;
  private readonly accountSymmetric: OneSecondWindow;
  private readonly stores = new Map<string, OneSecondWindow>();
  private readonly management = new Map<string, OneSecondWindow>();
  private readonly keyStateChanges = new PerKeyOneSecondWindow();

  constructor(limits: QuotaLimits) {
    this.limits = limits;
    this.accountSymmetric = new OneSecondWindow(limits.accountSymmetricRps);
  }

  /** The front-door check: the account pool for crypto operations, or the operation's own quota. */
  admitOperation(operation: string, nowMs: number): QuotaVerdict {
    if (SYMMETRIC_CRYPTO_OPERATIONS.has(operation)) {
      return this.accountSymmetric.tryTake(nowMs)
        ? ADMITTED
        : { ok: false, quota: 'account-symmetric' };
    }
    const limit = Object.hasOwn(this.limits.managementRps, operation)
      ? this.limits.managementRps[operation]
      : undefined;
    if (limit === undefined) return ADMITTED;
    let window = this.management.get(operation);
    if (!window) {
      window = new OneSecondWindow(limit);
      this.management.set(operation, window);
    }
    return window.tryTake(nowMs) ? ADMITTED : { ok: false, quota: 'management' };
  }

  /**
   * The store's own pool (docs/behaviour.md §5.2). `effectiveRps` is lower than the quota when the cluster is
   * busy with unrelated work.
   */
  admitStoreRequest(customKeyStoreId: string, nowMs: number, effectiveRps: number): QuotaVerdict {
    let window = this.stores.get(customKeyStoreId);
    if (!window) {
      window = new OneSecondWindow(this.limits.customKeyStoreRps);
      this.stores.set(customKeyStoreId, window);
    }
    return window.tryTake(
      nowMs,
      Math.min(this.limits.customKeyStoreRps, Math.max(0, Math.floor(effectiveRps))),
    )
      ? ADMITTED
      : { ok: false, quota: 'custom-key-store' };
  }

  /**
   * The hot-key limit (docs/behaviour.md §5.1): a state-changing request on `keyId`, counted once the key is
   * known, together with the key's other state changes in the same second.
   */
  admitKeyStateChange(keyId: string, nowMs: number): QuotaVerdict {
    return this.keyStateChanges.tryTake(keyId, nowMs, this.limits.keyStateChangeRps)
      ? ADMITTED
      : { ok: false, quota: 'hot-key' };
  }
}
