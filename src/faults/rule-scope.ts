/**
 * The scope shared by faults that act on requests rather than on the world (connection-reset,
 * connection-timeout, force-error): which service and operations, how many requests, and for how
 * long (docs/behaviour.md §1.6). Parameters in scenario terms; `duration` reaches the injector as durationMs.
 */
import { CLOUDHSM_OPERATIONS } from '../cloudhsm/operations/index.js';
import { KMS_OPERATIONS } from '../kms/operations/index.js';
import type { FaultRuleScope } from '../world/fault-rule.js';
import type { World } from '../world/world.js';
import type { FaultParam, FaultParams } from './fault.js';

export const RULE_SCOPE_PARAMS = {
  service: {
    kind: 'string',
    required: false,
    description: 'kms or cloudhsmv2 (default: both)',
  },
  operations: {
    kind: 'string-list',
    required: false,
    description: 'wire operation names (default: all)',
  },
  count: {
    kind: 'number',
    required: false,
    min: 1,
    integer: true,
    description: 'how many requests it affects (default: until healed)',
  },
  duration: {
    kind: 'duration',
    required: false,
    as: 'durationMs',
    description: 'how long it lasts from injection (default: until healed)',
  },
} as const satisfies Record<string, FaultParam>;

/** The endpoints a rule can be scoped to, as the simulator routes requests, and their operations. */
const RULE_SERVICES: ReadonlyMap<string, readonly string[]> = new Map([
  ['kms', KMS_OPERATIONS.map((operation) => operation.name)],
  ['cloudhsmv2', CLOUDHSM_OPERATIONS.map((operation) => operation.name)],
]);

/**
 * A scope naming a service or operation that no request can have would inject a rule that never
 * matches, and a caller would wait for a fault that never comes (issue #11 §7): the field at fault.
 * `services`: the ones the fault supports.
 */
export function scopeProblem(
  params: FaultParams,
  services: readonly string[] = [...RULE_SERVICES.keys()],
): { field: string; message: string } | undefined {
  const service = params.service;
  if (service !== undefined && !(typeof service === 'string' && services.includes(service)))
    return {
      field: 'service',
      message: `must be ${services.join(' or ')} (omit it for ${services.length > 1 ? 'both' : 'the default'}), got ${JSON.stringify(service)}`,
    };
  const operations = params.operations;
  if (!Array.isArray(operations)) return undefined;
  if (operations.length === 0)
    return {
      field: 'operations',
      message: 'must name at least one operation (omit it for every operation)',
    };
  const scoped = typeof service === 'string' ? [service] : services;
  const served = scoped.flatMap((name) => RULE_SERVICES.get(name) ?? []);
  const unknown = operations.find((operation) => !served.includes(operation as string));
  return unknown === undefined
    ? undefined
    : {
        field: 'operations',
        message: `'${String(unknown)}' is not an operation of ${scoped.join(' or ')}; they are: ${served.join(', ')}`,
      };
}

export function ruleScope(world: World, params: FaultParams): FaultRuleScope {
  return {
    service: params.service as string | undefined,
    operations: params.operations as string[] | undefined,
    count: params.count as number | undefined,
    untilMs: typeof params.durationMs === 'number' ? world.nowMs + params.durationMs : undefined,
  };
}
