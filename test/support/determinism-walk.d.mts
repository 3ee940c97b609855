/** Types for the plain-JavaScript walk (determinism-walk.mjs), so test/ type-checks its callers. */
import type * as kmsim from '../../src/index.js';

/** What the walk returns: everything the simulator chose, as plain JSON values. */
export type DeterminismDigest = Record<string, unknown>;

export function determinismWalk(
  kmsimModule: Pick<typeof kmsim, 'Simulator' | 'createKmsClient' | 'createCloudHsmClient'>,
  seed: number | string,
): Promise<DeterminismDigest>;
