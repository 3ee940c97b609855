/**
 * CreateHsm (spec §2.5, §6.4): CREATE_IN_PROGRESS → ACTIVE. Real CloudHSM takes an IpAddress in
 * the AZ's subnet; kmsim assigns addresses itself and refuses any requested IpAddress with
 * CloudHsmInvalidRequestException (docs/fidelity.md "CreateHsm IpAddress").
 */
import { createHsm as createWorldHsm } from '../../world/hsm-lifecycle.js';
import { CloudHsmError } from '../errors.js';
import { COMMON_ERRORS, defineOperation, unwrapCloudHsm } from '../operation.js';
import { hsmWire } from '../wire-shapes.js';

export const createHsm = defineOperation({
  name: 'CreateHsm',
  errors: COMMON_ERRORS,
  run(world, input) {
    if (input.IpAddress !== undefined) {
      throw new CloudHsmError(
        'CloudHsmInvalidRequestException',
        'kmsim assigns HSM addresses itself; omit IpAddress.',
      );
    }
    return {
      Hsm: hsmWire(unwrapCloudHsm(createWorldHsm(world, input.ClusterId, input.AvailabilityZone))),
    };
  },
});
