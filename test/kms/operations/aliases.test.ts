/** CreateAlias, UpdateAlias, DeleteAlias, ListAliases through the real SDK (docs/behaviour.md §2.4, §5.4). */
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  EncryptCommand,
  ListAliasesCommand,
  UpdateAliasCommand,
  type AliasListEntry,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { expectKmsError, rawKms } from '../../support/kms-expect.js';
import {
  createAwsKmsKey,
  createHsmKey,
  QUOTA_SPACING_MS,
  type TestKey,
} from '../../support/kms-world.js';

const ALIAS_ARN = (name: string) => `arn:aws:kms:us-east-1:111122223333:${name}`;
const PREFIX_MESSAGE =
  'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html';

describe('kms: aliases', () => {
  let w: ConnectedWorld;
  let a: TestKey;
  let b: TestKey;
  beforeEach(async () => {
    w = await buildConnectedWorld();
    a = await createHsmKey(w, 'a');
    b = await createAwsKmsKey(w, 'b');
  });

  const list = async (keyId?: string): Promise<AliasListEntry[]> =>
    (await w.kms.send(new ListAliasesCommand({ KeyId: keyId }))).Aliases!;

  it('kms: CreateAlias: → ListAliases entry with AliasArn, TargetKeyId (the key id) and dates; raw body {}', async () => {
    const raw = await rawKms(w.sim, 'CreateAlias', { AliasName: 'alias/app', TargetKeyId: a.arn });
    expect(raw).toMatchObject({ status: 200, body: {} });
    const [entry, ...rest] = await list();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      AliasName: 'alias/app',
      AliasArn: ALIAS_ARN('alias/app'),
      TargetKeyId: a.keyId,
    });
    expect(entry!.CreationDate!.getTime()).toBe(Date.UTC(2026, 0, 1) + w.sim.nowMs);
    expect(entry!.LastUpdatedDate).toEqual(entry!.CreationDate);
  });

  it('kms: CreateAlias: the same name twice → AlreadyExistsException', async () => {
    await w.kms.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: a.keyId }));
    await expectKmsError(
      w.kms.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: b.keyId })),
      'AlreadyExistsException',
      `An alias with the name ${ALIAS_ARN('alias/app')} already exists`,
    );
  });

  it('kms: CreateAlias: name without the alias/ prefix → ValidationException (recorded message)', async () => {
    await expectKmsError(
      w.kms.send(new CreateAliasCommand({ AliasName: 'app', TargetKeyId: a.keyId })),
      'ValidationException',
      PREFIX_MESSAGE,
    );
  });

  it('kms: CreateAlias: reserved alias/aws/ prefix → InvalidAliasNameException', async () => {
    await expectKmsError(
      w.kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/s3', TargetKeyId: a.keyId })),
      'InvalidAliasNameException',
      'Alias names that begin with alias/aws/ are reserved for AWS managed keys: alias/aws/s3',
    );
  });

  it('kms: CreateAlias: a name with a space → ValidationException on the model pattern', async () => {
    await expectKmsError(
      w.kms.send(new CreateAliasCommand({ AliasName: 'alias/my app', TargetKeyId: a.keyId })),
      'ValidationException',
      "1 validation error detected: Value 'alias/my app' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
    );
  });

  it('kms: CreateAlias: TargetKeyId that is an alias → ValidationException', async () => {
    await w.kms.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: a.keyId }));
    await expectKmsError(
      w.kms.send(new CreateAliasCommand({ AliasName: 'alias/other', TargetKeyId: 'alias/app' })),
      'ValidationException',
      'Aliases must refer to keys. Not aliases',
    );
  });

  it('kms: CreateAlias: unknown TargetKeyId → NotFoundException', async () => {
    const missing = '3c3c3c3c-1234-4321-8888-abcdefabcdef';
    await expectKmsError(
      w.kms.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: missing })),
      'NotFoundException',
      `Key 'arn:aws:kms:us-east-1:111122223333:key/${missing}' does not exist`,
    );
  });

  it('kms: CreateAlias: the 51st alias of one key → LimitExceededException', async () => {
    for (let i = 0; i < 50; i++) {
      await w.kms.send(new CreateAliasCommand({ AliasName: `alias/n${i}`, TargetKeyId: a.keyId }));
      w.sim.advanceMs(QUOTA_SPACING_MS);
    }
    await expectKmsError(
      w.kms.send(new CreateAliasCommand({ AliasName: 'alias/n50', TargetKeyId: a.keyId })),
      'LimitExceededException',
      `Key ${a.arn} already has 50 aliases.`,
    );
  });

  it('kms: UpdateAlias: retargets; Encrypt through the alias then uses the new key; LastUpdatedDate moves', async () => {
    await w.kms.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: a.keyId }));
    const created = (await list())[0]!;
    w.sim.advanceMs(60_000);
    await w.kms.send(new UpdateAliasCommand({ AliasName: 'alias/app', TargetKeyId: b.arn }));
    const updated = (await list())[0]!;
    expect(updated.TargetKeyId).toBe(b.keyId);
    expect(updated.CreationDate).toEqual(created.CreationDate);
    expect(updated.LastUpdatedDate!.getTime() - created.LastUpdatedDate!.getTime()).toBe(60_000);
    expect(
      (await w.kms.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: Buffer.from('x') })))
        .KeyId,
    ).toBe(b.arn);
  });

  it('kms: UpdateAlias: unknown alias → NotFoundException', async () => {
    await expectKmsError(
      w.kms.send(new UpdateAliasCommand({ AliasName: 'alias/none', TargetKeyId: a.keyId })),
      'NotFoundException',
      `Alias ${ALIAS_ARN('alias/none')} is not found.`,
    );
  });

  it('kms: UpdateAlias: name without the alias/ prefix → ValidationException (recorded message)', async () => {
    await expectKmsError(
      w.kms.send(new UpdateAliasCommand({ AliasName: 'app', TargetKeyId: a.keyId })),
      'ValidationException',
      PREFIX_MESSAGE,
    );
  });

  it('kms: DeleteAlias: removes it; the alias then resolves to NotFoundException; raw body {}', async () => {
    await w.kms.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: a.keyId }));
    expect(await rawKms(w.sim, 'DeleteAlias', { AliasName: 'alias/app' })).toMatchObject({
      status: 200,
      body: {},
    });
    expect(await list()).toEqual([]);
    await expectKmsError(
      w.kms.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: Buffer.from('x') })),
      'NotFoundException',
      `Alias ${ALIAS_ARN('alias/app')} is not found.`,
    );
  });

  it('kms: DeleteAlias: an AWS managed alias name (alias/aws/...) → NotFoundException, not a simulator bug', async () => {
    await expectKmsError(
      w.kms.send(new DeleteAliasCommand({ AliasName: 'alias/aws/s3' })),
      'NotFoundException',
      `Alias ${ALIAS_ARN('alias/aws/s3')} is not found.`,
    );
    w.sim.assertNoBugs();
  });

  it('kms: UpdateAlias: an AWS managed alias name (alias/aws/...) → NotFoundException, not a simulator bug', async () => {
    await expectKmsError(
      w.kms.send(new UpdateAliasCommand({ AliasName: 'alias/aws/s3', TargetKeyId: a.keyId })),
      'NotFoundException',
      `Alias ${ALIAS_ARN('alias/aws/s3')} is not found.`,
    );
    w.sim.assertNoBugs();
  });

  it('kms: DeleteAlias: name without the alias/ prefix → ValidationException (recorded message)', async () => {
    await expectKmsError(
      w.kms.send(new DeleteAliasCommand({ AliasName: 'app' })),
      'ValidationException',
      PREFIX_MESSAGE,
    );
  });

  it('kms: DeleteAlias: unknown alias → NotFoundException', async () => {
    await expectKmsError(
      w.kms.send(new DeleteAliasCommand({ AliasName: 'alias/none' })),
      'NotFoundException',
      `Alias ${ALIAS_ARN('alias/none')} is not found.`,
    );
  });

  it("kms: ListAliases: with KeyId (id or ARN) → only that key's aliases", async () => {
    await w.kms.send(new CreateAliasCommand({ AliasName: 'alias/a1', TargetKeyId: a.keyId }));
    await w.kms.send(new CreateAliasCommand({ AliasName: 'alias/a2', TargetKeyId: a.keyId }));
    await w.kms.send(new CreateAliasCommand({ AliasName: 'alias/b1', TargetKeyId: b.keyId }));
    expect((await list(a.keyId)).map((entry) => entry.AliasName).sort()).toEqual([
      'alias/a1',
      'alias/a2',
    ]);
    expect((await list(b.arn)).map((entry) => entry.AliasName)).toEqual(['alias/b1']);
    expect((await list()).map((entry) => entry.AliasName).sort()).toEqual([
      'alias/a1',
      'alias/a2',
      'alias/b1',
    ]);
  });

  it('kms: ListAliases: KeyId of a key without aliases → empty list, not an error', async () => {
    expect(await list(a.keyId)).toEqual([]);
  });

  it('kms: ListAliases: Limit 2 pages through five aliases with Marker/Truncated', async () => {
    for (let i = 0; i < 5; i++)
      await w.kms.send(
        new CreateAliasCommand({
          AliasName: `alias/p${i}`,
          TargetKeyId: i % 2 ? a.keyId : b.keyId,
        }),
      );
    const names: string[] = [];
    const truncated: boolean[] = [];
    let marker: string | undefined;
    do {
      const page = await w.kms.send(new ListAliasesCommand({ Limit: 2, Marker: marker }));
      names.push(...page.Aliases!.map((entry) => entry.AliasName!));
      truncated.push(page.Truncated!);
      marker = page.NextMarker;
    } while (marker);
    expect(truncated).toEqual([true, true, false]);
    expect(names.sort()).toEqual(['alias/p0', 'alias/p1', 'alias/p2', 'alias/p3', 'alias/p4']);
  });

  it('kms: ListAliases: an alias deleted between two pages does not make the listing skip a live alias', async () => {
    for (let i = 0; i < 4; i++) {
      await w.kms.send(new CreateAliasCommand({ AliasName: `alias/q${i}`, TargetKeyId: a.keyId }));
      w.sim.advanceMs(QUOTA_SPACING_MS);
    }
    const first = await w.kms.send(new ListAliasesCommand({ Limit: 2 }));
    await w.kms.send(new DeleteAliasCommand({ AliasName: first.Aliases![0]!.AliasName! }));
    const second = await w.kms.send(new ListAliasesCommand({ Limit: 2, Marker: first.NextMarker }));
    expect(second.Truncated).toBe(false);
    expect([...first.Aliases!, ...second.Aliases!].map((entry) => entry.AliasName).sort()).toEqual([
      'alias/q0',
      'alias/q1',
      'alias/q2',
      'alias/q3',
    ]);
  });

  it("kms: ListAliases: Limit 2 with KeyId pages only that key's aliases", async () => {
    for (let i = 0; i < 3; i++)
      await w.kms.send(new CreateAliasCommand({ AliasName: `alias/k${i}`, TargetKeyId: a.keyId }));
    await w.kms.send(new CreateAliasCommand({ AliasName: 'alias/k-other', TargetKeyId: b.keyId }));
    const first = await w.kms.send(new ListAliasesCommand({ KeyId: a.keyId, Limit: 2 }));
    expect(first.Truncated).toBe(true);
    const second = await w.kms.send(
      new ListAliasesCommand({ KeyId: a.keyId, Limit: 2, Marker: first.NextMarker }),
    );
    expect(second.Truncated).toBe(false);
    expect([...first.Aliases!, ...second.Aliases!].map((entry) => entry.AliasName).sort()).toEqual([
      'alias/k0',
      'alias/k1',
      'alias/k2',
    ]);
  });

  it('kms: ListAliases: Limit 101 and 1000 → ValidationException in the standard range format (docs/behaviour.md §2.1: 1..100); Limit 100 is accepted', async () => {
    for (const limit of [101, 1000])
      await expectKmsError(
        w.kms.send(new ListAliasesCommand({ Limit: limit })),
        'ValidationException',
        `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100`,
      );
    await w.kms.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: a.keyId }));
    const page = await w.kms.send(new ListAliasesCommand({ Limit: 100 }));
    expect([page.Aliases!.map((entry) => entry.AliasName), page.Truncated]).toEqual([
      ['alias/app'],
      false,
    ]);
  });
});
