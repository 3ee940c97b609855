/**
 * Tags on KMS keys (issue #10; CreateKey Tags, TagResource, UntagResource, ListResourceTags). The
 * rules and messages recorded from real KMS (LocalStack's AWS-validated snapshots, 2025): a key
 * beginning with `aws:` in any case is reserved, one request may not repeat a key, and a key holds
 * at most 50 tags (all TagException). A tag that exists is updated in place, keeping its position;
 * new tags are appended. Tagging and untagging fail while the key is pending deletion (Developer
 * Guide key-state table); AWS managed keys cannot be tagged.
 */
import { awsManagedRefusal } from './aws-managed-refusal.js';
import type { KeyTag, KmsKey } from './kms-key.js';
import type { KmsProblemKind } from './kms-problem.js';
import { fail, ok, type Result } from './result.js';
import type { World } from './world.js';

/** Tags per KMS key (Developer Guide resource quotas). */
export const MAX_TAGS_PER_KEY = 50;

export const TAG_MESSAGES = {
  reserved: 'Tags beginning with aws: are reserved',
  duplicate: 'Duplicate tag keys',
  tooMany: 'Too many tags',
} as const;

function reserved(tagKey: string): boolean {
  return tagKey.toLowerCase().startsWith('aws:');
}

/** The request-level rules, for CreateKey's Tags and TagResource. */
export function checkNewTags(tags: readonly KeyTag[]): Result<true, KmsProblemKind> {
  if (tags.some((tag) => reserved(tag.TagKey))) return fail('tag-invalid', TAG_MESSAGES.reserved);
  const keys = new Set(tags.map((tag) => tag.TagKey));
  if (keys.size !== tags.length) return fail('tag-invalid', TAG_MESSAGES.duplicate);
  if (tags.length > MAX_TAGS_PER_KEY) return fail('tag-invalid', TAG_MESSAGES.tooMany);
  return ok(true);
}

function assertTaggable(world: World, key: KmsKey, action: string): Result<true, KmsProblemKind> {
  if (key.keyManager === 'AWS') return awsManagedRefusal(world, key, action);
  if (key.pendingDeletion) return fail('key-pending-deletion', `${key.arn} is pending deletion.`);
  return ok(true);
}

export function tagKey(
  world: World,
  key: KmsKey,
  tags: readonly KeyTag[],
): Result<KmsKey, KmsProblemKind> {
  const rules = checkNewTags(tags);
  if (!rules.ok) return rules;
  const taggable = assertTaggable(world, key, 'kms:TagResource');
  if (!taggable.ok) return taggable;
  const merged = [...key.tags];
  for (const tag of tags) {
    const at = merged.findIndex((existing) => existing.TagKey === tag.TagKey);
    if (at >= 0) merged[at] = { TagKey: tag.TagKey, TagValue: tag.TagValue };
    else merged.push({ TagKey: tag.TagKey, TagValue: tag.TagValue });
  }
  if (merged.length > MAX_TAGS_PER_KEY) return fail('tag-invalid', TAG_MESSAGES.tooMany);
  key.tags = merged;
  world.record('kms.key.tagged', { keyId: key.keyId, tagKeys: tags.map((tag) => tag.TagKey) });
  return ok(key);
}

/** Removing a tag key the key does not have is not an error (API reference, UntagResource). */
export function untagKey(
  world: World,
  key: KmsKey,
  tagKeys: readonly string[],
): Result<KmsKey, KmsProblemKind> {
  if (tagKeys.some(reserved)) return fail('tag-invalid', TAG_MESSAGES.reserved);
  const taggable = assertTaggable(world, key, 'kms:UntagResource');
  if (!taggable.ok) return taggable;
  const removing = new Set(tagKeys);
  key.tags = key.tags.filter((tag) => !removing.has(tag.TagKey));
  world.record('kms.key.untagged', { keyId: key.keyId, tagKeys: [...tagKeys] });
  return ok(key);
}
