/**
 * The key-state × operation table of docs/behaviour.md §3.2 for a key in a CloudHSM key store, one named test
 * per cell, through the real SDK. States: Enabled, Disabled, PendingDeletion, and Unavailable (store
 * disconnected). The outage rules of docs/behaviour.md §3.3 follow the table.
 */
import {
  CancelKeyDeletionCommand,
  ConnectCustomKeyStoreCommand,
  CreateAliasCommand,
  CreateGrantCommand,
  DisableKeyRotationCommand,
  EnableKeyRotationCommand,
  GetKeyLastUsageCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListGrantsCommand,
  ListKeyPoliciesCommand,
  ListKeyRotationsCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  RotateKeyOnDemandCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateKeyDescriptionCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeCustomKeyStoresCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisconnectCustomKeyStoreCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  ListAliasesCommand,
  ReEncryptCommand,
  ScheduleKeyDeletionCommand,
  UpdateAliasCommand,
} from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../support/connected-store.js';
import { expectKmsError } from '../support/kms-expect.js';
import {
  createAwsKmsKey,
  createHsmKey,
  DAY_MS,
  disconnectStore,
  encryptUnder,
  keyStateOf,
  putInState,
  reconnectStore,
  type TableState,
  type TestKey,
} from '../support/kms-world.js';

interface Cell {
  readonly state: TableState;
  readonly w: ConnectedWorld;
  /** The key under test (CloudHSM store), aliased as alias/subject, with `blob` sealed under it. */
  readonly key: TestKey;
  /** An Enabled AWS_KMS key, unaffected by the store, aliased as alias/other, with `otherBlob`. */
  readonly other: TestKey;
  readonly blob: Uint8Array;
  readonly otherBlob: Uint8Array;
}

async function cellIn(state: TableState): Promise<Cell> {
  const w = await buildConnectedWorld();
  const key = await createHsmKey(w, 'subject');
  const other = await createAwsKmsKey(w, 'other');
  await w.kms.send(new CreateAliasCommand({ AliasName: 'alias/subject', TargetKeyId: key.keyId }));
  await w.kms.send(new CreateAliasCommand({ AliasName: 'alias/other', TargetKeyId: other.keyId }));
  const blob = await encryptUnder(w, key.keyId, 'table');
  const otherBlob = await encryptUnder(w, other.keyId, 'table');
  await putInState(w, key, state);
  return { state, w, key, other, blob, otherBlob };
}

type Operation = (cell: Cell) => Promise<unknown>;

