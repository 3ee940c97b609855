/**
 * A scenario: a seeded world, the real SDK clients under test, a timeline of faults, heals and
 * operator actions, workloads, and expectations (issue #3 §3). The same structure is written as
 * YAML under scenarios/ or as a typed TypeScript object. Everything refers to other things by the
 * logical names declared in `world` and `clients`; the loader rejects references to anything
 * undeclared.
 *
 * Durations are `<number><unit>` runs such as `250ms`, `30s`, `5m`, `1h30m`, `2d`, or a number of
 * milliseconds. Times (`at`, `between`, `after`) count from the scenario's start, which is the moment
 * its world is built and every declared store is connected.
 */
import type { ClientModule } from './run/client-modules.js';

export type Duration = string | number;

export interface Scenario {
  /** Breadcrumb name, e.g. "key store: operator disconnect, then reconnect". */
  readonly name: string;
  /** What the scenario demonstrates (shown in reports). */
  readonly description?: string;
  readonly seed: number;
  /** How long the run lasts (default: 1 minute past the last timeline step, workload end or expectation time). */
  readonly duration?: Duration;
  /** Width of the client-metrics windows (default 1m; issue #4 §4, client-metrics.ts). */
  readonly metricsWindow?: Duration;
  readonly world: WorldSpec;
  readonly clients: readonly ClientSpec[];
  readonly timeline?: readonly TimelineStep[];
  readonly workloads?: readonly WorkloadSpec[];
  /** Background load inside the simulator, beside the SDK clients (issue #4 §3). */
  readonly load?: readonly LoadSpec[];
  readonly expect: readonly Expectation[];
}

/**
 * Background load: open-loop requests on a key store's keys (or one key) that bypass the SDK but
 * pass the same quotas and HSM capacity as the clients under test.
 */
export interface LoadSpec {
  readonly name: string;
  /** Exactly one of keyStore or key. */
  readonly keyStore?: string;
  readonly key?: string;
  /** Operation → integer weight (default `{ Encrypt: 1 }`); symmetric cryptographic operations only. */
  readonly operations?: Readonly<Record<string, number>>;
  readonly pattern: 'constant' | 'ramp' | 'poisson' | 'burst';
  /** constant, poisson */
  readonly rps?: number;
  /** ramp: linear from fromRps at `from` to toRps at `until` */
  readonly fromRps?: number;
  readonly toRps?: number;
  /** burst: baseRps, and burstRps for burstLength at the start of every burstEvery */
  readonly baseRps?: number;
  readonly burstRps?: number;
  readonly burstEvery?: Duration;
  readonly burstLength?: Duration;
  readonly from?: Duration;
  readonly until: Duration;
}

export type LoadOutcome = 'ok' | 'throttled' | 'sessions-exhausted' | 'unavailable';

export interface WorldSpec {
  /** Request quotas and HSM capacity (issue #4 §1-2); unset members keep the Region defaults. */
  readonly limits?: LimitsSpec;
  /** Per-operation latency (median and p99, in ms); unset operations keep the defaults. */
  readonly latency?: Readonly<
    Record<string, { readonly medianMs: number; readonly p99Ms: number }>
  >;
  readonly clusters?: readonly ClusterSpec[];
  readonly keyStores?: readonly KeyStoreSpec[];
  readonly keys?: readonly KeySpec[];
}

export interface LimitsSpec {
  readonly accountSymmetricRps?: number;
  readonly customKeyStoreRps?: number;
  /** Per-operation management quotas, e.g. { CreateKey: 5 }. */
  readonly managementRps?: Readonly<Record<string, number>>;
  readonly hsmOpsPerSecond?: number;
  readonly sessionsPerCluster?: number;
  /** State changes (EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion) per key per second (docs/behaviour.md §5.1 hot key). */
  readonly keyStateChangeRps?: number;
}

export interface ClusterSpec {
  readonly name: string;
  /** One entry per HSM: its Availability Zone letter (`a`) or full name (`us-east-1a`). */
  readonly hsms: readonly string[];
  readonly kmsuserPassword?: string;
  /** Restore this cluster from another declared cluster's newest backup, so the two share backup history. */
  readonly fromBackupOf?: string;
}

export interface KeyStoreSpec {
  readonly name: string;
  readonly cluster: string;
  /** Connected before the scenario starts (default true). */
  readonly connected?: boolean;
}

export interface KeySpec {
  readonly name: string;
  /** A CloudHSM key store; absent means an AWS_KMS key in the default key store. */
  readonly keyStore?: string;
  readonly enabled?: boolean;
  readonly aliases?: readonly string[];
}

