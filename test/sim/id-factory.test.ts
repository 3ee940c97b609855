/**
 * The id factory (src/sim/id-factory.ts): every id format of docs/behaviour.md §2.1/§2.5, deterministic per
 * seed, with one stream per kind so drawing one kind never shifts another.
 */
import { describe, expect, it } from 'vitest';
import { IdFactory } from '../../src/sim/id-factory.js';
import { RandomStream } from '../../src/sim/random.js';

const factory = (seed = 'ids') => new IdFactory(new RandomStream(seed));
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('sim: id factory', () => {
  it('sim: ids: a UUID is the 16 bytes of its stream with the version and variant set, in byte order', () => {
    // The reference: the stream's bytes(16), as every kmsim release before issue #12 formatted them.
    const reference = (stream: RandomStream) => {
      const bytes = stream.bytes(16);
      bytes[6] = (bytes[6]! & 0x0f) | 0x40;
      bytes[8] = (bytes[8]! & 0x3f) | 0x80;
      const hex = Buffer.from(bytes).toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    };
    for (const seed of ['ids', 'other', '42']) {
      const ids = factory(seed);
      const requests = new RandomStream(seed).fork('ids/request');
      const keys = new RandomStream(seed).fork('ids/key');
      for (let i = 0; i < 20; i++) {
        expect(ids.requestId()).toBe(reference(requests));
        expect(ids.keyId()).toBe(reference(keys));
      }
    }
  });

  it('sim: ids: formats follow the service models', () => {
    const ids = factory();
    for (let i = 0; i < 50; i++) {
      expect(ids.keyId()).toMatch(UUID_V4);
      expect(ids.requestId()).toMatch(UUID_V4);
      expect(ids.customKeyStoreId()).toMatch(/^cks-[0-9a-f]{17}$/);
      expect(ids.clusterId()).toMatch(/^cluster-[2-7a-z]{11}$/);
      expect(ids.hsmId()).toMatch(/^hsm-[2-7a-z]{11}$/);
      expect(ids.backupId()).toMatch(/^backup-[2-7a-z]{11}$/);
      expect(ids.eniId()).toMatch(/^eni-[0-9a-f]{17}$/);
      expect(ids.securityGroupId()).toMatch(/^sg-[0-9a-f]{17}$/);
      expect(ids.vpcId()).toMatch(/^vpc-[0-9a-f]{17}$/);
      expect(ids.subnetId()).toMatch(/^subnet-[0-9a-f]{17}$/);
      expect(ids.kmsuserPassword()).toMatch(/^[A-Za-z0-9]{32}$/);
      const handle = ids.keyHandle();
      expect(Number.isInteger(handle) && handle >= 262_145 && handle <= 16_777_215).toBe(true);
    }
  });

  it('sim: ids: CloudHSM ids satisfy the model patterns cluster-/hsm-/backup-[2-7a-zA-Z]{11,16}', () => {
    const ids = factory('patterns');
    expect(ids.clusterId()).toMatch(/^cluster-[2-7a-zA-Z]{11,16}$/);
    expect(ids.hsmId()).toMatch(/^hsm-[2-7a-zA-Z]{11,16}$/);
    expect(ids.backupId()).toMatch(/^backup-[2-7a-zA-Z]{11,16}$/);
  });

  it('sim: ids: the same seed gives the same ids; another seed different ones', () => {
    const sequence = (ids: IdFactory) => [
      ids.keyId(),
      ids.clusterId(),
      ids.customKeyStoreId(),
      ids.keyId(),
    ];
    expect(sequence(factory('a'))).toEqual(sequence(factory('a')));
    expect(sequence(factory('a'))).not.toEqual(sequence(factory('b')));
  });

  it('sim: ids: drawing request ids (or any other kind) never shifts the key ids', () => {
    const quiet = factory();
    const busy = factory();
    for (let i = 0; i < 100; i++) {
      busy.requestId();
      busy.clusterId();
      busy.keyHandle();
    }
    expect([busy.keyId(), busy.keyId()]).toEqual([quiet.keyId(), quiet.keyId()]);
  });

  it('sim: ids: a thousand key ids are distinct', () => {
    const ids = factory('distinct');
    expect(new Set(Array.from({ length: 1_000 }, () => ids.keyId())).size).toBe(1_000);
  });
});
