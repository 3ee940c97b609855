/**
 * Turning a workload's operation into an SDK command, and the fixtures some need (a ciphertext to
 * Decrypt or ReEncrypt, made before time 0 by the operator).
 */
import {
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  ReEncryptCommand,
  type KMSClient,
  type KMSClientConfig,
} from '@aws-sdk/client-kms';
import type { AppCallResult, ClientModule } from './client-modules.js';
import type { Operator } from './operator.js';
import type { RandomStream } from '../../sim/random.js';
import type { ScenarioNames } from './scenario-names.js';
import type { WorkloadSpec } from '../scenario.js';

export interface CallOutcome {
  /** Attempts the SDK made (its `$metadata.attempts`). */
  readonly attempts?: number;
  /** Ciphertext the call returned and the plaintext it stands for, for the nothing-lost check. */
  readonly sealed?: {
    ciphertext: Uint8Array;
    plaintext: Uint8Array | undefined;
    keyName: string | undefined;
  };
  /** A Decrypt that returned other bytes than were sealed: a simulator bug, reported as a failure. */
  readonly wrongPlaintext?: boolean;
}

export interface Fixture {
  readonly ciphertext: Uint8Array;
  readonly plaintext: Uint8Array;
}

export function fixtureKey(workload: WorkloadSpec): string {
  return `${workload.key}|${JSON.stringify(workload.encryptionContext ?? {})}`;
}

/** Workloads that need a ciphertext made before they start. */
export function needsFixture(workload: WorkloadSpec): boolean {
  return workload.operation === 'Decrypt' || workload.operation === 'ReEncrypt';
}

export async function makeFixture(
  operator: Operator,
  names: ScenarioNames,
  workload: WorkloadSpec,
  random: RandomStream,
): Promise<Fixture> {
  const plaintext = random.bytes(workload.plaintextBytes ?? 32);
  const ciphertext = await operator.encrypt(
    names.keyId(workload.key!),
    plaintext,
    workload.encryptionContext,
  );
  return { ciphertext, plaintext };
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && Buffer.from(a).equals(Buffer.from(b));
}

export async function callOnce(
  client: KMSClient,
  names: ScenarioNames,
  workload: WorkloadSpec,
  random: RandomStream,
  fixture: Fixture | undefined,
): Promise<CallOutcome> {
  return callOperation(client, names, workload, random, fixture);
}

