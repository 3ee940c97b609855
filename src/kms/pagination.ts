/**
 * Limit/Marker paging for the KMS list operations (docs/behaviour.md §2.4 ListKeys, §2.1). An unknown marker is
 * InvalidMarkerException.
 */
import { decodePageToken, pageAt } from '../protocol/page-token.js';
import { KmsError } from './errors.js';

export interface KmsPage<T> {
  readonly items: T[];
  readonly nextMarker: string | undefined;
  readonly truncated: boolean;
}

function invalidMarker(): KmsError {
  return new KmsError('InvalidMarkerException', 'Invalid marker.');
}

/** Offset markers, for listings nothing removes items from between two pages. */
export function paginate<T>(
  all: readonly T[],
  limit: number | undefined,
  marker: string | undefined,
  defaultLimit: number,
): KmsPage<T> {
  const start = marker === undefined ? 0 : decodePageToken(marker);
  if (start === undefined) throw invalidMarker();
  const page = pageAt(all, start, limit ?? defaultLimit);
  return { items: page.items, nextMarker: page.next, truncated: page.next !== undefined };
}

const CURSOR_PREFIX = 'kmsim-after:';

/**
 * Cursor markers: the marker names the last item returned, and the next page starts after it. Keys
 * and aliases disappear between pages (deletion windows end, DeleteAlias), and an offset would then
 * skip a live item. `sorted` must be in ascending `cursorOf` order (plain string comparison).
 */
export function paginateAfter<T>(
  sorted: readonly T[],
  cursorOf: (item: T) => string,
  limit: number | undefined,
  marker: string | undefined,
  defaultLimit: number,
): KmsPage<T> {
  let start = 0;
  if (marker !== undefined) {
    const text = Buffer.from(marker, 'base64').toString('utf8');
    if (!text.startsWith(CURSOR_PREFIX)) throw invalidMarker();
    const after = text.slice(CURSOR_PREFIX.length);
    start = sorted.findIndex((item) => cursorOf(item) > after);
    if (start < 0) start = sorted.length;
  }
  const end = start + (limit ?? defaultLimit);
  const items = sorted.slice(start, end);
  const truncated = end < sorted.length;
  const nextMarker = truncated
    ? Buffer.from(`${CURSOR_PREFIX}${cursorOf(items[items.length - 1]!)}`, 'utf8').toString(
        'base64',
      )
    : undefined;
  return { items, nextMarker, truncated };
}
