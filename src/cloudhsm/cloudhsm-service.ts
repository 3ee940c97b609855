/**
 * The CloudHSM v2 service (`X-Amz-Target: BaldrApiService.<Operation>`, spec §1.1) over one world.
 */
import type { DispatchContext, ServiceDefinition, ServiceOperation } from '../protocol/service-dispatch.js';
import { dispatchOperation } from '../protocol/service-dispatch.js';
import type { WireResponse } from '../protocol/wire.js';
import type { World } from '../world/world.js';
import { CloudHsmError } from './errors.js';
import { CLOUDHSM_INPUT_SHAPES, type CloudHsmOperationName } from './input-shapes.js';
import { CLOUDHSM_OPERATIONS } from './operations/index.js';

export const CLOUDHSM_TARGET_PREFIX = 'BaldrApiService';

export class CloudHsmService {
  private readonly definition: ServiceDefinition;

  constructor(world: World) {
    const operations = new Map<string, ServiceOperation>();
    for (const operation of CLOUDHSM_OPERATIONS) {
      operations.set(operation.name, {
        shape: CLOUDHSM_INPUT_SHAPES[operation.name as CloudHsmOperationName],
        errors: operation.errors,
        run: (input: never) => operation.run(world, input),
      });
    }
    this.definition = {
      name: 'CloudHSMV2',
      operations,
      universalErrors: ['ValidationException', 'SerializationException', 'UnknownOperationException'],
      makeError: (name, message) => new CloudHsmError(name, message),
    };
  }

  get operationNames(): string[] {
    return [...this.definition.operations.keys()];
  }

  dispatch(operationName: string, body: string, context: DispatchContext): WireResponse {
    return dispatchOperation(this.definition, operationName, body, context);
  }
}
