/**
 * Every operation of the CloudHSM v2 service model and what kmsim does with it (issue #10 "Done
 * when"): served, or refused with a stated reason. The list is transcribed by hand from the current
 * botocore model (`botocore/data/cloudhsmv2/2017-04-28/service-2.json`, 18 operations, including
 * the 2024 resource-policy operations), so a model operation kmsim forgets fails here. A name that
 * is not an operation at all answers UnknownOperationException naming it.
 */
import { describe, expect, it } from 'vitest';
import { CLOUDHSM_INPUT_SHAPES } from '../../src/cloudhsm/input-shapes.js';
import { Simulator } from '../../src/simulator.js';

type Status = { readonly served: true } | { readonly refused: RegExp };

const SERVED: Status = { served: true };

/** Operation → status, with a request that passes model validation. */
const MODEL_OPERATIONS: Record<string, { status: Status; input: object }> = {
  CopyBackupToRegion: {
    status: { refused: /simulates the single Region us-east-1/ },
    input: { DestinationRegion: 'us-west-2', BackupId: 'backup-abcdefghijk' },
  },
  CreateCluster: {
    status: SERVED,
    input: { HsmType: 'hsm1.medium', SubnetIds: ['subnet-0123456789abcdef0'] },
  },
  CreateHsm: {
    status: SERVED,
    input: { ClusterId: 'cluster-abcdefghijk', AvailabilityZone: 'us-east-1a' },
  },
  DeleteBackup: { status: SERVED, input: { BackupId: 'backup-abcdefghijk' } },
  DeleteCluster: { status: SERVED, input: { ClusterId: 'cluster-abcdefghijk' } },
  DeleteHsm: { status: SERVED, input: { ClusterId: 'cluster-abcdefghijk' } },
  DeleteResourcePolicy: { status: SERVED, input: {} },
  DescribeBackups: { status: SERVED, input: {} },
  DescribeClusters: { status: SERVED, input: {} },
  GetResourcePolicy: { status: SERVED, input: {} },
  InitializeCluster: {
    status: SERVED,
    input: { ClusterId: 'cluster-abcdefghijk', SignedCert: 'x', TrustAnchor: 'x' },
  },
  ListTags: { status: SERVED, input: { ResourceId: 'cluster-abcdefghijk' } },
  ModifyBackupAttributes: {
    status: SERVED,
    input: { BackupId: 'backup-abcdefghijk', NeverExpires: true },
  },
  ModifyCluster: { status: SERVED, input: { ClusterId: 'cluster-abcdefghijk' } },
  PutResourcePolicy: { status: SERVED, input: {} },
  RestoreBackup: { status: SERVED, input: { BackupId: 'backup-abcdefghijk' } },
  TagResource: {
    status: SERVED,
    input: { ResourceId: 'cluster-abcdefghijk', TagList: [{ Key: 'k', Value: 'v' }] },
  },
  UntagResource: {
    status: SERVED,
    input: { ResourceId: 'cluster-abcdefghijk', TagKeyList: ['k'] },
  },
};

async function send(sim: Simulator, target: string, input: object) {
  const response = await sim.handleWire({
    target,
    body: JSON.stringify(input),
    headers: { 'content-type': 'application/x-amz-json-1.1' },
  });
  return {
    status: response.status,
    body: JSON.parse(response.body) as Record<string, unknown>,
  };
}

describe('cloudhsm: operation status', () => {
  it('cloudhsm: status: kmsim answers every one of the 18 operations of the service model, and only those', () => {
    const sim = new Simulator({ seed: 1401 });
    expect(Object.keys(MODEL_OPERATIONS)).toHaveLength(18);
    expect(sim.cloudHsm.operationNames.sort()).toEqual(Object.keys(MODEL_OPERATIONS).sort());
    expect(Object.keys(CLOUDHSM_INPUT_SHAPES).sort()).toEqual(Object.keys(MODEL_OPERATIONS).sort());
  });

  it.each(Object.entries(MODEL_OPERATIONS))(
    'cloudhsm: status: %s is served or refused as listed',
    async (operation, { status, input }) => {
      const sim = new Simulator({ seed: 1402 });
      const answer = await send(sim, `BaldrApiService.${operation}`, input);
      expect(answer.body.__type).not.toBe('ValidationException');
      expect(answer.body.__type).not.toBe('KmsimSimulatorBugException');
      if ('served' in status) {
        expect(answer.body.__type).not.toBe('UnknownOperationException');
      } else {
        expect(answer.status).toBe(400);
        expect(answer.body.__type).toBe('UnknownOperationException');
        const message = String(answer.body.message);
        expect(message.startsWith(`kmsim does not serve CloudHSMV2.${operation}: `)).toBe(true);
        expect(message).toMatch(status.refused);
      }
    },
  );

  it('cloudhsm: status: a name that is no operation → UnknownOperationException whose message names it', async () => {
    const sim = new Simulator({ seed: 1403 });
    expect(await send(sim, 'BaldrApiService.DescribeHsms', {})).toEqual({
      status: 400,
      body: {
        __type: 'UnknownOperationException',
        message: 'kmsim does not serve the CloudHSMV2 operation DescribeHsms.',
      },
    });
    expect(await send(sim, 'Foo.Bar', {})).toMatchObject({
      status: 400,
      body: {
        __type: 'UnknownOperationException',
        message:
          'kmsim does not serve the target Foo.Bar: it names neither TrentService (KMS) nor BaldrApiService (CloudHSM v2).',
      },
    });
  });
});
