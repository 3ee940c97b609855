/**
 * scenarios/check/: judging what a run observed. Pure functions of the call records, state
 * observations and trace, except nothing-lost.ts, which decrypts every returned ciphertext once
 * more. Nothing in the world checks itself (ARCHITECTURE: VOPR's checkers).
 *
 *   expectations.ts    each `expect` type → PASS/FAIL with a one-line detail
 *   nothing-lost.ts    the end-of-run decryption the `nothing-lost` expectation judges
 *   client-metrics.ts  per client and window: calls, attempts, errors, throttles, latency
 *   call-record.ts     what one logical SDK call did, as the checkers see it
 *   external-calls.ts  what the server saw of external clients, grouped into call records
 *   verdict.ts         expectations, step failures and metrics of a run, traced once at the end
 */
export { evaluate, type ExpectationResult, type Observed } from './expectations.js';
export { verifyNothingLost } from './nothing-lost.js';
export { clientMetrics, metricsLines, type ScenarioMetrics } from './client-metrics.js';
export type { CallRecord } from './call-record.js';
