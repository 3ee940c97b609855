/** crypto/key-object-store: key objects by handle inside a virtual HSM (docs/behaviour.md §6.4). */
import { describe, expect, it } from 'vitest';
import { KeyObjectStore, type KeyObject } from '../../src/crypto/key-object-store.js';

const object = (handle: number, fill = handle): KeyObject => ({
  handle,
  label: `arn:key/${handle}`,
  owner: 'kmsuser',
  material: new Uint8Array(32).fill(fill),
  createdAtMs: handle * 10,
});

describe('crypto: key object store', () => {
  it('crypto: key objects: put, get, has, delete, size', () => {
    const store = new KeyObjectStore();
    store.put(object(5));
    expect(store.size).toBe(1);
    expect(store.has(5)).toBe(true);
    expect(store.get(5)!.label).toBe('arn:key/5');
    expect(store.get(6)).toBeUndefined();
    expect(store.delete(5)).toBe(true);
    expect(store.delete(5)).toBe(false);
    expect(store.size).toBe(0);
  });

  it('crypto: key objects: material must be exactly 32 bytes', () => {
    const store = new KeyObjectStore();
    expect(() => store.put({ ...object(1), material: new Uint8Array(16) })).toThrow(RangeError);
    expect(() => store.put({ ...object(1), material: new Uint8Array(33) })).toThrow(RangeError);
    expect(store.size).toBe(0);
  });

  it('crypto: key objects: a handle cannot be reused while taken', () => {
    const store = new KeyObjectStore();
    store.put(object(1));
    expect(() => store.put(object(1, 9))).toThrow(/already exists/);
    expect(store.get(1)!.material[0]).toBe(1);
  });

  it('crypto: key objects: handles() lists in ascending order whatever the insertion order', () => {
    const store = new KeyObjectStore();
    for (const handle of [300, 7, 42, 1]) store.put(object(handle));
    expect(store.handles()).toEqual([1, 7, 42, 300]);
  });

  it('crypto: key objects: clone is a point-in-time copy (backups): later changes on either side stay apart', () => {
    const store = new KeyObjectStore();
    store.put(object(1));
    store.put(object(2));
    const backup = store.clone();
    store.put(object(3));
    store.delete(1);
    backup.delete(2);
    expect(store.handles()).toEqual([2, 3]);
    expect(backup.handles()).toEqual([1]);
    expect(backup.get(1)!.material).toEqual(new Uint8Array(32).fill(1));
  });
});
