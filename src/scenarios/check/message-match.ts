/**
 * Matching an exception message the way users mean it (issue #13 §2): exactly, by substring, or by
 * regular expression, with placeholders for things whose ids are only known at run time:
 * `{key:app-key}` (the key's ARN), `{keyId:app-key}` (its key id), `{keyStore:store}` (the custom
 * key store id) and `{cluster:main}` (the cluster id). A spec message like `<ARN> is unavailable.`
 * is written `{key:app-key} is unavailable.`.
 */
export type PlaceholderKind = 'key' | 'keyId' | 'keyStore' | 'cluster';
export const PLACEHOLDER_KINDS: readonly PlaceholderKind[] = [
  'key',
  'keyId',
  'keyStore',
  'cluster',
];

/** Resolves a placeholder to its run-time value, or undefined for an unknown name. */
export type NameResolver = (kind: PlaceholderKind, name: string) => string | undefined;

const PLACEHOLDER = /\{(key|keyId|keyStore|cluster):([^{}]+)\}/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text with every placeholder replaced (through `quote`, for regular expressions). */
export function expandPlaceholders(
  text: string,
  resolve: NameResolver,
  quote: (value: string) => string = (value) => value,
): string {
  return text.replace(PLACEHOLDER, (whole, kind: PlaceholderKind, name: string) => {
    const value = resolve(kind, name);
    return value === undefined ? whole : quote(value);
  });
}

export interface MessageRule {
  readonly message?: string | undefined;
  readonly messageContains?: string | undefined;
  readonly messageMatches?: string | undefined;
}

/** Whether a message satisfies every rule given (no rule: any message). */
export function messageMatches(
  actual: string | undefined,
  rule: MessageRule,
  resolve: NameResolver,
): boolean {
  const text = actual ?? '';
  if (rule.message !== undefined && text !== expandPlaceholders(rule.message, resolve))
    return false;
  if (
    rule.messageContains !== undefined &&
    !text.includes(expandPlaceholders(rule.messageContains, resolve))
  )
    return false;
  if (
    rule.messageMatches !== undefined &&
    !new RegExp(expandPlaceholders(rule.messageMatches, resolve, escapeRegExp)).test(text)
  )
    return false;
  return true;
}
