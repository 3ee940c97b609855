/**
 * The emulated AWS account in one Region: CloudHSM clusters, HSMs and backups, the default VPC,
 * KMS custom key stores, keys and aliases. Synchronous and free of I/O; asynchronous AWS work is
 * scheduled on the kernel's event queue. Every collection is a Map in insertion order, so listings
 * and snapshots are deterministic (ARCHITECTURE convention 7).
 */
import { KeyObjectStore } from '../crypto/key-object-store.js';
import type { BlobKey } from '../crypto/ciphertext-blob.js';
import type { SimKernel } from '../sim/kernel.js';
import type { RandomStream } from '../sim/random.js';
import type { Alias } from './alias.js';
import type { Backup } from './backup.js';
import type { Cluster } from './cluster.js';
import type { CustomKeyStore } from './custom-key-store.js';
import type { Grant } from './grant.js';
import type { KmsKey } from './kms-key.js';
import { ClientNetwork } from './client-network.js';
import { ForcedErrors } from './forced-errors.js';
import { Network } from './network.js';
import { ClusterCapacity, DEFAULT_CAPACITY, type CapacitySettings } from './hsm-capacity.js';
import { DEFAULT_LATENCY, LatencyModel, type LatencySettings } from './latency-model.js';
import { defaultQuotaLimits, RequestQuotas, type QuotaLimits } from './request-quotas.js';
import { DEFAULT_TIMINGS, type WorldTimings } from './timings.js';

export interface WorldOptions {
  readonly region: string;
  readonly accountId: string;
  readonly timings?: Partial<WorldTimings>;
  /** Request quotas (docs/behaviour.md §5); defaults follow the Region. */
  readonly quotas?: Partial<QuotaLimits>;
  /** HSM throughput and PKCS#11 sessions (issue #4 §2). */
  readonly capacity?: Partial<CapacitySettings>;
  /** Per-operation latency distributions; NO_LATENCY answers every request in the same instant. */
  readonly latency?: LatencySettings;
}

export class World {
  readonly region: string;
  readonly accountId: string;
  readonly timings: WorldTimings;
  readonly network: Network;
  /** Faults between the application and the AWS endpoints (connection resets, timeouts). */
  readonly clientNetwork = new ClientNetwork();
  /** Flagged symptom injection: exceptions forced regardless of the world's state. */
  readonly forcedErrors = new ForcedErrors();
  readonly clusters = new Map<string, Cluster>();
  readonly backups = new Map<string, Backup>();
  readonly keyStores = new Map<string, CustomKeyStore>();
  readonly keys = new Map<string, KmsKey>();
  readonly aliases = new Map<string, Alias>();
  /** KMS grants by grant id, and every grant token ever issued, by token (grant-registry.ts). */
  readonly grants = new Map<string, Grant>();
  readonly grantTokens = new Map<string, string>();
  /**
   * True while the simulator answers an observation (`Simulator.observe`): nothing may be created,
   * so an AWS managed key that does not exist yet stays absent (aws-managed-keys.ts).
   */
  readOnly = false;
  /** The request id of the KMS request being served, for GetKeyLastUsage; undefined between requests. */
  currentRequestId: string | undefined = undefined;
  /**
   * The key and material of the last blob opened, a cache and not state: the next blob usually
   * names the same ones, and comparing its 48 header bytes is cheaper than spelling the two ids out
   * and looking them up (issue #12). It changes no answer: the ids are still looked up.
   */
  lastOpenedBlobKey: BlobKey | undefined = undefined;
  /**
   * Ids of keys whose waiting period ended. Ciphertext naming such a key is NotFoundException
   * (docs/behaviour.md §8.3); a header naming a key id this account never had can only be a modified or foreign
   * blob, which is InvalidCiphertextException (docs/behaviour.md §8.3; kms/symmetric-crypto.ts).
   */
  readonly deletedKeyIds = new Set<string>();
  /** Key material of AWS_KMS keys, held by KMS's own (unmodelled, always healthy) HSMs. */
  readonly kmsOwnKeys = new KeyObjectStore();
  /** Entropy for key material, IVs and random bytes (insecure by design: a test double). */
  readonly entropy: RandomStream;
  readonly quotas: RequestQuotas;
  readonly capacitySettings: CapacitySettings;
  readonly latency: LatencyModel;
  private readonly clusterCapacity = new Map<string, ClusterCapacity>();

  constructor(
    readonly kernel: SimKernel,
    options: WorldOptions,
  ) {
    this.region = options.region;
    this.accountId = options.accountId;
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.network = new Network(this.region, kernel.ids);
    this.entropy = kernel.random.fork('hsm-entropy');
    this.quotas = new RequestQuotas({ ...defaultQuotaLimits(this.region), ...options.quotas });
    this.capacitySettings = { ...DEFAULT_CAPACITY, ...options.capacity };
    this.latency = new LatencyModel(
      options.latency ?? DEFAULT_LATENCY,
      kernel.random.fork('latency'),
    );
  }

  /** The capacity model of one cluster (created on first use). */
  capacityOf(clusterId: string): ClusterCapacity {
    let capacity = this.clusterCapacity.get(clusterId);
    if (!capacity) {
      capacity = new ClusterCapacity(this.capacitySettings);
      this.clusterCapacity.set(clusterId, capacity);
    }
    return capacity;
  }

  get nowMs(): number {
    return this.kernel.nowMs;
  }

  keyArn(keyId: string): string {
    return `arn:aws:kms:${this.region}:${this.accountId}:key/${keyId}`;
  }

  aliasArn(aliasName: string): string {
    return `arn:aws:kms:${this.region}:${this.accountId}:${aliasName}`;
  }

  backupArn(backupId: string): string {
    return `arn:aws:cloudhsm:${this.region}:${this.accountId}:backup/${backupId}`;
  }

  /** Records a world event in the trace (every observable change is traced; ARCHITECTURE convention 8). */
  record(kind: string, data: Record<string, unknown>): void {
    this.kernel.record(kind, data);
  }
}
