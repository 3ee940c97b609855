/**
 * CreateKey (docs/behaviour.md §2.4, §4.5). kmsim models symmetric ENCRYPT_DECRYPT keys with origin AWS_KMS (the
 * default key store) or AWS_CLOUDHSM (a CloudHSM key store). Other specs and origins are refused
 * with a message that says kmsim does not emulate them, never silently accepted.
 */
import { createKey as createWorldKey } from '../../world/kms-key-lifecycle.js';
import { KmsError } from '../errors.js';
import type { KmsInput } from '../input-shapes.js';
import { keyMetadata } from '../key-metadata.js';
import { defineOperation } from '../operation.js';
import { unwrap } from '../problem-errors.js';

type CreateKeyInput = KmsInput<'CreateKey'>;

/** Combinations real KMS rejects for a CloudHSM key store (docs/behaviour.md §2.4, §4.5; exact type unverified). */
function checkCloudHsmKeyOptions(input: CreateKeyInput, keySpec: string): void {
  if (input.CustomKeyStoreId === undefined) {
    throw new KmsError(
      'ValidationException',
      'You must specify a CustomKeyStoreId when the Origin is AWS_CLOUDHSM.',
    );
  }
  if (
    keySpec !== 'SYMMETRIC_DEFAULT' ||
    (input.KeyUsage ?? 'ENCRYPT_DECRYPT') !== 'ENCRYPT_DECRYPT'
  ) {
    throw new KmsError(
      'UnsupportedOperationException',
      `KMS keys in a CloudHSM key store must be SYMMETRIC_DEFAULT ENCRYPT_DECRYPT keys; ${keySpec} ${input.KeyUsage ?? 'ENCRYPT_DECRYPT'} is not supported.`,
    );
  }
  if (input.MultiRegion)
    throw new KmsError(
      'UnsupportedOperationException',
      'Multi-Region keys cannot be created in a custom key store.',
    );
}

export const createKey = defineOperation({
  name: 'CreateKey',
  errors: [
    'MalformedPolicyDocumentException',
    'DependencyTimeoutException',
    'InvalidArnException',
    'UnsupportedOperationException',
    'KMSInternalException',
    'LimitExceededException',
    'TagException',
    'CustomKeyStoreNotFoundException',
    'CustomKeyStoreInvalidStateException',
    'CloudHsmClusterInvalidConfigurationException',
  ],
  run(world, input, latency) {
    const origin = input.Origin ?? 'AWS_KMS';
    const keySpec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
    if (input.KeySpec !== undefined && input.CustomerMasterKeySpec !== undefined) {
      throw new KmsError(
        'ValidationException',
        'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec parameter is deprecated. Use KeySpec instead.',
      );
    }
    if (origin === 'AWS_CLOUDHSM') checkCloudHsmKeyOptions(input, keySpec);
    else if (input.CustomKeyStoreId !== undefined && origin !== 'EXTERNAL_KEY_STORE') {
      throw new KmsError(
        'UnsupportedOperationException',
        `Origin ${origin} is not valid with a CustomKeyStoreId; use AWS_CLOUDHSM for a CloudHSM key store.`,
      );
    }
    if (origin === 'EXTERNAL' || origin === 'EXTERNAL_KEY_STORE') {
      throw new KmsError(
        'UnsupportedOperationException',
        `kmsim does not emulate keys with origin ${origin}.`,
      );
    }
    if (
      keySpec !== 'SYMMETRIC_DEFAULT' ||
      (input.KeyUsage ?? 'ENCRYPT_DECRYPT') !== 'ENCRYPT_DECRYPT'
    ) {
      throw new KmsError(
        'UnsupportedOperationException',
        `kmsim emulates SYMMETRIC_DEFAULT ENCRYPT_DECRYPT keys only, not ${keySpec} ${input.KeyUsage ?? ''}`.trim() +
          '.',
      );
    }
    if (input.MultiRegion)
      throw new KmsError(
        'UnsupportedOperationException',
        'kmsim does not emulate multi-Region keys.',
      );
    // Tags and Policy are checked by the world (key-tags.ts, key-policy.ts); no Policy means the
    // default key policy. BypassPolicyLockoutSafetyCheck is accepted: kmsim evaluates no policy.
    const key = unwrap(
      createWorldKey(
        world,
        {
          description: input.Description ?? '',
          origin,
          customKeyStoreId: input.CustomKeyStoreId,
          tags: input.Tags,
          policy: input.Policy,
        },
        latency,
      ),
      'management',
    );
    return { KeyMetadata: keyMetadata(world, key) };
  },
});