export interface ClientSpec {
  readonly name: string;
  /**
   * An external client: a process outside kmsim (any language) that `kmsim serve --scenario` or
   * `kmsim exec` recognises by the access key id in its requests' SigV4 Authorization header. It
   * makes its own calls, so no workload names it; retryMode and maxAttempts describe it for the
   * metrics (the attempt limit its requests announce wins).
   */
  readonly accessKeyId?: string;
  /** The SDK's retry mode (default standard). */
  readonly retryMode?: 'standard' | 'adaptive';
  /** The SDK's maxAttempts (default 3). */
  readonly maxAttempts?: number;
  /**
   * The request handler's requestTimeout (virtual time; default none). As in the pinned SDK's node
   * handler (@smithy/node-http-handler 4.14.2), a slower answer only draws a warning (counted in the
   * client's metrics) unless `throwOnRequestTimeout` is set.
   */
  readonly requestTimeout?: Duration;
  /** Past `requestTimeout` the attempt fails with TimeoutError (code ETIMEDOUT), which the SDK retries (default false). */
  readonly throwOnRequestTimeout?: boolean;
  /** The request handler's socketTimeout (virtual time; default none): a connected request with no answer for this long fails with TimeoutError. */
  readonly socketTimeout?: Duration;
  /** The request handler's connectionTimeout (virtual time; default none): ends a hanging connect early with TimeoutError. */
  readonly connectionTimeout?: Duration;
  /**
   * The user's own code (run/client-modules.ts): in a file, the path of a .js/.mjs/.ts module
   * relative to the scenario file; in a TypeScript-object scenario, also the module value itself.
   */
  readonly module?: string | ClientModule;
}

/** One timeline step: exactly one of `fault`, `heal` or `action`, plus its parameters. */
export interface TimelineStep {
  readonly at: Duration;
  readonly fault?: string;
  readonly heal?: string;
  readonly action?: string;
  /** Logical references and values the fault or action needs (cluster, keyStore, key, subnet, ...). */
  readonly [parameter: string]: unknown;
}

export type WorkloadOperation =
  | 'Encrypt'
  | 'Decrypt'
  | 'GenerateDataKey'
  | 'GenerateDataKeyWithoutPlaintext'
  | 'ReEncrypt'
  | 'GenerateRandom'
  | 'DescribeKey'
  | 'EnableKey'
  | 'DisableKey';

export interface WorkloadSpec {
  readonly client: string;
  readonly operation: WorkloadOperation;
  /** The key (Encrypt, Decrypt, GenerateDataKey*, ReEncrypt source, DescribeKey, EnableKey, DisableKey). */
  readonly key?: string;
  /** ReEncrypt's destination key. */
  readonly destinationKey?: string;
  /** GenerateRandom from a key store. */
  readonly keyStore?: string;
  /** Open-loop arrivals: one call every `every`, from `from` (default 0) until `until` (exclusive). */
  readonly every?: Duration;
  readonly from?: Duration;
  readonly until?: Duration;
  /** Or a fixed list of call times. */
  readonly at?: readonly Duration[];
  readonly plaintextBytes?: number;
  readonly encryptionContext?: Readonly<Record<string, string>>;
}

export type Window = readonly [Duration, Duration];

/**
 * Attempts per call between min and max (either optional), for the calls of a client and
 * operation starting within `between` (default: the whole run): the attempts and error-attempts
 * expectations, judged by one rule (check/expectations.ts).
 */
export interface AttemptBounds {
  readonly client?: string;
  readonly operation?: string;
  readonly between?: Window;
  readonly min?: number;
  readonly max?: number;
}

export type Expectation =
  | {
      readonly type: 'error';
      readonly exception: string;
      /** The whole message, exactly. Placeholders such as `{key:app-key}` stand for world ids (message-match.ts). */
      readonly message?: string;
      /** A substring of the message (placeholders allowed). */
      readonly messageContains?: string;
      /** A regular expression the message matches (placeholders stand for their literal, escaped value). */
      readonly messageMatches?: string;
      readonly client?: string;
      readonly operation?: string;
      readonly between: Window;
    }
  | {
      readonly type: 'no-error';
      readonly exception?: string;
      readonly client?: string;
      readonly operation?: string;
      readonly between: Window;
    }
  | ({ readonly type: 'attempts' } & AttemptBounds)
  | {
      readonly type: 'connection-state';
      readonly keyStore: string;
      readonly at: Duration;
      readonly state: string;
      readonly errorCode?: string;
    }
  | {
      readonly type: 'key-state';
      readonly key: string;
      readonly at: Duration;
      readonly state: string;
    }
  | {
      readonly type: 'recovery';
      readonly client?: string;
      readonly operation?: string;
      readonly after: Duration;
      readonly within: Duration;
    }
  | {
      readonly type: 'success';
      readonly client?: string;
      readonly operation?: string;
      readonly between: Window;
      readonly min?: number;
    }
  | { readonly type: 'nothing-lost'; readonly except?: readonly string[] }
  /** Per-call virtual latency (start to end, retries included) at a percentile, per client and window. */
  | {
      readonly type: 'latency';
      readonly client?: string;
      readonly operation?: string;
      readonly between?: Window;
      readonly percentile: 'p50' | 'p95' | 'p99' | 'max';
      readonly atMost?: Duration;
      readonly atLeast?: Duration;
    }
  /** Calls that failed with `exception` made between min and max attempts each. */
  | ({ readonly type: 'error-attempts'; readonly exception: string } & AttemptBounds)
  /** No call that failed with a non-retryable error (the SDK's classification) made more than one attempt. */
  | {
      readonly type: 'no-retry-of-non-retryable';
      readonly client?: string;
      readonly operation?: string;
      readonly between?: Window;
    }
  /** Background load outcomes counted in metrics windows starting within `between` (default: the whole run). */
  | {
      readonly type: 'load';
      readonly load: string;
      readonly outcome: LoadOutcome;
      readonly between?: Window;
      readonly min?: number;
      readonly max?: number;
    };

export type ExpectationType = Expectation['type'];
