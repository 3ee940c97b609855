/** NextToken paging for CloudHSM v2 listings; a token we did not issue is CloudHsmInvalidRequestException. */
import { decodePageToken, pageAt, type Page } from '../protocol/page-token.js';
import { CloudHsmError } from './errors.js';

export function pageOf<T>(
  all: readonly T[],
  nextToken: string | undefined,
  maxResults: number | undefined,
  defaultSize: number,
): Page<T> {
  const start = nextToken === undefined ? 0 : decodePageToken(nextToken);
  if (start === undefined)
    throw new CloudHsmError('CloudHsmInvalidRequestException', 'Invalid NextToken.');
  return pageAt(all, start, maxResults ?? defaultSize);
}
