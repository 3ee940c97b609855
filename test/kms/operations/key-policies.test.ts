/** GetKeyPolicy, PutKeyPolicy, ListKeyPolicies and CreateKey Policy through the real SDK (issue #10). */
import {
  CreateKeyCommand,
  GetKeyPolicyCommand,
  ListKeyPoliciesCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { expectKmsError, rawKms } from '../../support/kms-expect.js';
import {
  createAwsKmsKey,
  createHsmKey,
  disconnectStore,
  type TestKey,
} from '../../support/kms-world.js';

const ACCOUNT = '111122223333';

/** The Developer Guide's GetKeyPolicy example of the default key policy, in its exact layout. */
const DEFAULT_POLICY = [
  '{',
  '  "Version" : "2012-10-17",',
  '  "Id" : "key-default-1",',
  '  "Statement" : [ {',
  '    "Sid" : "Enable IAM User Permissions",',
  '    "Effect" : "Allow",',
  '    "Principal" : {',
  `      "AWS" : "arn:aws:iam::${ACCOUNT}:root"`,
  '    },',
  '    "Action" : "kms:*",',
  '    "Resource" : "*"',
  '  } ]',
  '}',
].join('\n');

function policyFor(principal: string, sid = 'Allow admin'): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: sid, Effect: 'Allow', Principal: { AWS: principal }, Action: 'kms:*', Resource: '*' },
    ],
  });
}

