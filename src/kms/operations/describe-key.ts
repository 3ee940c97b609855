/**
 * DescribeKey (docs/behaviour.md §2.2): works in every key state (docs/behaviour.md §3.2). On a predefined AWS alias with no
 * key yet it creates the AWS managed key (API reference). GrantTokens are checked like everywhere
 * else (grant-tokens.ts), although the model does not list InvalidGrantTokenException here.
 */
import { checkGrantTokens } from '../grant-tokens.js';
import { keyMetadata } from '../key-metadata.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation } from '../operation.js';

export const describeKey = defineOperation({
  name: 'DescribeKey',
  errors: [
    'NotFoundException',
    'InvalidArnException',
    'DependencyTimeoutException',
    'KMSInternalException',
    'InvalidGrantTokenException',
  ],
  run(world, input) {
    checkGrantTokens(world, input.GrantTokens);
    const key = resolveKey(world, input.KeyId, { createAwsManaged: true });
    return { KeyMetadata: keyMetadata(world, key) };
  },
});