const OPERATIONS: Record<string, Operation> = {
  Encrypt: ({ w, key }) =>
    w.kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x') })),
  Decrypt: ({ w, blob }) => w.kms.send(new DecryptCommand({ CiphertextBlob: blob })),
  'ReEncrypt (key as source)': ({ w, blob, other }) =>
    w.kms.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: other.keyId })),
  'ReEncrypt (key as destination)': ({ w, otherBlob, key }) =>
    w.kms.send(new ReEncryptCommand({ CiphertextBlob: otherBlob, DestinationKeyId: key.keyId })),
  GenerateDataKey: ({ w, key }) =>
    w.kms.send(new GenerateDataKeyCommand({ KeyId: key.keyId, KeySpec: 'AES_256' })),
  GenerateDataKeyWithoutPlaintext: ({ w, key }) =>
    w.kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.keyId, NumberOfBytes: 16 })),
  GenerateDataKeyPair: ({ w, key }) =>
    w.kms.send(new GenerateDataKeyPairCommand({ KeyId: key.keyId, KeyPairSpec: 'RSA_2048' })),
  GenerateDataKeyPairWithoutPlaintext: ({ w, key }) =>
    w.kms.send(
      new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: key.keyId, KeyPairSpec: 'RSA_2048' }),
    ),
  DescribeKey: async ({ w, key, state }) => {
    const out = await w.kms.send(new DescribeKeyCommand({ KeyId: key.keyId }));
    expect(out.KeyMetadata).toMatchObject({ KeyState: state, Enabled: state === 'Enabled' });
  },
  ListAliases: async ({ w, key }) => {
    const out = await w.kms.send(new ListAliasesCommand({ KeyId: key.keyId }));
    expect(out.Aliases!.map((alias) => alias.AliasName)).toEqual(['alias/subject']);
  },
  DeleteAlias: ({ w }) => w.kms.send(new DeleteAliasCommand({ AliasName: 'alias/subject' })),
  EnableKey: ({ w, key }) => w.kms.send(new EnableKeyCommand({ KeyId: key.keyId })),
  DisableKey: ({ w, key }) => w.kms.send(new DisableKeyCommand({ KeyId: key.keyId })),
  ScheduleKeyDeletion: ({ w, key }) =>
    w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId })),
  CancelKeyDeletion: ({ w, key }) => w.kms.send(new CancelKeyDeletionCommand({ KeyId: key.keyId })),
  CreateAlias: ({ w, key }) =>
    w.kms.send(new CreateAliasCommand({ AliasName: 'alias/new', TargetKeyId: key.keyId })),
  'UpdateAlias (key as new target)': ({ w, key }) =>
    w.kms.send(new UpdateAliasCommand({ AliasName: 'alias/other', TargetKeyId: key.keyId })),
  'UpdateAlias (key as old target)': ({ w, other }) =>
    w.kms.send(new UpdateAliasCommand({ AliasName: 'alias/subject', TargetKeyId: other.keyId })),
  // issue #10: policies, tags, description, grants, rotation, last usage.
  GetKeyPolicy: ({ w, key }) => w.kms.send(new GetKeyPolicyCommand({ KeyId: key.keyId })),
  PutKeyPolicy: ({ w, key }) =>
    w.kms.send(
      new PutKeyPolicyCommand({
        KeyId: key.keyId,
        Policy: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*"}]}',
      }),
    ),
  ListKeyPolicies: ({ w, key }) => w.kms.send(new ListKeyPoliciesCommand({ KeyId: key.keyId })),
  TagResource: ({ w, key }) =>
    w.kms.send(
      new TagResourceCommand({ KeyId: key.keyId, Tags: [{ TagKey: 'k', TagValue: 'v' }] }),
    ),
  UntagResource: ({ w, key }) =>
    w.kms.send(new UntagResourceCommand({ KeyId: key.keyId, TagKeys: ['k'] })),
  ListResourceTags: ({ w, key }) => w.kms.send(new ListResourceTagsCommand({ KeyId: key.keyId })),
  UpdateKeyDescription: ({ w, key }) =>
    w.kms.send(new UpdateKeyDescriptionCommand({ KeyId: key.keyId, Description: 'new' })),
  CreateGrant: ({ w, key }) =>
    w.kms.send(
      new CreateGrantCommand({
        KeyId: key.keyId,
        GranteePrincipal: 'arn:aws:iam::111122223333:role/app',
        Operations: ['Decrypt'],
      }),
    ),
  ListGrants: ({ w, key }) => w.kms.send(new ListGrantsCommand({ KeyId: key.keyId })),
  EnableKeyRotation: ({ w, key }) => w.kms.send(new EnableKeyRotationCommand({ KeyId: key.keyId })),
  DisableKeyRotation: ({ w, key }) =>
    w.kms.send(new DisableKeyRotationCommand({ KeyId: key.keyId })),
  GetKeyRotationStatus: ({ w, key }) =>
    w.kms.send(new GetKeyRotationStatusCommand({ KeyId: key.keyId })),
  RotateKeyOnDemand: ({ w, key }) => w.kms.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId })),
  ListKeyRotations: ({ w, key }) => w.kms.send(new ListKeyRotationsCommand({ KeyId: key.keyId })),
  GetKeyLastUsage: ({ w, key }) => w.kms.send(new GetKeyLastUsageCommand({ KeyId: key.keyId })),
};

type Outcome = 'ok' | readonly [name: string, message: (arn: string) => string];

const DISABLED: Outcome = ['DisabledException', (arn) => `${arn} is disabled.`];
const PENDING: Outcome = ['KMSInvalidStateException', (arn) => `${arn} is pending deletion.`];
const UNAVAILABLE: Outcome = ['KMSInvalidStateException', (arn) => `${arn} is unavailable.`];
const NOT_PENDING: Outcome = [
  'KMSInvalidStateException',
  (arn) => `${arn} is not pending deletion (or pending replica deletion).`,
];
const UNSUPPORTED: Outcome = [
  'UnsupportedOperationException',
  (arn) => `${arn} origin is AWS_CLOUDHSM which is not valid for this operation.`,
];

const STATES: readonly TableState[] = ['Enabled', 'Disabled', 'PendingDeletion', 'Unavailable'];
const CRYPTO: readonly Outcome[] = ['ok', DISABLED, PENDING, UNAVAILABLE];
const ALWAYS: readonly Outcome[] = ['ok', 'ok', 'ok', 'ok'];

