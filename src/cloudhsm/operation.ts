/**
 * The contract of one CloudHSM v2 operation (mirrors kms/operation.ts): wire name, modeled errors
 * (docs/behaviour.md §2.5) and a synchronous handler over the world.
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

/** The five errors nearly every CloudHSM v2 operation models (docs/behaviour.md §2.5). */
export const COMMON_ERRORS: readonly CloudHsmErrorName[] = [
  'CloudHsmAccessDeniedException',
  'CloudHsmInternalFailureException',
  'CloudHsmInvalidRequestException',
  'CloudHsmResourceNotFoundException',
  'CloudHsmServiceException',
];

/** The problem kinds world operations report to the CloudHSM layer. */
export type CloudHsmProblemKind = 'not-found' | 'invalid-request' | 'limit-exceeded';

/** World problem → CloudHSM error: one table (docs/behaviour.md §1.5). */
const ERROR_OF_PROBLEM: Readonly<Record<CloudHsmProblemKind, CloudHsmErrorName>> = {
  'not-found': 'CloudHsmResourceNotFoundException',
  'invalid-request': 'CloudHsmInvalidRequestException',
  'limit-exceeded': 'CloudHsmResourceLimitExceededException',
};

export function unwrapCloudHsm<T>(
  result: { ok: true; value: T } | { ok: false; problem: Problem<CloudHsmProblemKind> },
): T {
  if (result.ok) return result.value;
  throw new CloudHsmError(ERROR_OF_PROBLEM[result.problem.kind], result.problem.detail);
}