describe('kms: key policies', () => {
  let w: ConnectedWorld;
  let key: TestKey;
  beforeEach(async () => {
    w = await buildConnectedWorld();
    key = await createAwsKmsKey(w);
  });

  it('kms: GetKeyPolicy: a key created without Policy has the documented default key policy, byte for byte', async () => {
    const out = await w.kms.send(new GetKeyPolicyCommand({ KeyId: key.keyId }));
    expect(out.Policy).toBe(DEFAULT_POLICY);
    expect(out.PolicyName).toBe('default');
    const byArn = await w.kms.send(
      new GetKeyPolicyCommand({ KeyId: key.arn, PolicyName: 'default' }),
    );
    expect(byArn.Policy).toBe(DEFAULT_POLICY);
  });

  it('kms: CreateKey Policy and PutKeyPolicy: stored and returned byte for byte (whitespace and key order kept)', async () => {
    const text = `{ "Statement":[{"Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:root"},\n\t"Effect":"Allow","Action":"kms:*","Resource":"*"}],"Version":"2012-10-17" }`;
    const created = await w.kms.send(new CreateKeyCommand({ Policy: text }));
    const keyId = created.KeyMetadata!.KeyId!;
    expect((await w.kms.send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy).toBe(text);
    const replaced = `${policyFor(`arn:aws:iam::${ACCOUNT}:role/admin`)}   `;
    await w.kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: replaced }));
    expect((await w.kms.send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy).toBe(replaced);
  });

  it('kms: PutKeyPolicy and CreateKey: JSON that does not parse → MalformedPolicyDocumentException with no message', async () => {
    for (const send of [
      () => w.kms.send(new PutKeyPolicyCommand({ KeyId: key.keyId, Policy: '{not json' })),
      () => w.kms.send(new CreateKeyCommand({ Policy: '{not json' })),
    ])
      await expectKmsError(send(), 'MalformedPolicyDocumentException', null);
    const raw = await rawKms(w.sim, 'CreateKey', { Policy: 'not a real policy statement' });
    expect(raw.body).toEqual({ __type: 'MalformedPolicyDocumentException' });
    // Nothing was created by the refused CreateKey calls.
    expect(w.sim.world.keys.size).toBe(1);
  });

  it('kms: PutKeyPolicy: no Statement, an Effect that is not Allow/Deny, or a wrong Version → MalformedPolicyDocumentException', async () => {
    const bad = [
      JSON.stringify({ Version: '2012-10-17' }),
      JSON.stringify({ Statement: [] }),
      JSON.stringify({ Statement: [{ Effect: 'Maybe', Principal: '*', Action: 'kms:*' }] }),
      JSON.stringify({ Version: '2020-01-01', Statement: [{ Effect: 'Allow', Principal: '*' }] }),
      '[1,2,3]',
    ];
    for (const policy of bad)
      await expectKmsError(
        w.kms.send(new PutKeyPolicyCommand({ KeyId: key.keyId, Policy: policy })),
        'MalformedPolicyDocumentException',
        null,
      );
    expect((await w.kms.send(new GetKeyPolicyCommand({ KeyId: key.keyId }))).Policy).toBe(
      DEFAULT_POLICY,
    );
  });

  it('kms: PutKeyPolicy: a statement without principals, or with a malformed one → the real "invalid principals" message', async () => {
    const message = 'Policy contains a statement with one or more invalid principals.';
    for (const policy of [
      JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }),
      policyFor('not-an-arn'),
      JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Robot: 'x' }, Action: '*' }] }),
    ])
      await expectKmsError(
        w.kms.send(new PutKeyPolicyCommand({ KeyId: key.keyId, Policy: policy })),
        'MalformedPolicyDocumentException',
        message,
      );
    // Principals of every documented form are accepted (their existence is not checked).
    for (const principal of ['*', ACCOUNT, `arn:aws:iam::${ACCOUNT}:user/alice`]) {
      await w.kms.send(new PutKeyPolicyCommand({ KeyId: key.keyId, Policy: policyFor(principal) }));
    }
    await w.kms.send(
      new PutKeyPolicyCommand({
        KeyId: key.keyId,
        Policy: JSON.stringify({
          Statement: { Effect: 'Deny', Principal: { Service: 'logs.us-east-1.amazonaws.com' } },
        }),
      }),
    );
  });

  it('kms: PutKeyPolicy: over 32 KB → LimitExceededException; exactly 32768 bytes is accepted', async () => {
    const base = policyFor(`arn:aws:iam::${ACCOUNT}:root`, '');
    const pad = (bytes: number) =>
      base.replace('"Sid":""', `"Sid":"${'x'.repeat(bytes - base.length)}"`);
    const exact = pad(32_768);
    expect(Buffer.byteLength(exact)).toBe(32_768);
    await w.kms.send(new PutKeyPolicyCommand({ KeyId: key.keyId, Policy: exact }));
    await expectKmsError(
      w.kms.send(new PutKeyPolicyCommand({ KeyId: key.keyId, Policy: pad(32_769) })),
      'LimitExceededException',
      'The key policy is 32769 bytes; a key policy document can be at most 32768 bytes.',
    );
    await expectKmsError(
      w.kms.send(new CreateKeyCommand({ Policy: pad(40_000) })),
      'LimitExceededException',
      /at most 32768 bytes/,
    );
  });

  it('kms: PutKeyPolicy over the model maximum (131072) → ValidationException from the model', async () => {
    await expectKmsError(
      w.kms.send(new PutKeyPolicyCommand({ KeyId: key.keyId, Policy: 'x'.repeat(131_073) })),
      'ValidationException',
      /Value '.*' at 'policy' failed to satisfy constraint: Member must have length less than or equal to 131072/,
    );
  });

  it('kms: policy names: ListKeyPolicies → ["default"]; another name → NotFoundException (Get) / UnsupportedOperationException (Put)', async () => {
    expect(await w.kms.send(new ListKeyPoliciesCommand({ KeyId: key.keyId }))).toMatchObject({
      PolicyNames: ['default'],
      Truncated: false,
    });
    // No second page is ever issued; a Marker is ignored (the model has no InvalidMarkerException here).
    const withMarker = await w.kms.send(
      new ListKeyPoliciesCommand({ KeyId: key.keyId, Limit: 1, Marker: 'anything' }),
    );
    expect(withMarker).toMatchObject({ PolicyNames: ['default'], Truncated: false });
    expect(withMarker.NextMarker).toBeUndefined();
    await expectKmsError(
      w.kms.send(new GetKeyPolicyCommand({ KeyId: key.keyId, PolicyName: 'other' })),
      'NotFoundException',
      `Key policy other does not exist for ${key.arn}; the only key policy name is default.`,
    );
    await expectKmsError(
      w.kms.send(
        new PutKeyPolicyCommand({ KeyId: key.keyId, PolicyName: 'other', Policy: policyFor('*') }),
      ),
      'UnsupportedOperationException',
      'A KMS key has one key policy, named default; other is not supported.',
    );
  });

  it('kms: key policies work in every key state: pending deletion, and Unavailable in a disconnected store', async () => {
    const hsmKey = await createHsmKey(w);
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    await disconnectStore(w);
    for (const id of [key.keyId, hsmKey.keyId]) {
      await w.kms.send(new PutKeyPolicyCommand({ KeyId: id, Policy: policyFor('*') }));
      expect((await w.kms.send(new GetKeyPolicyCommand({ KeyId: id }))).Policy).toBe(
        policyFor('*'),
      );
    }
  });

  it('kms: key policies: an alias is not a key id here → NotFoundException; an unknown key → NotFoundException', async () => {
    await expectKmsError(
      w.kms.send(new GetKeyPolicyCommand({ KeyId: 'alias/anything' })),
      'NotFoundException',
      "Invalid keyId 'alias/anything'",
    );
    const missing = '00000000-0000-4000-8000-000000000000';
    await expectKmsError(
      w.kms.send(new ListKeyPoliciesCommand({ KeyId: missing })),
      'NotFoundException',
      `Key 'arn:aws:kms:us-east-1:${ACCOUNT}:key/${missing}' does not exist`,
    );
  });
});
