/**
 * ListTags (CloudHSM API reference): the tags of a cluster or backup in the order they were first
 * added, paginated by NextToken / MaxResults 1..100. TagList is a required output member, so a
 * resource without tags answers an empty list.
 */
import { listTags as listWorldTags } from '../../world/resource-tags.js';
import { MAX_TAGS_PER_RESOURCE } from '../../world/tag-rules.js';
import { COMMON_ERRORS, defineOperation, unwrapCloudHsm } from '../operation.js';
import { pageOf } from '../page.js';

export const listTags = defineOperation({
  name: 'ListTags',
  errors: [...COMMON_ERRORS, 'CloudHsmTagException'],
  run(world, input) {
    const tags = unwrapCloudHsm(listWorldTags(world, input.ResourceId));
    // Without MaxResults one page holds every tag a resource can have (our choice; docs/fidelity.md).
    const page = pageOf(tags, input.NextToken, input.MaxResults, MAX_TAGS_PER_RESOURCE);
    return {
      TagList: page.items.map((tag) => ({ Key: tag.Key, Value: tag.Value })),
      NextToken: page.next,
    };
  },
});
