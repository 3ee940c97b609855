/**
 * CreateHsm (docs/behaviour.md §2.5, §6.4): CREATE_IN_PROGRESS → ACTIVE. A requested IpAddress must be a free
 * address of the AZ's subnet; without one the lowest free address is taken (world/network.ts).
 */
import { createHsm as createWorldHsm } from '../../world/hsm-lifecycle.js';
import { COMMON_ERRORS, defineOperation, unwrapCloudHsm } from '../operation.js';
import { hsmWire } from '../wire-shapes.js';

export const createHsm = defineOperation({
  name: 'CreateHsm',
  errors: COMMON_ERRORS,
  run(world, input) {
    return {
      Hsm: hsmWire(
        unwrapCloudHsm(
          createWorldHsm(world, input.ClusterId, input.AvailabilityZone, input.IpAddress),
        ),
      ),
    };
  },
});
