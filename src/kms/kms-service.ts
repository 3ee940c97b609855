/**
 * The KMS service (`X-Amz-Target: TrentService.<Operation>`, docs/behaviour.md §1.1) over one world.
 */
import type {
  DispatchContext,
  Dispatched,
  ServiceDefinition,
} from '../protocol/service-dispatch.js';
import { bindOperations, dispatchOperation } from '../protocol/service-dispatch.js';
import type { World } from '../world/world.js';
import { KMS_MESSAGES, KMS_UNIVERSAL_ERRORS, KmsError } from './errors.js';
import { errorResponse } from '../protocol/json-response.js';
import { KMS_INPUT_SHAPES } from './input-shapes.js';
import { KMS_OPERATIONS } from './operations/index.js';

export const KMS_TARGET_PREFIX = 'TrentService';

export class KmsService {
  private readonly definition: ServiceDefinition;

  constructor(private readonly world: World) {
    this.definition = {
      name: 'KMS',
      operations: bindOperations(world, KMS_OPERATIONS, KMS_INPUT_SHAPES),
      universalErrors: KMS_UNIVERSAL_ERRORS,
      makeError: (name, message) => new KmsError(name, message),
    };
  }

  get operationNames(): string[] {
    return [...this.definition.operations.keys()];
  }

  /**
   * The front door counts the request against the account's quotas first (docs/behaviour.md §5.1: the
   * symmetric pool for cryptographic operations, the operation's own quota for management ones),
   * before the body is even read; the store's own quota is counted once the key is known.
   */
  dispatch(operationName: string, body: string, context: DispatchContext): Dispatched {
    if (this.definition.operations.has(operationName)) {
      const verdict = this.world.quotas.admitOperation(operationName, this.world.nowMs);
      if (!verdict.ok) {
        this.world.record('kms.throttled', { operation: operationName, quota: verdict.quota });
        return {
          response: errorResponse(
            context.requestId,
            new KmsError('ThrottlingException', KMS_MESSAGES.throttling),
          ),
          latencyMs: 0,
        };
      }
    }
    // GetKeyLastUsage reports the request id of the last successful use (world/key-last-use.ts).
    this.world.currentRequestId = context.requestId;
    try {
      return dispatchOperation(this.definition, operationName, body, context);
    } finally {
      this.world.currentRequestId = undefined;
    }
  }
}
