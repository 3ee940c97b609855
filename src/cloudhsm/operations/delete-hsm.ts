/** DeleteHsm (docs/behaviour.md §2.5): by HsmId, EniId or EniIp; backs the cluster up first (docs/behaviour.md §6.3). */
import { deleteHsm as deleteWorldHsm } from '../../world/hsm-lifecycle.js';
import { CloudHsmError } from '../errors.js';
import { COMMON_ERRORS, defineOperation, unwrapCloudHsm } from '../operation.js';

export const deleteHsm = defineOperation({
  name: 'DeleteHsm',
  errors: COMMON_ERRORS,
  run(world, input) {
    if (input.HsmId === undefined && input.EniId === undefined && input.EniIp === undefined) {
      throw new CloudHsmError(
        'CloudHsmInvalidRequestException',
        'Specify one of HsmId, EniId or EniIp.',
      );
    }
    const hsm = unwrapCloudHsm(
      deleteWorldHsm(world, input.ClusterId, {
        hsmId: input.HsmId,
        eniId: input.EniId,
        eniIp: input.EniIp,
      }),
    );
    return { HsmId: hsm.hsmId };
  },
});
