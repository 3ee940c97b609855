/**
 * The virtual time one request spends on simulated hardware: queueing and service on the HSMs and
 * any slow-HSM delay (docs/behaviour.md §5.2). The service front door (protocol/service-dispatch.ts) makes one
 * per request, hands it explicitly to the operation and what the operation uses, and returns its
 * total with the response. Nothing about one request is kept in the World, so a read-only
 * observation (Simulator.observe) cannot disturb the request being served.
 *
 * It accumulates rather than being returned by each function because time spent on an HSM still
 * counts when the request then fails (key material missing, a ciphertext that does not
 * authenticate), and those failures are exceptions.
 */
export class RequestLatency {
  private totalMs = 0;

  /**
   * @param responseWaits the caller waits this time out in virtual time before answering (a
   *   driver run). When it does not (serve answers at once), whatever the request occupies on the
   *   hardware is held only while it is being answered (issue #9 §3).
   */
  constructor(readonly responseWaits = false) {}

  add(ms: number): void {
    this.totalMs += ms;
  }

  get ms(): number {
    return this.totalMs;
  }
}
