import { describe, expect, it } from 'vitest';
import {
  CLOUDHSM_INPUT_SHAPES,
  type CloudHsmOperationName,
} from '../../src/cloudhsm/input-shapes.js';
import {
  decodeRequest,
  validateInput,
  type DecodeResult,
} from '../../src/protocol/decode-request.js';
import type { StructureShape } from '../../src/protocol/shape.js';
import { RandomStream } from '../../src/sim/random.js';
import { arbitraryValue } from '../protocol/shape-arbitrary.js';
import { shapeSweeps } from '../protocol/shape-sweeps.js';

const OPERATIONS = [
  'CreateCluster',
  'DescribeClusters',
  'InitializeCluster',
  'DeleteCluster',
  'CreateHsm',
  'DeleteHsm',
  'DescribeBackups',
  'DeleteBackup',
  'RestoreBackup',
  'ModifyBackupAttributes',
  'ModifyCluster',
  'CopyBackupToRegion',
  'TagResource',
  'UntagResource',
  'ListTags',
  'GetResourcePolicy',
  'PutResourcePolicy',
  'DeleteResourcePolicy',
];

// Required members per the model (docs/behaviour.md §2.5), written out by hand as a second transcription.
const REQUIRED: Record<string, string[]> = {
  CreateCluster: ['HsmType', 'SubnetIds'],
  DescribeClusters: [],
  InitializeCluster: ['ClusterId', 'SignedCert', 'TrustAnchor'],
  DeleteCluster: ['ClusterId'],
  CreateHsm: ['ClusterId', 'AvailabilityZone'],
  DeleteHsm: ['ClusterId'],
  DescribeBackups: [],
  DeleteBackup: ['BackupId'],
  RestoreBackup: ['BackupId'],
  ModifyBackupAttributes: ['BackupId', 'NeverExpires'],
  ModifyCluster: ['ClusterId'],
  CopyBackupToRegion: ['DestinationRegion', 'BackupId'],
  TagResource: ['ResourceId', 'TagList'],
  UntagResource: ['ResourceId', 'TagKeyList'],
  ListTags: ['ResourceId'],
  // The model makes every member of the resource-policy requests optional.
  GetResourcePolicy: [],
  PutResourcePolicy: [],
  DeleteResourcePolicy: [],
};

function message(result: DecodeResult<unknown>): string | undefined {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.message;
}

const shapes: Record<string, StructureShape> = CLOUDHSM_INPUT_SHAPES;
const SEED = 'cloudhsm-input-shapes';
const check = (op: CloudHsmOperationName, body: Record<string, unknown>) =>
  message(validateInput(CLOUDHSM_INPUT_SHAPES[op], body));

