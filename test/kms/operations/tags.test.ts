/** Tags on CreateKey, TagResource, UntagResource, ListResourceTags through the real SDK (issue #10). */
import {
  CreateKeyCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { expectKmsError } from '../../support/kms-expect.js';
import {
  createAwsKmsKey,
  createHsmKey,
  disconnectStore,
  QUOTA_SPACING_MS,
  type TestKey,
} from '../../support/kms-world.js';

const tag = (TagKey: string, TagValue = `${TagKey}-value`) => ({ TagKey, TagValue });

describe('kms: tags', () => {
  let w: ConnectedWorld;
  let key: TestKey;
  beforeEach(async () => {
    w = await buildConnectedWorld();
    key = await createAwsKmsKey(w);
  });

  async function tagsOf(keyId: string) {
    return (await w.kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags;
  }

  it('kms: tags: CreateKey Tags are kept and listed; an empty tag value is allowed', async () => {
    const created = await w.kms.send(
      new CreateKeyCommand({ Tags: [tag('team'), tag('empty', '')] }),
    );
    expect(await tagsOf(created.KeyMetadata!.KeyId!)).toEqual([tag('team'), tag('empty', '')]);
  });

  it('kms: tags: TagResource updates in place and appends new keys; UntagResource removes, ignoring unknown keys', async () => {
    await w.kms.send(
      new TagResourceCommand({ KeyId: key.keyId, Tags: [tag('t1'), tag('t2'), tag('t3')] }),
    );
    w.sim.advanceMs(QUOTA_SPACING_MS);
    await w.kms.send(
      new TagResourceCommand({ KeyId: key.arn, Tags: [tag('t2', 'updated'), tag('t4')] }),
    );
    expect(await tagsOf(key.keyId)).toEqual([
      tag('t1'),
      tag('t2', 'updated'),
      tag('t3'),
      tag('t4'),
    ]);
    await w.kms.send(new UntagResourceCommand({ KeyId: key.keyId, TagKeys: ['t2', 'nope'] }));
    expect(await tagsOf(key.keyId)).toEqual([tag('t1'), tag('t3'), tag('t4')]);
  });

  it('kms: tags: reserved aws: prefix in any case, duplicate keys and too many tags → TagException with the recorded messages', async () => {
    for (const tagKey of ['aws:cost', 'AWS:cost', 'Aws:x'])
      await expectKmsError(
        w.kms.send(new TagResourceCommand({ KeyId: key.keyId, Tags: [tag(tagKey)] })),
        'TagException',
        'Tags beginning with aws: are reserved',
      );
    await expectKmsError(
      w.kms.send(new CreateKeyCommand({ Tags: [tag('aws:x')] })),
      'TagException',
      'Tags beginning with aws: are reserved',
    );
    await expectKmsError(
      w.kms.send(new TagResourceCommand({ KeyId: key.keyId, Tags: [tag('a'), tag('a', 'b')] })),
      'TagException',
      'Duplicate tag keys',
    );
    const fiftyOne = Array.from({ length: 51 }, (_, i) => tag(`k${i}`));
    await expectKmsError(
      w.kms.send(new CreateKeyCommand({ Tags: fiftyOne })),
      'TagException',
      'Too many tags',
    );
    await expectKmsError(
      w.kms.send(new UntagResourceCommand({ KeyId: key.keyId, TagKeys: ['aws:x'] })),
      'TagException',
      'Tags beginning with aws: are reserved',
    );
    expect(await tagsOf(key.keyId)).toEqual([]);
    expect(w.sim.world.keys.size).toBe(1);
  });

  it('kms: tags: 50 tags per key — the 51st across two TagResource calls is Too many tags; updating one of the 50 is fine', async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => tag(`k${i}`));
    await w.kms.send(new TagResourceCommand({ KeyId: key.keyId, Tags: fifty }));
    w.sim.advanceMs(QUOTA_SPACING_MS);
    await w.kms.send(new TagResourceCommand({ KeyId: key.keyId, Tags: [tag('k7', 'new')] }));
    w.sim.advanceMs(QUOTA_SPACING_MS);
    await expectKmsError(
      w.kms.send(new TagResourceCommand({ KeyId: key.keyId, Tags: [tag('k50')] })),
      'TagException',
      'Too many tags',
    );
    expect(await tagsOf(key.keyId)).toHaveLength(50);
  });

  it('kms: tags: lengths are model validations (tagKey 128, tagValue 256) with the recorded member paths', async () => {
    await expectKmsError(
      w.kms.send(new TagResourceCommand({ KeyId: key.keyId, Tags: [tag('k', 'v'.repeat(257))] })),
      'ValidationException',
      `1 validation error detected: Value '${'v'.repeat(257)}' at 'tags.1.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
    await expectKmsError(
      w.kms.send(new CreateKeyCommand({ Tags: [tag('a'.repeat(129))] })),
      'ValidationException',
      /at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128$/,
    );
  });

  it('kms: tags: a key pending deletion cannot be tagged or untagged (KMSInvalidStateException) but can be listed', async () => {
    await w.kms.send(new TagResourceCommand({ KeyId: key.keyId, Tags: [tag('keep')] }));
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    await expectKmsError(
      w.kms.send(new TagResourceCommand({ KeyId: key.keyId, Tags: [tag('x')] })),
      'KMSInvalidStateException',
      `${key.arn} is pending deletion.`,
    );
    await expectKmsError(
      w.kms.send(new UntagResourceCommand({ KeyId: key.keyId, TagKeys: ['keep'] })),
      'KMSInvalidStateException',
      `${key.arn} is pending deletion.`,
    );
    expect(await tagsOf(key.keyId)).toEqual([tag('keep')]);
  });

  it('kms: tags: an Unavailable key in a disconnected store can still be tagged (docs/behaviour.md §3.3)', async () => {
    const hsmKey = await createHsmKey(w);
    await disconnectStore(w);
    await w.kms.send(new TagResourceCommand({ KeyId: hsmKey.keyId, Tags: [tag('outage')] }));
    expect(await tagsOf(hsmKey.keyId)).toEqual([tag('outage')]);
  });

  it('kms: ListResourceTags: pages with Limit and Marker, Truncated only while more remain; Limit above 50 returns 50', async () => {
    const tags = Array.from({ length: 50 }, (_, i) => tag(`k${String(i).padStart(2, '0')}`));
    await w.kms.send(new TagResourceCommand({ KeyId: key.keyId, Tags: tags }));
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await w.kms.send(
        new ListResourceTagsCommand({ KeyId: key.keyId, Limit: 20, Marker: marker }),
      );
      pages += 1;
      seen.push(...page.Tags!.map((t) => t.TagKey!));
      expect(page.Truncated).toBe(page.NextMarker !== undefined);
      marker = page.NextMarker;
    } while (marker);
    expect(pages).toBe(3);
    expect(seen).toEqual(tags.map((t) => t.TagKey));
    const big = await w.kms.send(new ListResourceTagsCommand({ KeyId: key.keyId, Limit: 1000 }));
    expect(big.Tags).toHaveLength(50);
    await expectKmsError(
      w.kms.send(new ListResourceTagsCommand({ KeyId: key.keyId, Marker: 'bogus' })),
      'InvalidMarkerException',
      'Invalid marker.',
    );
  });
});
