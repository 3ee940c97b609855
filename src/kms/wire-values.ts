/**
 * Values as KMS writes them (docs/behaviour.md §1.2): timestamps are epoch seconds with a fractional part.
 */
import type { World } from '../world/world.js';

export function epochSeconds(world: World, virtualMs: number): number {
  return (world.kernel.clock.epochMs + virtualMs) / 1000;
}
