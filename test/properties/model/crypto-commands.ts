/**
 * Model commands for the data plane through the real KMS client: Encrypt, GenerateDataKey, and
 * Decrypt and ReEncrypt of a ciphertext the simulator returned earlier in the run (blob only, with
 * its own key id, with another key's id, or with a wrong encryption context).
 */
import {
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  ReEncryptCommand,
} from '@aws-sdk/client-kms';
import { decryptOutcome, reEncryptOutcome, useKey, type DecryptMode } from './model-rules.js';
import type { Model, ModelKey } from './model-state.js';
import { keyLabel, pickKey, type ModelCommand } from './key-commands.js';
import { compareFields, compareOutcome, Divergence, observe, sameBytes } from './outcome.js';
import type { Real } from './run-setup.js';

export type Context = Record<string, string> | undefined;

function showContext(context: Context): string {
  return context === undefined ? 'no context' : `context ${JSON.stringify(context)}`;
}

function record(
  model: Model,
  key: ModelKey,
  blob: Uint8Array | undefined,
  plaintext: Uint8Array,
  context: Context,
  label: string,
): void {
  if (!blob || blob.length === 0)
    throw new Divergence(`${label}: no CiphertextBlob in a successful response`);
  model.ciphertexts.push({ blob, keyId: key.keyId, plaintext, context });
}

export class EncryptCmd implements ModelCommand {
  constructor(
    readonly pick: number,
    readonly plaintext: Uint8Array,
    readonly context: Context,
  ) {}
  check = (model: Readonly<Model>): boolean => model.keys.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const key = pickKey(model, this.pick);
    const label = `${this.toString()} on ${keyLabel(model, key)}`;
    const call = real.kms.send(
      new EncryptCommand({
        KeyId: key.keyId,
        Plaintext: this.plaintext,
        EncryptionContext: this.context,
      }),
    );
    const out = compareOutcome(label, useKey(model, key), await observe(call));
    if (!out) return;
    compareFields(label, { KeyId: key.arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }, out);
    record(model, key, out.CiphertextBlob, this.plaintext, this.context, label);
  }
  toString = (): string =>
    `Encrypt(key[${this.pick}], ${this.plaintext.length} bytes, ${showContext(this.context)})`;
}

export type DataKeySize =
  | { readonly KeySpec: 'AES_128' | 'AES_256' }
  | { readonly NumberOfBytes: number };

export class GenerateDataKeyCmd implements ModelCommand {
  constructor(
    readonly pick: number,
    readonly size: DataKeySize,
    readonly context: Context,
  ) {}
  check = (model: Readonly<Model>): boolean => model.keys.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const key = pickKey(model, this.pick);
    const label = `${this.toString()} on ${keyLabel(model, key)}`;
    const call = real.kms.send(
      new GenerateDataKeyCommand({
        KeyId: key.keyId,
        ...this.size,
        EncryptionContext: this.context,
      }),
    );
    const out = compareOutcome(label, useKey(model, key), await observe(call));
    if (!out) return;
    // docs/behaviour.md §2.4: AES_128 → 16 bytes, AES_256 → 32 bytes, or NumberOfBytes.
    const bytes =
      'KeySpec' in this.size
        ? this.size.KeySpec === 'AES_128'
          ? 16
          : 32
        : this.size.NumberOfBytes;
    compareFields(
      label,
      { KeyId: key.arn, PlaintextLength: bytes },
      { KeyId: out.KeyId, PlaintextLength: out.Plaintext?.length },
    );
    record(model, key, out.CiphertextBlob, out.Plaintext!, this.context, label);
  }
  toString = (): string =>
    `GenerateDataKey(key[${this.pick}], ${JSON.stringify(this.size)}, ${showContext(this.context)})`;
}

/** Any change of the pairs must fail authentication (docs/behaviour.md §8.2): here, one value changed or a pair added. */
export function wrongContext(context: Context): Record<string, string> {
  const entries = Object.entries(context ?? {});
  if (entries.length === 0) return { purpose: 'not-the-one-used' };
  const [firstKey, firstValue] = entries[0]!;
  return { ...context, [firstKey]: `${firstValue}!` };
}

