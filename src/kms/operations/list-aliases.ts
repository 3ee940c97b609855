/**
 * ListAliases (docs/behaviour.md §2.4): all aliases, or those of one key, paged (default 50). AWS managed aliases
 * are not listed; clients must tolerate either (docs/behaviour.md §2.4).
 */
import { resolveKey } from '../key-resolution.js';
import { defineOperation } from '../operation.js';
import { paginateAfter } from '../pagination.js';
import { epochSeconds } from '../wire-values.js';

export const listAliases = defineOperation({
  name: 'ListAliases',
  errors: [
    'DependencyTimeoutException',
    'InvalidMarkerException',
    'KMSInternalException',
    'InvalidArnException',
    'NotFoundException',
  ],
  run(world, input) {
    const keyId =
      input.KeyId !== undefined
        ? resolveKey(world, input.KeyId, { keysOnly: true }).keyId
        : undefined;
    const aliases = [...world.aliases.values()]
      .filter((alias) => keyId === undefined || alias.targetKeyId === keyId)
      .sort((a, b) => (a.aliasName < b.aliasName ? -1 : a.aliasName > b.aliasName ? 1 : 0));
    // The marker names the last alias returned, so DeleteAlias between pages never skips another.
    const page = paginateAfter(aliases, (alias) => alias.aliasName, input.Limit, input.Marker, 50);
    return {
      Aliases: page.items.map((alias) => ({
        AliasName: alias.aliasName,
        AliasArn: world.aliasArn(alias.aliasName),
        TargetKeyId: alias.targetKeyId,
        CreationDate: epochSeconds(world, alias.createdAtMs),
        LastUpdatedDate: epochSeconds(world, alias.lastUpdatedAtMs),
      })),
      NextMarker: page.nextMarker,
      Truncated: page.truncated,
    };
  },
});
