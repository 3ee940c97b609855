/**
 * Key objects inside a virtual HSM, addressed by handle, as CloudHSM exposes them (docs/behaviour.md §3.3,
 * §6.4: the KMS key ARN is the label, `kmsuser` the owner). A store is cloned whole into a backup,
 * and a restore clones it back: that is what makes "a backup taken before the key lacks the key"
 * true by construction.
 *
 * INSECURE BY DESIGN: material comes from the simulator's seeded entropy so runs replay. This is a
 * test double; never protect real data with it (docs/security.md).
 */
export interface KeyObject {
  readonly handle: number;
  /** CloudHSM key label; KMS sets it to the KMS key ARN (docs/behaviour.md §2.4 CreateKey). */
  readonly label: string;
  /** Crypto user that owns the key (`kmsuser` for KMS keys). */
  readonly owner: string;
  /** 32 bytes of AES-256 key material. */
  readonly material: Uint8Array;
  readonly createdAtMs: number;
}

export class KeyObjectStore {
  private readonly objects = new Map<number, KeyObject>();

  get size(): number {
    return this.objects.size;
  }

  put(object: KeyObject): void {
    if (object.material.length !== 32)
      throw new RangeError(`AES-256 material must be 32 bytes, got ${object.material.length}`);
    if (this.objects.has(object.handle))
      throw new Error(`key handle ${object.handle} already exists`);
    this.objects.set(object.handle, object);
  }

  get(handle: number): KeyObject | undefined {
    return this.objects.get(handle);
  }

  has(handle: number): boolean {
    return this.objects.has(handle);
  }

  delete(handle: number): boolean {
    return this.objects.delete(handle);
  }

  /** Handles in ascending order, for deterministic listings. */
  handles(): number[] {
    return [...this.objects.keys()].sort((a, b) => a - b);
  }

  /** A point-in-time copy (backups and restores). Key objects are immutable, so sharing them is safe. */
  clone(): KeyObjectStore {
    const copy = new KeyObjectStore();
    for (const object of this.objects.values()) copy.objects.set(object.handle, object);
    return copy;
  }
}