async function callOperation(
  client: KMSClient,
  names: ScenarioNames,
  workload: WorkloadSpec,
  random: RandomStream,
  fixture: Fixture | undefined,
): Promise<CallOutcome> {
  const keyId = workload.key !== undefined ? names.keyId(workload.key) : undefined;
  const context = workload.encryptionContext;
  switch (workload.operation) {
    case 'Encrypt': {
      const plaintext = random.bytes(workload.plaintextBytes ?? 32);
      const out = await client.send(
        new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: context }),
      );
      return {
        attempts: out.$metadata.attempts,
        sealed: { ciphertext: out.CiphertextBlob!, plaintext, keyName: workload.key },
      };
    }
    case 'Decrypt': {
      const out = await client.send(
        new DecryptCommand({ CiphertextBlob: fixture!.ciphertext, EncryptionContext: context }),
      );
      return {
        attempts: out.$metadata.attempts,
        wrongPlaintext: !sameBytes(out.Plaintext, fixture!.plaintext),
      };
    }
    case 'GenerateDataKey': {
      const out = await client.send(
        new GenerateDataKeyCommand({
          KeyId: keyId,
          KeySpec: 'AES_256',
          EncryptionContext: context,
        }),
      );
      return {
        attempts: out.$metadata.attempts,
        sealed: {
          ciphertext: out.CiphertextBlob!,
          plaintext: out.Plaintext!,
          keyName: workload.key,
        },
      };
    }
    case 'GenerateDataKeyWithoutPlaintext': {
      const out = await client.send(
        new GenerateDataKeyWithoutPlaintextCommand({
          KeyId: keyId,
          KeySpec: 'AES_256',
          EncryptionContext: context,
        }),
      );
      return {
        attempts: out.$metadata.attempts,
        sealed: { ciphertext: out.CiphertextBlob!, plaintext: undefined, keyName: workload.key },
      };
    }
    case 'ReEncrypt': {
      const destination = names.keyId(workload.destinationKey!);
      const out = await client.send(
        new ReEncryptCommand({
          CiphertextBlob: fixture!.ciphertext,
          SourceEncryptionContext: context,
          DestinationKeyId: destination,
          DestinationEncryptionContext: context,
        }),
      );
      return {
        attempts: out.$metadata.attempts,
        sealed: {
          ciphertext: out.CiphertextBlob!,
          plaintext: fixture!.plaintext,
          keyName: workload.destinationKey,
        },
      };
    }
    case 'GenerateRandom': {
      const out = await client.send(
        new GenerateRandomCommand({
          NumberOfBytes: 32,
          CustomKeyStoreId:
            workload.keyStore !== undefined ? names.keyStoreId(workload.keyStore) : undefined,
        }),
      );
      return { attempts: out.$metadata.attempts };
    }
    case 'DescribeKey': {
      const out = await client.send(new DescribeKeyCommand({ KeyId: keyId }));
      return { attempts: out.$metadata.attempts };
    }
    case 'EnableKey': {
      const out = await client.send(new EnableKeyCommand({ KeyId: keyId }));
      return { attempts: out.$metadata.attempts };
    }
    case 'DisableKey': {
      const out = await client.send(new DisableKeyCommand({ KeyId: keyId }));
      return { attempts: out.$metadata.attempts };
    }
  }
}

/**
 * One workload call made by the user's app function (client-modules.ts): it gets the call's
 * resolved ids and a client config whose handler counts its attempts, and does its own calling.
 * A rejection carries the attempts it made, so the caller records them like an SDK error's.
 */
export async function callApp(
  app: {
    workload: NonNullable<ClientModule['workload']>;
    configFor: (onAttempt: () => void) => KMSClientConfig;
  },
  clientName: string,
  names: ScenarioNames,
  workload: WorkloadSpec,
  random: RandomStream,
  fixture: Fixture | undefined,
): Promise<CallOutcome> {
  let attempts = 0;
  const plaintext =
    workload.operation === 'Encrypt' ? random.bytes(workload.plaintextBytes ?? 32) : undefined;
  try {
    const out = await app.workload({
      client: clientName,
      operation: workload.operation,
      clientConfig: app.configFor(() => {
        attempts += 1;
      }),
      keyId: workload.key !== undefined ? names.keyId(workload.key) : undefined,
      destinationKeyId:
        workload.destinationKey !== undefined ? names.keyId(workload.destinationKey) : undefined,
      keyStoreId: workload.keyStore !== undefined ? names.keyStoreId(workload.keyStore) : undefined,
      plaintext,
      ciphertext: fixture?.ciphertext,
      encryptionContext: workload.encryptionContext,
    });
    const result = out as AppCallResult | undefined;
    const ciphertext = result?.CiphertextBlob;
    const sealedPlaintext =
      workload.operation === 'ReEncrypt' ? fixture?.plaintext : (plaintext ?? result?.Plaintext);
    return {
      attempts,
      ...(ciphertext
        ? {
            sealed: {
              ciphertext,
              plaintext: sealedPlaintext,
              keyName: workload.operation === 'ReEncrypt' ? workload.destinationKey : workload.key,
            },
          }
        : {}),
      ...(workload.operation === 'Decrypt' && result?.Plaintext
        ? { wrongPlaintext: !sameBytes(result.Plaintext, fixture!.plaintext) }
        : {}),
    };
  } catch (error) {
    if (error && typeof error === 'object')
      (error as { $metadata?: { attempts?: number } }).$metadata = {
        ...((error as { $metadata?: object }).$metadata ?? {}),
        attempts,
      };
    throw error;
  }
}
