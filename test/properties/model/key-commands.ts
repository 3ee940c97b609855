/**
 * Model commands for key management through the real KMS client: CreateKey (default store or the
 * CloudHSM store), EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion, DescribeKey.
 * Keys are picked by index into the model's keys (creation order, deleted keys included, so
 * NotFoundException paths are exercised too).
 */
import {
  CancelKeyDeletionCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  ScheduleKeyDeletionCommand,
  type KeyMetadata,
} from '@aws-sdk/client-kms';
import type { AsyncCommand } from 'fast-check';
import {
  addKey,
  cancelDeletion,
  cancelDeletionOutcome,
  createKeyInStoreOutcome,
  keyState,
  notFound,
  scheduleDeletion,
  scheduleDeletionOutcome,
  setEnabledOutcome,
} from './model-rules.js';
import { DAY_MS, type Model, type ModelKey } from './model-state.js';
import { compareFields, compareOutcome, observe } from './outcome.js';
import type { Real } from './run-setup.js';

export type ModelCommand = AsyncCommand<Model, Real>;

export function pickKey(model: Model, pick: number): ModelKey {
  return model.keys[pick % model.keys.length]!;
}

export function keyLabel(model: Model, key: ModelKey): string {
  return `k${model.keys.indexOf(key)} (${key.origin}, ${key.deleted ? 'deleted' : keyState(model, key)})`;
}

const dateAt = (model: Model, virtualMs: number): Date => new Date(model.epochMs + virtualMs);

/** KeyMetadata as docs/behaviour.md §2.2 and docs/fidelity.md fix it for the model's key. */
export function compareMetadata(
  label: string,
  model: Model,
  key: ModelKey,
  metadata: KeyMetadata | undefined,
): void {
  const state = keyState(model, key);
  const inStore = key.origin === 'AWS_CLOUDHSM';
  compareFields(
    label,
    {
      KeyId: key.keyId,
      Arn: key.arn,
      AWSAccountId: model.accountId,
      CreationDate: dateAt(model, key.createdAtMs),
      KeyState: state,
      Enabled: state === 'Enabled',
      DeletionDate: key.pendingDeletion
        ? dateAt(model, key.pendingDeletion.deletionAtMs)
        : undefined,
      Origin: key.origin,
      CustomKeyStoreId: inStore ? model.customKeyStoreId : undefined,
      CloudHsmClusterId: inStore ? model.clusterId : undefined,
      KeyManager: 'CUSTOMER',
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      Description: '',
      MultiRegion: false,
    },
    metadata,
  );
  // fidelity "CurrentKeyMaterialId": AWS_KMS keys only; docs/behaviour.md §2.1: exactly 64 lowercase hex characters.
  const materialId = metadata?.CurrentKeyMaterialId;
  const shape =
    materialId === undefined ? 'absent' : /^[0-9a-f]{64}$/.test(materialId) ? '64 hex' : materialId;
  compareFields(
    label,
    { CurrentKeyMaterialId: inStore ? 'absent' : '64 hex' },
    { CurrentKeyMaterialId: shape },
  );
}

export class CreateKeyCmd implements ModelCommand {
  constructor(readonly origin: 'AWS_KMS' | 'AWS_CLOUDHSM') {}
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    const label = `CreateKey(${this.origin})`;
    const expected = this.origin === 'AWS_KMS' ? undefined : createKeyInStoreOutcome(model);
    const input =
      this.origin === 'AWS_KMS'
        ? {}
        : { Origin: this.origin, CustomKeyStoreId: model.customKeyStoreId };
    const out = compareOutcome(
      label,
      expected,
      await observe(real.kms.send(new CreateKeyCommand(input))),
    );
    if (!out) return;
    const key = addKey(model, out.KeyMetadata!.KeyId!, this.origin);
    compareMetadata(label, model, key, out.KeyMetadata);
  }
  toString = (): string => `CreateKey(${this.origin})`;
}

export class SetEnabledCmd implements ModelCommand {
  constructor(
    readonly pick: number,
    readonly enabled: boolean,
  ) {}
  check = (model: Readonly<Model>): boolean => model.keys.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const key = pickKey(model, this.pick);
    const label = `${this.toString()} on ${keyLabel(model, key)}`;
    const call = this.enabled
      ? new EnableKeyCommand({ KeyId: key.keyId })
      : new DisableKeyCommand({ KeyId: key.keyId });
    const out = compareOutcome(
      label,
      setEnabledOutcome(model, key),
      await observe(real.kms.send(call as EnableKeyCommand)),
    );
    // docs/behaviour.md §3.3: on an Unavailable key only the intent changes; it applies at reconnect.
    if (out) key.enabledIntent = this.enabled;
  }
  toString = (): string => `${this.enabled ? 'EnableKey' : 'DisableKey'}(key[${this.pick}])`;
}

export class ScheduleDeletionCmd implements ModelCommand {
  constructor(
    readonly pick: number,
    readonly windowDays: number,
  ) {}
  check = (model: Readonly<Model>): boolean => model.keys.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const key = pickKey(model, this.pick);
    const label = `${this.toString()} on ${keyLabel(model, key)}`;
    const call = real.kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: this.windowDays }),
    );
    const out = compareOutcome(
      label,
      scheduleDeletionOutcome(model, key, this.windowDays),
      await observe(call),
    );
    if (!out) return;
    scheduleDeletion(model, key, this.windowDays);
    compareFields(
      label,
      {
        KeyId: key.arn,
        KeyState: 'PendingDeletion',
        PendingWindowInDays: this.windowDays,
        DeletionDate: dateAt(model, model.nowMs + this.windowDays * DAY_MS),
      },
      out,
    );
  }
  toString = (): string => `ScheduleKeyDeletion(key[${this.pick}], ${this.windowDays} days)`;
}

export class CancelDeletionCmd implements ModelCommand {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>): boolean => model.keys.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const key = pickKey(model, this.pick);
    const label = `${this.toString()} on ${keyLabel(model, key)}`;
    const out = compareOutcome(
      label,
      cancelDeletionOutcome(model, key),
      await observe(real.kms.send(new CancelKeyDeletionCommand({ KeyId: key.keyId }))),
    );
    if (!out) return;
    cancelDeletion(model, key);
    compareFields(label, { KeyId: key.arn }, out);
  }
  toString = (): string => `CancelKeyDeletion(key[${this.pick}])`;
}

export class DescribeKeyCmd implements ModelCommand {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>): boolean => model.keys.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const key = pickKey(model, this.pick);
    const label = `${this.toString()} on ${keyLabel(model, key)}`;
    const expected = key.deleted ? { anyOf: [notFound(model, key.keyId)] } : undefined;
    const out = compareOutcome(
      label,
      expected,
      await observe(real.kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))),
    );
    if (out) compareMetadata(label, model, key, out.KeyMetadata);
  }
  toString = (): string => `DescribeKey(key[${this.pick}])`;
}
