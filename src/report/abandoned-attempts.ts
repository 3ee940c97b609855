/**
 * Attempts a client abandoned with a TimeoutError (issue #13 §1): the in-process handler traces a
 * requestTimeout (with throwOnRequestTimeout) or socketTimeout that failed an attempt as
 * `client.request-timeout` / `client.socket-timeout` with `thrown: true` and the sequence number
 * of that request's `api.call` event. The metrics, the report's facts and the chart all count
 * such an attempt as a failed `TimeoutError` attempt, whatever the service answered after the
 * client gave up, because that is what the client saw.
 */
import type { TraceEvent } from '../sim/trace.js';

/** The sequence numbers of the `api.call` events of abandoned attempts. */
export function abandonedApiCalls(events: readonly TraceEvent[]): ReadonlySet<number> {
  const seqs = new Set<number>();
  for (const event of events) {
    if (event.kind !== 'client.request-timeout' && event.kind !== 'client.socket-timeout') continue;
    const seq = event.data['apiCallSeq'];
    if (event.data['thrown'] === true && typeof seq === 'number') seqs.add(seq);
  }
  return seqs;
}
