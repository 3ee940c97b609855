/**
 * ListKeyRotations (issue #10): the completed rotations (ROTATIONS_ONLY, the default) or every
 * material including the first (ALL_KEY_MATERIAL), oldest first, paged (Limit default 100). The
 * current material is CURRENT, the others NON_CURRENT; the first material has no RotationDate or
 * RotationType (API reference RotationsListEntry).
 */
import { rotationsOf } from '../../world/key-rotation.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation } from '../operation.js';
import { paginate } from '../pagination.js';
import { unwrap } from '../problem-errors.js';
import { epochSeconds } from '../wire-values.js';

export const listKeyRotations = defineOperation({
  name: 'ListKeyRotations',
  errors: [
    'NotFoundException',
    'InvalidArnException',
    'InvalidMarkerException',
    'KMSInternalException',
    'KMSInvalidStateException',
    'UnsupportedOperationException',
  ],
  run(world, input) {
    const key = resolveKey(world, input.KeyId, { keysOnly: true });
    const materials = unwrap(rotationsOf(key), 'management');
    const current = materials[materials.length - 1];
    const listed =
      input.IncludeKeyMaterial === 'ALL_KEY_MATERIAL'
        ? materials
        : materials.filter((material) => material.rotation !== undefined);
    const page = paginate(listed, input.Limit, input.Marker, 100);
    return {
      Rotations: page.items.map((material) => ({
        KeyId: key.keyId,
        KeyMaterialId: material.materialId,
        KeyMaterialState: material === current ? 'CURRENT' : 'NON_CURRENT',
        RotationDate: material.rotation ? epochSeconds(world, material.rotation.atMs) : undefined,
        RotationType: material.rotation?.type,
      })),
      NextMarker: page.nextMarker,
      Truncated: page.truncated,
    };
  },
});
