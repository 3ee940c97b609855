/**
 * Resolving a `KeyId`-style input to a key (docs/behaviour.md §2.4 "Key identifier resolution"): key id, key
 * ARN, alias name or alias ARN, with the NotFoundException messages recorded on the wire.
 */
import { ensureAwsManagedKey } from '../world/aws-managed-keys.js';
import type { KmsKey } from '../world/kms-key.js';
import type { World } from '../world/world.js';
import { KmsError } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MULTI_REGION_ID = /^mrk-[0-9a-f]{32}$/;
const ARN = /^arn:aws[a-z-]*:kms:([^:]*):([^:]*):(key\/.+|alias\/.+)$/;

export interface ResolveOptions {
  /** Operations documented to take only a key id or key ARN (EnableKey, ScheduleKeyDeletion, ...). */
  readonly keysOnly?: boolean;
  /**
   * DescribeKey only: a predefined `alias/aws/<service>` alias without a key yet creates the AWS
   * managed key (API reference, DescribeKey; world/aws-managed-keys.ts).
   */
  readonly createAwsManaged?: boolean;
}

function notFoundKey(world: World, keyId: string): KmsError {
  return new KmsError('NotFoundException', `Key '${world.keyArn(keyId)}' does not exist`);
}

function byKeyId(world: World, keyId: string): KmsKey {
  // Every key is kept under a well-formed id, so a key found needs no format check (issue #12);
  // the format decides only which NotFoundException an unknown id gets.
  const key = world.keys.get(keyId);
  if (key) return key;
  if (!UUID.test(keyId) && !MULTI_REGION_ID.test(keyId))
    throw new KmsError('NotFoundException', `Invalid keyId '${keyId}'`);
  throw notFoundKey(world, keyId);
}

function byAlias(world: World, aliasName: string, options: ResolveOptions): KmsKey {
  const alias = world.aliases.get(aliasName);
  if (!alias) {
    const created = options.createAwsManaged ? ensureAwsManagedKey(world, aliasName) : undefined;
    if (created) return created;
    throw new KmsError('NotFoundException', `Alias ${world.aliasArn(aliasName)} is not found.`);
  }
  const key = world.keys.get(alias.targetKeyId);
  if (!key) throw notFoundKey(world, alias.targetKeyId);
  return key;
}

export function resolveKey(world: World, input: string, options: ResolveOptions = {}): KmsKey {
  const arn = ARN.exec(input);
  if (arn) {
    const [, region, account, resource] = arn as unknown as [string, string, string, string];
    if (region !== world.region) throw new KmsError('NotFoundException', `Invalid arn ${region}`);
    if (resource.startsWith('alias/')) {
      if (options.keysOnly) throw new KmsError('NotFoundException', `Invalid keyId '${input}'`);
      if (account !== world.accountId)
        throw new KmsError('NotFoundException', `Alias ${input} is not found.`);
      return byAlias(world, resource, options);
    }
    const keyId = resource.slice('key/'.length);
    if (account !== world.accountId)
      throw new KmsError('NotFoundException', `Key '${input}' does not exist`);
    return byKeyId(world, keyId);
  }
  if (input.startsWith('alias/')) {
    if (options.keysOnly) throw new KmsError('NotFoundException', `Invalid keyId '${input}'`);
    return byAlias(world, input, options);
  }
  return byKeyId(world, input);
}