/** docs/behaviour.md §3.2, columns in the order of STATES. */
const TABLE: Record<keyof typeof OPERATIONS, readonly Outcome[]> = {
  Encrypt: CRYPTO,
  Decrypt: CRYPTO,
  'ReEncrypt (key as source)': CRYPTO,
  'ReEncrypt (key as destination)': CRYPTO,
  GenerateDataKey: CRYPTO,
  GenerateDataKeyWithoutPlaintext: CRYPTO,
  GenerateDataKeyPair: [UNSUPPORTED, UNSUPPORTED, UNSUPPORTED, UNSUPPORTED],
  GenerateDataKeyPairWithoutPlaintext: [UNSUPPORTED, UNSUPPORTED, UNSUPPORTED, UNSUPPORTED],
  DescribeKey: ALWAYS,
  ListAliases: ALWAYS,
  DeleteAlias: ALWAYS,
  EnableKey: ['ok', 'ok', PENDING, 'ok'],
  DisableKey: ['ok', 'ok', PENDING, 'ok'],
  ScheduleKeyDeletion: ['ok', 'ok', PENDING, 'ok'],
  CancelKeyDeletion: [NOT_PENDING, NOT_PENDING, 'ok', NOT_PENDING],
  CreateAlias: ['ok', 'ok', PENDING, 'ok'],
  'UpdateAlias (key as new target)': ['ok', 'ok', PENDING, 'ok'],
  'UpdateAlias (key as old target)': ALWAYS,
  // Developer Guide key-state table (2023); rotation note 7: keys in a custom key store.
  GetKeyPolicy: ALWAYS,
  PutKeyPolicy: ALWAYS,
  ListKeyPolicies: ALWAYS,
  TagResource: ['ok', 'ok', PENDING, 'ok'],
  UntagResource: ['ok', 'ok', PENDING, 'ok'],
  ListResourceTags: ALWAYS,
  UpdateKeyDescription: ['ok', 'ok', PENDING, 'ok'],
  CreateGrant: ['ok', DISABLED, PENDING, 'ok'],
  ListGrants: ALWAYS,
  EnableKeyRotation: [UNSUPPORTED, UNSUPPORTED, UNSUPPORTED, UNSUPPORTED],
  DisableKeyRotation: [UNSUPPORTED, UNSUPPORTED, UNSUPPORTED, UNSUPPORTED],
  GetKeyRotationStatus: [UNSUPPORTED, UNSUPPORTED, UNSUPPORTED, UNSUPPORTED],
  RotateKeyOnDemand: [UNSUPPORTED, UNSUPPORTED, UNSUPPORTED, UNSUPPORTED],
  ListKeyRotations: [UNSUPPORTED, UNSUPPORTED, UNSUPPORTED, UNSUPPORTED],
  GetKeyLastUsage: ALWAYS,
};

const CELLS = Object.entries(TABLE).flatMap(([operation, outcomes]) =>
  STATES.map((state, column) => {
    const outcome = outcomes[column]!;
    return { operation, state, outcome, label: outcome === 'ok' ? 'succeeds' : outcome[0] };
  }),
);

describe('kms: key state × operation (docs/behaviour.md §3.2), CloudHSM key', () => {
  it.each(CELLS)(
    'kms: key state: $operation on a $state key → $label',
    async ({ operation, state, outcome }) => {
      const cell = await cellIn(state);
      const call = OPERATIONS[operation]!(cell);
      if (outcome === 'ok') await call;
      else await expectKmsError(call, outcome[0], outcome[1](cell.key.arn));
      cell.w.sim.assertNoBugs();
    },
  );
});

