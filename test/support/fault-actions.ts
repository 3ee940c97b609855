/** Faults injected the way the server's control API does it: the `inject-fault` action. */
import { expect } from 'vitest';
import type { Simulator } from '../../src/simulator.js';

/** Runs `inject-fault` for `fault` with `params`; expects a healable fault and returns its id. */
export function injectByAction(
  sim: Simulator,
  fault: string,
  params: Record<string, unknown>,
): string {
  const result = sim.runAction({ action: 'inject-fault', fault, ...params });
  expect(result).toMatchObject({ ok: true, healable: true });
  return String((result as { faultId?: unknown }).faultId);
}