export class DecryptCmd implements ModelCommand {
  constructor(
    readonly ciphertextPick: number,
    readonly mode: DecryptMode,
    readonly otherPick: number,
  ) {}
  check = (model: Readonly<Model>): boolean =>
    model.ciphertexts.length > 0 && (this.mode !== 'other-key-id' || model.keys.length > 1);
  async run(model: Model, real: Real): Promise<void> {
    const ciphertext = model.ciphertexts[this.ciphertextPick % model.ciphertexts.length]!;
    const blobKey = model.keys.find((key) => key.keyId === ciphertext.keyId)!;
    const others = model.keys.filter((key) => key !== blobKey);
    const named =
      this.mode === 'same-key-id'
        ? blobKey
        : this.mode === 'other-key-id'
          ? others[this.otherPick % others.length]
          : undefined;
    const label = `${this.toString()} of a ciphertext under ${keyLabel(model, blobKey)}${named && named !== blobKey ? ` naming ${keyLabel(model, named)}` : ''}`;
    const call = real.kms.send(
      new DecryptCommand({
        CiphertextBlob: ciphertext.blob,
        KeyId: named?.keyId,
        EncryptionContext:
          this.mode === 'wrong-context' ? wrongContext(ciphertext.context) : ciphertext.context,
      }),
    );
    const out = compareOutcome(
      label,
      decryptOutcome(model, ciphertext, this.mode, named),
      await observe(call),
    );
    if (!out) return;
    compareFields(label, { KeyId: blobKey.arn }, { KeyId: out.KeyId });
    if (!sameBytes(out.Plaintext, ciphertext.plaintext))
      throw new Divergence(`${label}: the plaintext differs from the one encrypted`);
  }
  toString = (): string =>
    `Decrypt(ciphertext[${this.ciphertextPick}], ${this.mode}${this.mode === 'other-key-id' ? ` key[${this.otherPick}]` : ''})`;
}

export class ReEncryptCmd implements ModelCommand {
  constructor(
    readonly ciphertextPick: number,
    readonly mode: DecryptMode,
    readonly otherPick: number,
    readonly destinationPick: number,
    readonly context: Context,
  ) {}
  check = (model: Readonly<Model>): boolean =>
    model.ciphertexts.length > 0 && (this.mode !== 'other-key-id' || model.keys.length > 1);
  async run(model: Model, real: Real): Promise<void> {
    const ciphertext = model.ciphertexts[this.ciphertextPick % model.ciphertexts.length]!;
    const blobKey = model.keys.find((key) => key.keyId === ciphertext.keyId)!;
    const others = model.keys.filter((key) => key !== blobKey);
    const named =
      this.mode === 'same-key-id'
        ? blobKey
        : this.mode === 'other-key-id'
          ? others[this.otherPick % others.length]
          : undefined;
    const destination = pickKey(model, this.destinationPick);
    const label = `${this.toString()} of a ciphertext under ${keyLabel(model, blobKey)} to ${keyLabel(model, destination)}${named && named !== blobKey ? ` naming ${keyLabel(model, named)}` : ''}`;
    const call = real.kms.send(
      new ReEncryptCommand({
        CiphertextBlob: ciphertext.blob,
        SourceKeyId: named?.keyId,
        SourceEncryptionContext:
          this.mode === 'wrong-context' ? wrongContext(ciphertext.context) : ciphertext.context,
        DestinationKeyId: destination.keyId,
        DestinationEncryptionContext: this.context,
      }),
    );
    const out = compareOutcome(
      label,
      reEncryptOutcome(model, ciphertext, this.mode, named, destination),
      await observe(call),
    );
    if (!out) return;
    compareFields(label, { SourceKeyId: blobKey.arn, KeyId: destination.arn }, out);
    // The plaintext moves under the destination key and context (docs/behaviour.md §2.4); later Decrypts check it.
    record(model, destination, out.CiphertextBlob, ciphertext.plaintext, this.context, label);
  }
  toString = (): string =>
    `ReEncrypt(ciphertext[${this.ciphertextPick}], ${this.mode}${this.mode === 'other-key-id' ? ` key[${this.otherPick}]` : ''} → key[${this.destinationPick}], ${showContext(this.context)})`;
}