describe('cloudhsm: input shapes', () => {
  it('cover exactly the operations of the service model', () => {
    expect(Object.keys(CLOUDHSM_INPUT_SHAPES).sort()).toEqual([...OPERATIONS].sort());
  });

  it.each(OPERATIONS)('%s: required members match docs/behaviour.md §2.5', (op) => {
    expect([...(shapes[op] as StructureShape).required].sort()).toEqual(
      [...(REQUIRED[op] as string[])].sort(),
    );
  });

  it('id patterns match whole values of the base32 alphabet (docs/behaviour.md §2.5)', () => {
    expect(
      validateInput(CLOUDHSM_INPUT_SHAPES.DeleteCluster, { ClusterId: 'cluster-abcdefghijk' }).ok,
    ).toBe(true);
    for (const bad of [
      'cluster-abcdefghij',
      'cluster-abcdefghij1',
      'xcluster-abcdefghijk',
      'cluster-abcdefghijk ',
    ]) {
      expect(check('DeleteCluster', { ClusterId: bad })).toBe(
        `1 validation error detected: Value '${bad}' at 'clusterId' failed to satisfy constraint: Member must satisfy regular expression pattern: cluster-[2-7a-zA-Z]{11,16}`,
      );
    }
    expect(check('DeleteHsm', { ClusterId: 'cluster-abcdefghijk', HsmId: 'hsm-1' })).toContain(
      "at 'hsmId' failed to satisfy constraint: Member must satisfy regular expression pattern: hsm-[2-7a-zA-Z]{11,16}",
    );
  });

  it('CreateCluster: subnet list bounds, element pattern path and missing members', () => {
    const subnets = Array.from({ length: 11 }, (_, i) => `subnet-0000000${i % 10}`);
    expect(check('CreateCluster', { HsmType: 'hsm2m.medium', SubnetIds: subnets })).toBe(
      `1 validation error detected: Value '[${subnets.join(', ')}]' at 'subnetIds' failed to satisfy constraint: Member must have length less than or equal to 10`,
    );
    expect(check('CreateCluster', { HsmType: 'hsm2m.medium', SubnetIds: [] })).toBe(
      "1 validation error detected: Value '[]' at 'subnetIds' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(
      check('CreateCluster', { HsmType: 'hsm2m.medium', SubnetIds: ['subnet-12345678', 'sub'] }),
    ).toBe(
      "1 validation error detected: Value 'sub' at 'subnetIds.2.member' failed to satisfy constraint: Member must satisfy regular expression pattern: subnet-[0-9a-fA-F]{8,17}",
    );
    expect(check('CreateCluster', {})).toBe(
      '2 validation errors detected: ' +
        "Value null at 'hsmType' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'subnetIds' failed to satisfy constraint: Member must not be null",
    );
  });

  it('CreateCluster: HsmType is a pattern with a 32-character cap, not an enum', () => {
    expect(
      validateInput(CLOUDHSM_INPUT_SHAPES.CreateCluster, {
        HsmType: 'hsm1.medium',
        SubnetIds: ['subnet-12345678'],
      }).ok,
    ).toBe(true);
    expect(
      check('CreateCluster', { HsmType: 'm5.large', SubnetIds: ['subnet-12345678'] }),
    ).toContain(
      String.raw`Member must satisfy regular expression pattern: ((p|)hsm[0-9][a-z.]*\.[a-zA-Z]+)`,
    );
  });

  it('backup retention policy members are checked under the nested path', () => {
    expect(
      check('ModifyCluster', {
        ClusterId: 'cluster-abcdefghijk',
        BackupRetentionPolicy: { Type: 'WEEKS', Value: '1000' },
      }),
    ).toBe(
      '2 validation errors detected: ' +
        "Value 'WEEKS' at 'backupRetentionPolicy.type' failed to satisfy constraint: Member must satisfy enum value set: [DAYS]; " +
        "Value '1000' at 'backupRetentionPolicy.value' failed to satisfy constraint: Member must have length less than or equal to 3",
    );
  });

  it('tags: Unicode letters pass the \\p{L} pattern, control characters do not', () => {
    const ok = {
      ResourceId: 'backup-abcdefghijk',
      TagList: [{ Key: 'Équipe 東京', Value: 'ж-1' }],
    };
    expect(validateInput(CLOUDHSM_INPUT_SHAPES.TagResource, ok).ok).toBe(true);
    expect(
      check('TagResource', {
        ResourceId: 'backup-abcdefghijk',
        TagList: [{ Key: 'a\tb', Value: '' }],
      }),
    ).toBe(
      String.raw`1 validation error detected: Value 'a	b' at 'tagList.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`,
    );
  });

  it('DescribeClusters: filters are a map of string lists, MaxResults 1..25', () => {
    const body = JSON.stringify({
      Filters: { clusterIds: ['cluster-abcdefghijk'], states: ['ACTIVE'] },
      MaxResults: 25,
    });
    expect(decodeRequest(CLOUDHSM_INPUT_SHAPES.DescribeClusters, body)).toEqual({
      ok: true,
      value: {
        Filters: { clusterIds: ['cluster-abcdefghijk'], states: ['ACTIVE'] },
        MaxResults: 25,
      },
    });
    expect(
      message(
        decodeRequest(CLOUDHSM_INPUT_SHAPES.DescribeClusters, '{"Filters":{"states":"ACTIVE"}}'),
      ),
    ).toBe('Expected list or null');
    expect(check('DescribeClusters', { MaxResults: 26 })).toBe(
      "1 validation error detected: Value '26' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 25",
    );
    expect(check('DescribeBackups', { MaxResults: 51 })).toContain(
      'Member must have value less than or equal to 50',
    );
    expect(check('ListTags', { ResourceId: 'cluster-abcdefghijk', MaxResults: 101 })).toContain(
      'less than or equal to 100',
    );
  });

  it('ModifyBackupAttributes: NeverExpires must be a JSON boolean', () => {
    const body = '{"BackupId":"backup-abcdefghijk","NeverExpires":"true"}';
    expect(decodeRequest(CLOUDHSM_INPUT_SHAPES.ModifyBackupAttributes, body)).toEqual({
      ok: false,
      kind: 'serialization',
      message: 'STRING_VALUE can not be converted to a Boolean',
    });
  });
});

describe('cloudhsm: generated inputs', () => {
  it.each(OPERATIONS)('%s: 60 random well-formed inputs decode to exactly their values', (op) => {
    const shape = shapes[op] as StructureShape;
    const rng = new RandomStream(SEED).fork(op);
    for (let run = 0; run < 60; run++) {
      const input = arbitraryValue(shape, rng);
      const text = JSON.stringify(input.wire);
      expect(decodeRequest(shape, text), `SEED=${SEED} op=${op} run=${run} body=${text}`).toEqual({
        ok: true,
        value: input.decoded,
      });
    }
  });

  shapeSweeps('CloudHSM', shapes, OPERATIONS, SEED);
});
