/**
 * HSM types and cluster modes (docs/behaviour.md §2.5 CreateCluster; CloudHSM user guide "cluster modes and HSM
 * types"). The model only constrains HsmType by a pattern, so the service rejects unknown types.
 * - hsm1.medium runs in FIPS mode only; hsm2m.medium runs in FIPS or NON_FIPS mode.
 * - A cluster created from a backup keeps the backup's mode; a backup of an hsm2m.medium cluster
 *   cannot come back on hsm1.medium (the older hardware), while hsm1.medium → hsm2m.medium is the
 *   documented way forward (docs/fidelity.md).
 * hsm1.medium is still accepted for new clusters although AWS has retired it for them: every KMS
 * custom key store flow the spec describes runs on it (docs/fidelity.md).
 */
import type { Backup } from './backup.js';
import { fail, ok, type Result } from './result.js';

export const HSM_TYPES = ['hsm1.medium', 'hsm2m.medium'] as const;
export const CLUSTER_MODES = ['FIPS', 'NON_FIPS'] as const;

const NON_FIPS_HSM_TYPE = 'hsm2m.medium';

export function checkHsmType(hsmType: string): Result<string, 'invalid-request'> {
  if ((HSM_TYPES as readonly string[]).includes(hsmType)) return ok(hsmType);
  return fail(
    'invalid-request',
    `HsmType ${hsmType} is not supported. Supported types: ${HSM_TYPES.join(', ')}.`,
  );
}

/** The mode a new cluster runs in: the requested one, else its source backup's, else FIPS. */
export function clusterModeFor(
  hsmType: string,
  requestedMode: string | undefined,
  source: Backup | undefined,
): Result<string, 'invalid-request'> {
  if (source !== undefined) {
    if (requestedMode !== undefined && requestedMode !== source.mode)
      return fail(
        'invalid-request',
        `Mode ${requestedMode} does not match the mode of backup ${source.backupId} (${source.mode}).`,
      );
    if (source.hsmType === NON_FIPS_HSM_TYPE && hsmType !== NON_FIPS_HSM_TYPE)
      return fail(
        'invalid-request',
        `Backup ${source.backupId} was taken from an ${source.hsmType} cluster and cannot be restored to HsmType ${hsmType}.`,
      );
  }
  const mode = requestedMode ?? source?.mode ?? 'FIPS';
  if (mode === 'NON_FIPS' && hsmType !== NON_FIPS_HSM_TYPE)
    return fail(
      'invalid-request',
      `Mode NON_FIPS is available only with HsmType ${NON_FIPS_HSM_TYPE}, not ${hsmType}.`,
    );
  return ok(mode);
}
