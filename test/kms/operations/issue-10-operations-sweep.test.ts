/**
 * A sweep of the operations issue #10 added (src/kms/operations/): 150 random, model-valid inputs
 * each, sent through the simulator's front door against a world with keys (an AWS_KMS key, a
 * CloudHSM key, one pending deletion, an AWS managed key), grants and tags, half of them naming a
 * real key. Whatever the input, the answer is 200 or an error the operation declares or any
 * operation may raise — never KmsimSimulatorBugException — and the simulator records no bug.
 */
import {
  CreateGrantCommand,
  DescribeKeyCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
} from '@aws-sdk/client-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { KMS_INPUT_SHAPES } from '../../../src/kms/input-shapes.js';
import type { StructureShape } from '../../../src/protocol/shape.js';
import { RandomStream } from '../../../src/sim/random.js';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { createAwsKmsKey, createHsmKey } from '../../support/kms-world.js';
import { arbitraryValue } from '../../protocol/shape-arbitrary.js';
import { ISSUE_10_OPERATIONS as OPERATIONS } from '../../support/kms-operations.js';

const CASES = 150;

describe('kms: issue #10 operations under random model-valid input', () => {
  let w: ConnectedWorld;
  let keyIds: string[];
  let grantIds: string[];
  let tokens: string[];

  beforeAll(async () => {
    w = await buildConnectedWorld(1010);
    const kmsKey = await createAwsKmsKey(w);
    const hsmKey = await createHsmKey(w);
    const doomed = await createAwsKmsKey(w);
    await w.kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: doomed.keyId, PendingWindowInDays: 7 }),
    );
    const managed = (await w.kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' })))
      .KeyMetadata!;
    await w.kms.send(
      new TagResourceCommand({ KeyId: kmsKey.keyId, Tags: [{ TagKey: 't', TagValue: 'v' }] }),
    );
    const grant = await w.kms.send(
      new CreateGrantCommand({
        KeyId: kmsKey.keyId,
        GranteePrincipal: 'arn:aws:iam::111122223333:role/x',
        RetiringPrincipal: 'arn:aws:iam::111122223333:role/y',
        Operations: ['Encrypt'],
      }),
    );
    keyIds = [kmsKey.keyId, hsmKey.arn, doomed.keyId, managed.KeyId!];
    grantIds = [grant.GrantId!];
    tokens = [grant.GrantToken!];
  });

  it.each(OPERATIONS)('%s: 150 random inputs, never a simulator bug', async (operation) => {
    const shape = KMS_INPUT_SHAPES[operation] as StructureShape;
    const rng = new RandomStream('issue-10-sweep').fork(operation);
    const answers = new Map<string, number>();
    for (let i = 0; i < CASES; i++) {
      const body = arbitraryValue(shape, rng).wire as Record<string, unknown>;
      // Half of the cases name real things, so the operations get past key resolution.
      if (rng.intBetween(0, 1) === 1) {
        if ('KeyId' in shape.members) body['KeyId'] = keyIds[rng.intBetween(0, keyIds.length - 1)];
        if ('GrantId' in shape.members && rng.intBetween(0, 1) === 1) body['GrantId'] = grantIds[0];
        if ('GrantToken' in shape.members && rng.intBetween(0, 1) === 1)
          body['GrantToken'] = tokens[0];
        if ('GrantTokens' in shape.members && rng.intBetween(0, 1) === 1)
          body['GrantTokens'] = tokens;
      }
      w.sim.advanceMs(1_000);
      const response = await w.sim.handleWire({
        target: `TrentService.${operation}`,
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/x-amz-json-1.1' },
      });
      const type =
        response.status === 200 ? 'OK' : (JSON.parse(response.body) as { __type: string }).__type;
      answers.set(type, (answers.get(type) ?? 0) + 1);
      expect(type, `${operation} ${JSON.stringify(body)} → ${response.body}`).not.toBe(
        'KmsimSimulatorBugException',
      );
    }
    expect(w.sim.bugs).toEqual([]);
    // The sweep reaches the operation itself, not only validation.
    expect([...answers.keys()].some((type) => type !== 'ValidationException')).toBe(true);
  });
});
