/**
 * The contract of one CloudHSM v2 operation (mirrors kms/operation.ts): wire name, modeled errors
 * (spec §2.5) and a synchronous handler over the world.
 */
import type { World } from '../world/world.js';
import type { Problem } from '../world/result.js';
import { CloudHsmError, type CloudHsmErrorName } from './errors.js';
import type { CloudHsmInput, CloudHsmOperationName } from './input-shapes.js';

export interface CloudHsmOperation<Op extends CloudHsmOperationName = CloudHsmOperationName> {
  readonly name: Op;
  readonly errors: readonly CloudHsmErrorName[];
  run(world: World, input: CloudHsmInput<Op>): Record<string, unknown>;
}

export function defineOperation<Op extends CloudHsmOperationName>(
  operation: CloudHsmOperation<Op>,
): CloudHsmOperation<Op> {
  return operation;
}

/** The five errors nearly every CloudHSM v2 operation models (spec §2.5). */
export const COMMON_ERRORS: readonly CloudHsmErrorName[] = [
  'CloudHsmAccessDeniedException',
  'CloudHsmInternalFailureException',
  'CloudHsmInvalidRequestException',
  'CloudHsmResourceNotFoundException',
  'CloudHsmServiceException',
];

/** World problem → CloudHSM error: one table (spec §1.5). */
export function unwrapCloudHsm<T>(
  result: { ok: true; value: T } | { ok: false; problem: Problem<'not-found' | 'invalid-request'> },
): T {
  if (result.ok) return result.value;
  const name: CloudHsmErrorName =
    result.problem.kind === 'not-found'
      ? 'CloudHsmResourceNotFoundException'
      : 'CloudHsmInvalidRequestException';
  throw new CloudHsmError(name, result.problem.detail);
}
