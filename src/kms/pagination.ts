/**
 * Limit/Marker paging for the KMS list operations (spec §2.4 ListKeys, §2.1). An unknown marker is
 * InvalidMarkerException.
 */
import { decodePageToken, pageAt } from '../protocol/page-token.js';
import { KmsError } from './errors.js';

export interface KmsPage<T> {
  readonly items: T[];
  readonly nextMarker: string | undefined;
  readonly truncated: boolean;
}

export function paginate<T>(all: readonly T[], limit: number | undefined, marker: string | undefined, defaultLimit: number): KmsPage<T> {
  const start = marker === undefined ? 0 : decodePageToken(marker);
  if (start === undefined) throw new KmsError('InvalidMarkerException', 'Invalid marker.');
  const page = pageAt(all, start, limit ?? defaultLimit);
  return { items: page.items, nextMarker: page.next, truncated: page.next !== undefined };
}
