/**
 * The emulated AWS account in one Region: CloudHSM clusters, HSMs and backups, the default VPC,
 * KMS custom key stores, keys and aliases. Synchronous and free of I/O; asynchronous AWS work is
 * scheduled on the kernel's event queue. Every collection is a Map in insertion order, so listings
 * and snapshots are deterministic (ARCHITECTURE convention 7).
 */
import { KeyObjectStore } from '../crypto/key-object-store.js';
import type { SimKernel } from '../sim/kernel.js';
import type { RandomStream } from '../sim/random.js';
import type { Alias } from './alias.js';
import type { Backup } from './backup.js';
import type { Cluster } from './cluster.js';
import type { CustomKeyStore } from './custom-key-store.js';
import type { KmsKey } from './kms-key.js';
import { ClientNetwork } from './client-network.js';
import { ForcedErrors } from './forced-errors.js';
import { Network } from './network.js';
import { DEFAULT_TIMINGS, type WorldTimings } from './timings.js';

export interface WorldOptions {
  readonly region: string;
  readonly accountId: string;
  readonly timings?: Partial<WorldTimings>;
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
  /** Key material of AWS_KMS keys, held by KMS's own (unmodelled, always healthy) HSMs. */
  readonly kmsOwnKeys = new KeyObjectStore();
  /** Entropy for key material, IVs and random bytes (insecure by design: a test double). */
  readonly entropy: RandomStream;

  constructor(readonly kernel: SimKernel, options: WorldOptions) {
    this.region = options.region;
    this.accountId = options.accountId;
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.network = new Network(this.region, kernel.ids);
    this.entropy = kernel.random.fork('hsm-entropy');
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

  /** Virtual latency the request being served has accumulated (slow HSMs); read and reset per request. */
  private requestLatencyMs = 0;

  addRequestLatency(latencyMs: number): void {
    this.requestLatencyMs += latencyMs;
  }

  takeRequestLatency(): number {
    const latencyMs = this.requestLatencyMs;
    this.requestLatencyMs = 0;
    return latencyMs;
  }

  /** Records a world event in the trace (every observable change is traced; ARCHITECTURE convention 8). */
  record(kind: string, data: Record<string, unknown>): void {
    this.kernel.record(kind, data);
  }
}
