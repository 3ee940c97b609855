/**
 * The CloudHSM v2 service (`X-Amz-Target: BaldrApiService.<Operation>`, docs/behaviour.md §1.1) over one world.
 */
import type {
  DispatchContext,
  Dispatched,
  ServiceDefinition,
} from '../protocol/service-dispatch.js';
import { bindOperations, dispatchOperation } from '../protocol/service-dispatch.js';
import type { World } from '../world/world.js';
import { CloudHsmError } from './errors.js';
import { CLOUDHSM_INPUT_SHAPES } from './input-shapes.js';
import { CLOUDHSM_OPERATIONS } from './operations/index.js';

export const CLOUDHSM_TARGET_PREFIX = 'BaldrApiService';

export class CloudHsmService {
  private readonly definition: ServiceDefinition;

  constructor(world: World) {
    this.definition = {
      name: 'CloudHSMV2',
      operations: bindOperations(world, CLOUDHSM_OPERATIONS, CLOUDHSM_INPUT_SHAPES),
      universalErrors: [
        'ValidationException',
        'SerializationException',
        'UnknownOperationException',
      ],
      makeError: (name, message) => new CloudHsmError(name, message),
    };
  }

  get operationNames(): string[] {
    return [...this.definition.operations.keys()];
  }

  dispatch(operationName: string, body: string, context: DispatchContext): Dispatched {
    return dispatchOperation(this.definition, operationName, body, context);
  }
}
