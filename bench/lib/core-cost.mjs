/**
 * The simulator's own cost per request in any position (issue #12): wraps one simulator's
 * `handleWire` / `handleWireNow` / `handleWireSync` and sums the wall time of their synchronous
 * part, which is the whole request (decode, dispatch, AES-GCM, trace, render): with virtual time
 * standing still, `handleWire` awaits nothing. Two `hrtime` reads per request (well under a microsecond) are
 * added to the kmsim side of the comparison that carries the probe.
 */
import { median } from './measure.mjs';

export function coreCostProbe() {
  const durationsNs = [];
  return {
    attach(sim) {
      const handleWire = sim.handleWire.bind(sim);
      const handleWireSync = sim.handleWireSync.bind(sim);
      const handleWireNow = sim.handleWireNow.bind(sim);
      sim.handleWire = (request) => {
        const start = process.hrtime.bigint();
        const pending = handleWire(request);
        durationsNs.push(Number(process.hrtime.bigint() - start));
        return pending;
      };
      // The transports answer through handleWireNow outside a driver run (no promise).
      sim.handleWireNow = (request) => {
        const start = process.hrtime.bigint();
        const response = handleWireNow(request);
        durationsNs.push(Number(process.hrtime.bigint() - start));
        return response;
      };
      sim.handleWireSync = (request) => {
        const start = process.hrtime.bigint();
        const response = handleWireSync(request);
        durationsNs.push(Number(process.hrtime.bigint() - start));
        return response;
      };
      return sim;
    },
    /**
     * Median µs per request, or undefined before any request. The median, because on a shared
     * machine a few requests stall for a scheduler slice or a GC pause and would dominate a mean.
     */
    microsPerRequest() {
      return durationsNs.length === 0 ? undefined : median(durationsNs) / 1000;
    },
    meanMicros() {
      return durationsNs.length === 0
        ? undefined
        : durationsNs.reduce((a, b) => a + b, 0) / durationsNs.length / 1000;
    },
    get requests() {
      return durationsNs.length;
    },
  };
}

export function printCoreCost(position, probe) {
  const us = probe.microsPerRequest();
  const mean = probe.meanMicros();
  console.log(
    `   core cost per request (${position}): ${us === undefined ? 'n/a' : `median ${us.toFixed(1)} µs, mean ${mean.toFixed(1)} µs`} of wall time inside handleWire, over ${probe.requests.toLocaleString('en-US')} requests`,
  );
}
