/**
 * load/: background load inside the simulator (issue #4 §3).
 *   arrival-pattern.ts     constant, ramp, Poisson and burst arrivals per tick
 *   background-request.ts  one request through the same quotas and HSM capacity as SDK calls
 *   load-generator.ts      ticks, operation mix, per-window outcome counts
 */
export * from './arrival-pattern.js';
export * from './background-request.js';
export * from './load-generator.js';
