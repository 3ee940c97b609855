/**
 * The shared front door of an AWS JSON 1.1 service (docs/behaviour.md §1.1-1.3): route on the operation name,
 * decode and validate the body, run the operation, and render the answer. Errors an operation does
 * not declare, and any other exception, are simulator bugs: they are reported to `onBug` and
 * answered with a non-retryable 400 `KmsimSimulatorBugException`, never a 5xx the SDK would retry
 * (ARCHITECTURE conventions 4 and 5).
 */
import { AwsServiceError, SimulatorBug } from './aws-error.js';
import { decodeRequest, type DecodeResult } from './decode-request.js';
import { errorResponse, successResponse } from './json-response.js';
import { RequestLatency } from '../sim/request-latency.js';
import type { Members, StructureShape } from './shape.js';
import type { WireResponse } from './wire.js';

export interface ServiceOperation {
  readonly shape: StructureShape<Members, string>;
  readonly errors: readonly string[];
  run(input: never, latency: RequestLatency): Record<string, unknown>;
}

export type ProtocolErrorName =
  | 'SerializationException'
  | 'ValidationException'
  | 'UnknownOperationException'
  | 'KmsimSimulatorBugException';

export interface ServiceDefinition {
  readonly name: string;
  readonly operations: ReadonlyMap<string, ServiceOperation>;
  /** Errors any operation may raise (docs/behaviour.md §2.1: Validation, Throttling, AccessDenied, ...). */
  readonly universalErrors: readonly string[];
  makeError(name: ProtocolErrorName, message: string | undefined): AwsServiceError;
}

/**
 * An operation as a service declares it: wire name, modeled errors, handler over the world. A
 * handler that uses simulated hardware adds the time it took to `latency`.
 */
export interface DeclaredOperation<W> {
  readonly name: string;
  readonly errors: readonly string[];
  run(world: W, input: never, latency: RequestLatency): Record<string, unknown>;
}

/** Binds each declared operation to its input shape and the world it serves. */
export function bindOperations<W>(
  world: W,
  declared: readonly DeclaredOperation<W>[],
  shapes: Readonly<Record<string, StructureShape<Members, string>>>,
): Map<string, ServiceOperation> {
  const operations = new Map<string, ServiceOperation>();
  for (const operation of declared) {
    const shape = shapes[operation.name];
    if (!shape) throw new Error(`operation ${operation.name} has no input shape`);
    operations.set(operation.name, {
      shape,
      errors: operation.errors,
      run: (input: never, latency: RequestLatency) => operation.run(world, input, latency),
    });
  }
  return operations;
}

/** The message of UnknownOperationException for an operation kmsim does not serve (docs/fidelity.md). */
export function unservedOperationMessage(serviceName: string, operationName: string): string {
  return operationName === ''
    ? `kmsim could not route this request: the X-Amz-Target header names no ${serviceName} operation.`
    : `kmsim does not serve the ${serviceName} operation ${operationName}.`;
}

export interface DispatchContext {
  readonly requestId: string;
  /** The caller waits the request's latency out in virtual time (RequestLatency.responseWaits). */
  readonly responseWaits?: boolean;
  onBug(bug: SimulatorBug, operation: string): void;
}

/** A request's answer, and the virtual time it spent on simulated hardware (RequestLatency). */
export interface Dispatched {
  readonly response: WireResponse;
  readonly latencyMs: number;
}

export function dispatchOperation(
  service: ServiceDefinition,
  operationName: string,
  body: string,
  context: DispatchContext,
): Dispatched {
  const latency = new RequestLatency(context.responseWaits === true);
  const response = answer(service, operationName, body, context, latency);
  return { response, latencyMs: latency.ms };
}

function answer(
  service: ServiceDefinition,
  operationName: string,
  body: string,
  context: DispatchContext,
  latency: RequestLatency,
): WireResponse {
  const operation = service.operations.get(operationName);
  // docs/behaviour.md §1.1: an unknown target gives UnknownOperationException. Coral sends no message; kmsim
  // names the operation so a user can tell "not served" from a routing bug (issue #10).
  if (!operation)
    return errorResponse(
      context.requestId,
      service.makeError(
        'UnknownOperationException',
        unservedOperationMessage(service.name, operationName),
      ),
    );
  // Operations are typed by their own shapes; here the input is opaque until the operation runs.
  const decode = decodeRequest as unknown as (
    shape: unknown,
    text: string,
  ) => DecodeResult<unknown>;
  const decoded = decode(operation.shape, body);
  if (!decoded.ok) {
    const name =
      decoded.kind === 'serialization' ? 'SerializationException' : 'ValidationException';
    return errorResponse(context.requestId, service.makeError(name, decoded.message));
  }
  try {
    const output = operation.run(decoded.value as never, latency);
    return successResponse(context.requestId, output);
  } catch (error) {
    if (
      error instanceof AwsServiceError &&
      (operation.errors.includes(error.wireName) ||
        service.universalErrors.includes(error.wireName))
    ) {
      return errorResponse(context.requestId, error);
    }
    const bug =
      error instanceof AwsServiceError
        ? new SimulatorBug(
            `${service.name}.${operationName} raised ${error.wireName}, which it does not declare: ${error.message}`,
          )
        : new SimulatorBug(
            `${service.name}.${operationName} crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          );
    context.onBug(bug, operationName);
    return errorResponse(
      context.requestId,
      service.makeError('KmsimSimulatorBugException', bug.message.split('\n')[0]),
    );
  }
}
