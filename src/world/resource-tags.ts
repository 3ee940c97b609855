/**
 * Tagging CloudHSM clusters and backups (CloudHSM API reference TagResource, UntagResource,
 * ListTags) under the rules in tag-rules.ts. TagResource overwrites the value of a key the
 * resource already has, in place; new keys are appended, so listings keep the order tags were
 * first added (docs/fidelity.md).
 */
import { findBackup } from './backup-lifecycle.js';
import { findCluster } from './cluster-lifecycle.js';
import { fail, ok, type Result } from './result.js';
import { checkTagKeys, MAX_TAGS_PER_RESOURCE, type Tag } from './tag-rules.js';
import type { World } from './world.js';

export type TagProblem = 'not-found' | 'invalid-request' | 'limit-exceeded';

/** The live tag list of a cluster or backup, by the ResourceId the model allows (`cluster-…`, `backup-…`). */
function tagsOf(world: World, resourceId: string): Result<Tag[], TagProblem> {
  const found = resourceId.startsWith('backup-')
    ? findBackup(world, resourceId)
    : findCluster(world, resourceId);
  if (!found.ok) return found;
  return ok(found.value.tags);
}

export function listTags(world: World, resourceId: string): Result<readonly Tag[], TagProblem> {
  return tagsOf(world, resourceId);
}

export function tagResource(
  world: World,
  resourceId: string,
  tags: readonly Tag[],
): Result<readonly Tag[], TagProblem> {
  const found = tagsOf(world, resourceId);
  if (!found.ok) return found;
  const checked = checkTagKeys(tags.map((tag) => tag.Key));
  if (!checked.ok) return checked;
  const current = found.value;
  const added = tags.filter((tag) => !current.some((existing) => existing.Key === tag.Key));
  if (current.length + added.length > MAX_TAGS_PER_RESOURCE)
    return fail(
      'limit-exceeded',
      `Resource ${resourceId} would have ${current.length + added.length} tags; the limit is ${MAX_TAGS_PER_RESOURCE}.`,
    );
  for (const tag of tags) {
    const index = current.findIndex((existing) => existing.Key === tag.Key);
    const copy = { Key: tag.Key, Value: tag.Value };
    if (index >= 0) current[index] = copy;
    else current.push(copy);
  }
  world.record('cloudhsm.tags.set', { resourceId, keys: tags.map((tag) => tag.Key) });
  return ok(current);
}

/** Removes the named keys; a key the resource does not have is ignored. */
export function untagResource(
  world: World,
  resourceId: string,
  keys: readonly string[],
): Result<readonly Tag[], TagProblem> {
  const found = tagsOf(world, resourceId);
  if (!found.ok) return found;
  const checked = checkTagKeys(keys);
  if (!checked.ok) return checked;
  const current = found.value;
  const kept = current.filter((tag) => !keys.includes(tag.Key));
  current.splice(0, current.length, ...kept);
  world.record('cloudhsm.tags.removed', { resourceId, keys: [...keys] });
  return ok(current);
}
