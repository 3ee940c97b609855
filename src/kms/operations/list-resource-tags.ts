/**
 * ListResourceTags (issue #10): the key's tags in the order they were first added, paged. The API
 * reference allows Limit 1..50 (default 50) where the model says 1..1000; a larger Limit returns
 * at most 50 ("might return fewer"; docs/fidelity.md). Works in every key state.
 */
import { resolveKey } from '../key-resolution.js';
import { defineOperation } from '../operation.js';
import { paginate } from '../pagination.js';

const MAX_TAGS_PER_PAGE = 50;

export const listResourceTags = defineOperation({
  name: 'ListResourceTags',
  errors: [
    'KMSInternalException',
    'NotFoundException',
    'InvalidArnException',
    'InvalidMarkerException',
  ],
  run(world, input) {
    const key = resolveKey(world, input.KeyId, { keysOnly: true });
    const limit = Math.min(input.Limit ?? MAX_TAGS_PER_PAGE, MAX_TAGS_PER_PAGE);
    const page = paginate(key.tags, limit, input.Marker, MAX_TAGS_PER_PAGE);
    return {
      Tags: page.items.map((tag) => ({ TagKey: tag.TagKey, TagValue: tag.TagValue })),
      NextMarker: page.nextMarker,
      Truncated: page.truncated,
    };
  },
});
