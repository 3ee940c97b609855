/**
 * Grants through the real SDK (issue #10): CreateGrant (constraints, names, idempotency, DryRun,
 * key states), ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant.
 */
import {
  CreateGrantCommand,
  type CreateGrantCommandInput,
  DisableKeyCommand,
  ListGrantsCommand,
  ListRetirableGrantsCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { DRY_RUN_MESSAGE, expectKmsError } from '../../support/kms-expect.js';
import {
  createAwsKmsKey,
  createHsmKey,
  DAY_MS,
  disconnectStore,
  type TestKey,
} from '../../support/kms-world.js';

const ACCOUNT = '111122223333';
const GRANTEE = `arn:aws:iam::${ACCOUNT}:role/app`;
const RETIREE = `arn:aws:iam::${ACCOUNT}:role/ops`;
const EPOCH_MS = Date.UTC(2026, 0, 1);

describe('kms: grants', () => {
  let w: ConnectedWorld;
  let key: TestKey;
  beforeEach(async () => {
    w = await buildConnectedWorld();
    key = await createAwsKmsKey(w);
  });

  const create = (input: Partial<CreateGrantCommandInput> = {}) =>
    w.kms.send(
      new CreateGrantCommand({
        KeyId: key.keyId,
        GranteePrincipal: GRANTEE,
        Operations: ['Encrypt', 'Decrypt'],
        ...input,
      }),
    );
  const list = (keyId = key.keyId) => w.kms.send(new ListGrantsCommand({ KeyId: keyId }));

  it('kms: CreateGrant → a 64-hex GrantId and a token; ListGrants shows the grant member for member', async () => {
    const createdAt = w.sim.nowMs;
    const out = await create({
      RetiringPrincipal: RETIREE,
      Name: 'app-grant',
      Constraints: { EncryptionContextSubset: { tenant: 'a' } },
    });
    expect(out.GrantId).toMatch(/^[0-9a-f]{64}$/);
    expect(out.GrantToken!.length).toBeGreaterThan(100);
    const listed = await list();
    expect(listed.Truncated).toBe(false);
    expect(listed.Grants).toEqual([
      {
        KeyId: key.arn,
        GrantId: out.GrantId,
        Name: 'app-grant',
        CreationDate: new Date(EPOCH_MS + createdAt),
        GranteePrincipal: GRANTEE,
        RetiringPrincipal: RETIREE,
        IssuingAccount: `arn:aws:iam::${ACCOUNT}:root`,
        Operations: ['Encrypt', 'Decrypt'],
        Constraints: { EncryptionContextSubset: { tenant: 'a' } },
      },
    ]);
  });

  it('kms: CreateGrant with the same Name and parameters is idempotent: same GrantId, a new token each time', async () => {
    const first = await create({ Name: 'retry-me' });
    const again = await create({ Name: 'retry-me', Operations: ['Decrypt', 'Encrypt'] });
    expect(again.GrantId).toBe(first.GrantId);
    expect(again.GrantToken).not.toBe(first.GrantToken);
    expect((await list()).Grants).toHaveLength(1);
    // Different parameters, or no Name, make new grants.
    const other = await create({ Name: 'retry-me', Operations: ['Encrypt'] });
    expect(other.GrantId).not.toBe(first.GrantId);
    const unnamedA = await create();
    const unnamedB = await create();
    expect(unnamedA.GrantId).not.toBe(unnamedB.GrantId);
    expect((await list()).Grants).toHaveLength(4);
    // Both tokens of the idempotent grant retire the same grant.
    await w.kms.send(new RetireGrantCommand({ GrantToken: again.GrantToken }));
    expect((await list()).Grants!.map((g) => g.GrantId)).not.toContain(first.GrantId);
  });

  it('kms: CreateGrant: request rules → ValidationException', async () => {
    const cases: Array<[Partial<CreateGrantCommandInput>, string]> = [
      [
        { GranteePrincipal: undefined },
        'Specify either GranteePrincipal or GranteeServicePrincipal, but not both.',
      ],
      [
        { GranteeServicePrincipal: 'logs.amazonaws.com' },
        'Specify either GranteePrincipal or GranteeServicePrincipal, but not both.',
      ],
      [
        {
          GranteePrincipal: undefined,
          GranteeServicePrincipal: 'logs.amazonaws.com',
          RetiringPrincipal: RETIREE,
        },
        'A grant for a GranteeServicePrincipal must have a SourceArn constraint.',
      ],
      [
        { RetiringPrincipal: RETIREE, RetiringServicePrincipal: 'logs.amazonaws.com' },
        'Specify either RetiringPrincipal or RetiringServicePrincipal, but not both.',
      ],
      [{ Operations: [] }, 'Operations must name at least one grant operation.'],
      [
        { Operations: ['Encrypt', 'Sign', 'GenerateMac'] },
        'Grant operations Sign, GenerateMac are not valid for a SYMMETRIC_DEFAULT ENCRYPT_DECRYPT KMS key.',
      ],
      [
        {
          Constraints: {
            EncryptionContextEquals: Object.fromEntries(
              Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v']),
            ),
          },
        },
        'Constraints.EncryptionContextEquals can hold at most 8 encryption context pairs.',
      ],
      [
        {
          Constraints: {
            EncryptionContextEquals: { a: '1' },
            EncryptionContextSubset: { a: '1' },
          },
        },
        'More than one constraint supplied',
      ],
      [
        { Constraints: { EncryptionContextSubset: { k: 'v'.repeat(385) } } },
        'Constraints.EncryptionContextSubset values can be at most 384 characters long.',
      ],
    ];
    for (const [input, message] of cases)
      await expectKmsError(create(input), 'ValidationException', message);
    expect((await list()).Grants).toEqual([]);
  });

  it('kms: CreateGrant for a service principal with SourceArn and a retiring principal works', async () => {
    const out = await create({
      GranteePrincipal: undefined,
      GranteeServicePrincipal: 'logs.amazonaws.com',
      RetiringServicePrincipal: 'logs.amazonaws.com',
      Constraints: { SourceArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:app` },
    });
    const [grant] = (await list()).Grants!;
    expect(grant).toMatchObject({
      GrantId: out.GrantId,
      GranteeServicePrincipal: 'logs.amazonaws.com',
      RetiringServicePrincipal: 'logs.amazonaws.com',
    });
    expect(grant!.GranteePrincipal).toBeUndefined();
  });

  it('kms: CreateGrant key states: Disabled → DisabledException, PendingDeletion → KMSInvalidStateException, Unavailable → allowed', async () => {
    const hsmKey = await createHsmKey(w);
    const other = await createAwsKmsKey(w);
    await w.kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    await expectKmsError(create(), 'DisabledException', `${key.arn} is disabled.`);
    await w.kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: other.keyId, PendingWindowInDays: 7 }),
    );
    await expectKmsError(
      create({ KeyId: other.keyId }),
      'KMSInvalidStateException',
      `${other.arn} is pending deletion.`,
    );
    await disconnectStore(w);
    const out = await create({ KeyId: hsmKey.arn });
    expect((await list(hsmKey.keyId)).Grants!.map((g) => g.GrantId)).toEqual([out.GrantId]);
  });

  it('kms: CreateGrant DryRun → DryRunOperationException and no grant', async () => {
    await expectKmsError(create({ DryRun: true }), 'DryRunOperationException', DRY_RUN_MESSAGE);
    expect((await list()).Grants).toEqual([]);
  });

  it('kms: RetireGrant by token or by key and grant id; RevokeGrant; unknown ids and foreign tokens are refused', async () => {
    const a = await create({ Name: 'a' });
    const b = await create({ Name: 'b' });
    const c = await create({ Name: 'c' });
    await w.kms.send(new RetireGrantCommand({ GrantToken: a.GrantToken }));
    await w.kms.send(new RetireGrantCommand({ KeyId: key.arn, GrantId: b.GrantId }));
    await expectKmsError(
      w.kms.send(new RevokeGrantCommand({ KeyId: key.keyId, GrantId: c.GrantId, DryRun: true })),
      'DryRunOperationException',
      DRY_RUN_MESSAGE,
    );
    await w.kms.send(new RevokeGrantCommand({ KeyId: key.keyId, GrantId: c.GrantId }));
    expect((await list()).Grants).toEqual([]);
    await expectKmsError(
      w.kms.send(new RevokeGrantCommand({ KeyId: key.keyId, GrantId: c.GrantId })),
      'InvalidGrantIdException',
      `Grant ID ${c.GrantId} is not valid for ${key.arn}.`,
    );
    await expectKmsError(
      w.kms.send(new RetireGrantCommand({ GrantToken: a.GrantToken })),
      'InvalidGrantIdException',
      'The grant this grant token identifies was retired or revoked.',
    );
    await expectKmsError(
      w.kms.send(new RetireGrantCommand({ GrantToken: 'not-a-token-kmsim-issued' })),
      'InvalidGrantTokenException',
      'Invalid grant token.',
    );
    await expectKmsError(
      w.kms.send(new RetireGrantCommand({ GrantId: a.GrantId })),
      'ValidationException',
      'Specify either GrantToken, or both KeyId and GrantId, to identify the grant to retire.',
    );
  });

  it('kms: a grant of one key cannot be revoked through another key', async () => {
    const other = await createAwsKmsKey(w);
    const grant = await create();
    await expectKmsError(
      w.kms.send(new RevokeGrantCommand({ KeyId: other.keyId, GrantId: grant.GrantId })),
      'InvalidGrantIdException',
      `Grant ID ${grant.GrantId} is not valid for ${other.arn}.`,
    );
  });

  it('kms: ListGrants filters by GrantId and GranteePrincipal, pages (Limit ≤ 100), and works on a key pending deletion', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++)
      ids.push(
        (await create({ GranteePrincipal: i % 2 ? GRANTEE : `arn:aws:iam::${ACCOUNT}:user/u${i}` }))
          .GrantId!,
      );
    const byId = await w.kms.send(new ListGrantsCommand({ KeyId: key.keyId, GrantId: ids[3] }));
    expect(byId.Grants!.map((g) => g.GrantId)).toEqual([ids[3]]);
    const byGrantee = await w.kms.send(
      new ListGrantsCommand({ KeyId: key.keyId, GranteePrincipal: GRANTEE }),
    );
    expect(byGrantee.Grants!.map((g) => g.GrantId)).toEqual([ids[1], ids[3], ids[5]]);
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await w.kms.send(
        new ListGrantsCommand({ KeyId: key.keyId, Limit: 3, Marker: marker }),
      );
      seen.push(...page.Grants!.map((g) => g.GrantId!));
      marker = page.NextMarker;
    } while (marker);
    expect(seen).toEqual(ids);
    await expectKmsError(
      w.kms.send(new ListGrantsCommand({ KeyId: key.keyId, GrantId: 'f'.repeat(64) })),
      'InvalidGrantIdException',
      `Grant ID ${'f'.repeat(64)} is not valid for ${key.arn}.`,
    );
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    expect((await list()).Grants).toHaveLength(7);
    // When the key is deleted, its grants go with it.
    w.sim.advanceMs(7 * DAY_MS);
    expect(w.sim.world.grants.size).toBe(0);
  });

  it('kms: ListRetirableGrants lists the account grants with that retiring principal, across keys', async () => {
    const other = await createAwsKmsKey(w);
    const mine = await create({ RetiringPrincipal: RETIREE });
    await create();
    const theirs = await create({ KeyId: other.keyId, RetiringPrincipal: RETIREE });
    const out = await w.kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: RETIREE }));
    expect(out.Grants!.map((g) => [g.KeyId, g.GrantId])).toEqual([
      [key.arn, mine.GrantId],
      [other.arn, theirs.GrantId],
    ]);
    await expectKmsError(
      w.kms.send(new ListRetirableGrantsCommand({})),
      'ValidationException',
      'Specify either RetiringPrincipal or RetiringServicePrincipal, but not both.',
    );
  });
});
