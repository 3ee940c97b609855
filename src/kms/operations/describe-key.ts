/** DescribeKey (spec §2.2): works in every key state (spec §3.2). */
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
  ],
  run(world, input) {
    return { KeyMetadata: keyMetadata(world, resolveKey(world, input.KeyId)) };
  },
});