describe('kms: key state while the CloudHSM key store is disconnected (docs/behaviour.md §3.3)', () => {
  async function threeKeys(
    w: ConnectedWorld,
  ): Promise<{ enabled: TestKey; disabled: TestKey; pending: TestKey }> {
    const enabled = await createHsmKey(w, 'enabled');
    const disabled = await createHsmKey(w, 'disabled');
    const pending = await createHsmKey(w, 'pending');
    await w.kms.send(new DisableKeyCommand({ KeyId: disabled.keyId }));
    await w.kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: pending.keyId, PendingWindowInDays: 30 }),
    );
    return { enabled, disabled, pending };
  }

  it('kms: outage: disconnect → Enabled and Disabled keys Unavailable, PendingDeletion stays; reconnect restores each', async () => {
    const w = await buildConnectedWorld();
    const { enabled, disabled, pending } = await threeKeys(w);
    await disconnectStore(w);
    expect([
      await keyStateOf(w, enabled.keyId),
      await keyStateOf(w, disabled.keyId),
      await keyStateOf(w, pending.keyId),
    ]).toEqual(['Unavailable', 'Unavailable', 'PendingDeletion']);
    await reconnectStore(w);
    expect([
      await keyStateOf(w, enabled.keyId),
      await keyStateOf(w, disabled.keyId),
      await keyStateOf(w, pending.keyId),
    ]).toEqual(['Enabled', 'Disabled', 'PendingDeletion']);
  });

  it('kms: outage: DisableKey / EnableKey during the outage keep the key Unavailable, then apply at reconnect', async () => {
    const w = await buildConnectedWorld();
    const { enabled, disabled } = await threeKeys(w);
    await disconnectStore(w);
    await w.kms.send(new DisableKeyCommand({ KeyId: enabled.keyId }));
    await w.kms.send(new EnableKeyCommand({ KeyId: disabled.keyId }));
    expect([await keyStateOf(w, enabled.keyId), await keyStateOf(w, disabled.keyId)]).toEqual([
      'Unavailable',
      'Unavailable',
    ]);
    await reconnectStore(w);
    expect([await keyStateOf(w, enabled.keyId), await keyStateOf(w, disabled.keyId)]).toEqual([
      'Disabled',
      'Enabled',
    ]);
  });

  it('kms: outage: ScheduleKeyDeletion on an Unavailable key → PendingDeletion at once, and after reconnect', async () => {
    const w = await buildConnectedWorld();
    const key = await createHsmKey(w);
    await disconnectStore(w);
    const out = await w.kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }),
    );
    expect(out.KeyState).toBe('PendingDeletion');
    expect(await keyStateOf(w, key.keyId)).toBe('PendingDeletion');
    await reconnectStore(w);
    expect(await keyStateOf(w, key.keyId)).toBe('PendingDeletion');
  });

  it('kms: outage: CancelKeyDeletion while disconnected → Unavailable, then Disabled on reconnect', async () => {
    const w = await buildConnectedWorld();
    const key = await createHsmKey(w);
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    await disconnectStore(w);
    await w.kms.send(new CancelKeyDeletionCommand({ KeyId: key.keyId }));
    expect(await keyStateOf(w, key.keyId)).toBe('Unavailable');
    await reconnectStore(w);
    expect(await keyStateOf(w, key.keyId)).toBe('Disabled');
  });

  it('kms: outage: a key shows Unavailable while the store is DISCONNECTING and while CONNECTING', async () => {
    const w = await buildConnectedWorld();
    const key = await createHsmKey(w);
    await w.kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
    expect(await storeState(w)).toBe('DISCONNECTING');
    expect(await keyStateOf(w, key.keyId)).toBe('Unavailable');
    await expectKmsError(
      w.kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x') })),
      'KMSInvalidStateException',
      `${key.arn} is unavailable.`,
    );
    w.sim.advanceMs(w.sim.world.timings.disconnectMs);
    await w.kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
    expect(await storeState(w)).toBe('CONNECTING');
    expect(await keyStateOf(w, key.keyId)).toBe('Unavailable');
    await expectKmsError(
      w.kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x') })),
      'KMSInvalidStateException',
      `${key.arn} is unavailable.`,
    );
    w.sim.advanceMs(w.sim.world.timings.connectMs);
    expect(await keyStateOf(w, key.keyId)).toBe('Enabled');
  });

  it('kms: outage: a key shows Unavailable while the store is FAILED', async () => {
    const w = await buildConnectedWorld();
    const key = await createHsmKey(w);
    await disconnectStore(w);
    w.sim.world.network.partitionedClusters.add(w.clusterId);
    await reconnectStore(w);
    expect(await storeState(w)).toBe('FAILED');
    expect(await keyStateOf(w, key.keyId)).toBe('Unavailable');
  });

  it('kms: outage: ciphertext made before the outage decrypts again after reconnect', async () => {
    const w = await buildConnectedWorld();
    const key = await createHsmKey(w);
    const blob = await encryptUnder(w, key.keyId, 'survives');
    await disconnectStore(w);
    await expectKmsError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: blob })),
      'KMSInvalidStateException',
      `${key.arn} is unavailable.`,
    );
    await reconnectStore(w);
    const out = await w.kms.send(new DecryptCommand({ CiphertextBlob: blob }));
    expect(Buffer.from(out.Plaintext!).toString()).toBe('survives');
  });

  it('kms: outage: a waiting period that ends while disconnected deletes the key but leaves its backing key in the cluster', async () => {
    const w = await buildConnectedWorld();
    const key = await createHsmKey(w);
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    await disconnectStore(w);
    w.sim.advanceMs(7 * DAY_MS);
    await expectKmsError(
      w.kms.send(new DescribeKeyCommand({ KeyId: key.keyId })),
      'NotFoundException',
      `Key '${key.arn}' does not exist`,
    );
    expect(w.sim.world.clusters.get(w.clusterId)!.contents!.keys.size).toBe(1);
  });
});

async function storeState(w: ConnectedWorld): Promise<string | undefined> {
  const out = await w.kms.send(
    new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: w.customKeyStoreId }),
  );
  return out.CustomKeyStores![0]!.ConnectionState;
}
