/**
 * Opaque page tokens (KMS `Marker`, CloudHSM `NextToken`): base64 of an offset into a
 * deterministically ordered listing. A token we did not issue decodes to undefined; each service
 * answers that with its own error.
 */
const PREFIX = 'kmsim-page:';

export interface Page<T> {
  readonly items: T[];
  /** Token for the next page, or undefined on the last page. */
  readonly next: string | undefined;
}

export function decodePageToken(token: string): number | undefined {
  const text = Buffer.from(token, 'base64').toString('utf8');
  const offset = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : NaN;
  return Number.isInteger(offset) && offset >= 0 ? offset : undefined;
}

export function pageAt<T>(all: readonly T[], start: number, size: number): Page<T> {
  const end = start + size;
  return {
    items: all.slice(start, end),
    next: end < all.length ? Buffer.from(`${PREFIX}${end}`).toString('base64') : undefined,
  };
}
