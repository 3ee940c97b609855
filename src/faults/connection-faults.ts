/**
 * Faults on the connection between the application and the endpoint (spec §1.6): a reset
 * (ECONNRESET) or a timeout, which the SDK classifies as transient and retries. They apply to the
 * in-process transport; scoped by service, operations, count and an end time. Heal: removed.
 */
import { CLOUDHSM_OPERATIONS } from '../cloudhsm/operations/index.js';
import { KMS_OPERATIONS } from '../kms/operations/index.js';
import type { FaultRuleScope } from '../world/fault-rule.js';
import type { World } from '../world/world.js';
import {
  injected,
  refused,
  type FaultInjector,
  type FaultParams,
  type ParamSpec,
} from './fault.js';

export const ruleScopeParams: Record<string, ParamSpec> = {
  service: { type: 'string', required: false, description: 'kms or cloudhsmv2 (default: both)' },
  operations: {
    type: 'string-list',
    required: false,
    description: 'wire operation names (default: all)',
  },
  count: {
    type: 'number',
    required: false,
    description: 'how many requests it affects (default: until healed)',
  },
  durationMs: {
    type: 'number',
    required: false,
    description: 'how long it lasts from injection (default: until healed)',
  },
};

/** The endpoints a rule can be scoped to, as the simulator routes requests, and their operations. */
export const RULE_SERVICES: ReadonlyMap<string, readonly string[]> = new Map([
  ['kms', KMS_OPERATIONS.map((operation) => operation.name)],
  ['cloudhsmv2', CLOUDHSM_OPERATIONS.map((operation) => operation.name)],
]);

/** What is wrong with a `service` value, or undefined; `services` are the ones the fault supports. */
export function serviceProblem(
  service: unknown,
  services: readonly string[] = [...RULE_SERVICES.keys()],
): string | undefined {
  if (service === undefined || (typeof service === 'string' && services.includes(service)))
    return undefined;
  return `must be ${services.join(' or ')} (omit it for ${services.length > 1 ? 'both' : 'the default'}), got ${JSON.stringify(service)}`;
}

/** What is wrong with an `operations` list, or undefined: each must be a wire operation of the services. */
export function operationsProblem(
  operations: unknown,
  services: readonly string[] = [...RULE_SERVICES.keys()],
): string | undefined {
  if (!Array.isArray(operations)) return undefined;
  if (operations.length === 0)
    return 'must name at least one operation (omit it for every operation)';
  const served = services.flatMap((service) => RULE_SERVICES.get(service) ?? []);
  const unknown = operations.find((operation) => !served.includes(operation as string));
  return unknown === undefined
    ? undefined
    : `'${String(unknown)}' is not an operation of ${services.join(' or ')}; they are: ${served.join(', ')}`;
}

/**
 * A scope naming a service or operation that no request can have would inject a rule that never
 * matches, and a caller would wait for a fault that never comes: refuse it, naming the field.
 */
export function ruleScopeProblem(
  params: FaultParams,
  services: readonly string[] = [...RULE_SERVICES.keys()],
): string | undefined {
  const service = serviceProblem(params.service, services);
  if (service !== undefined) return `field 'service' ${service}`;
  const scoped = typeof params.service === 'string' ? [params.service] : services;
  const operations = operationsProblem(params.operations, scoped);
  return operations === undefined ? undefined : `field 'operations' ${operations}`;
}

export function ruleScope(world: World, params: FaultParams): FaultRuleScope {
  return {
    service: params.service as string | undefined,
    operations: params.operations as string[] | undefined,
    count: params.count as number | undefined,
    untilMs: typeof params.durationMs === 'number' ? world.nowMs + params.durationMs : undefined,
  };
}

export const connectionReset: FaultInjector = {
  name: 'connection-reset',
  summary: 'the connection to the endpoint is reset (ECONNRESET, retried by the SDK)',
  symptom: false,
  params: ruleScopeParams,
  inject(world, params) {
    const problem = ruleScopeProblem(params);
    if (problem) return refused(problem);
    const id = world.clientNetwork.faults.add(ruleScope(world, params), {
      kind: 'reset',
      afterMs: 0,
    });
    return injected(() => void world.clientNetwork.faults.remove(id));
  },
};

export const connectionTimeout: FaultInjector = {
  name: 'connection-timeout',
  summary: 'requests time out after timeoutMs without an answer (retried by the SDK)',
  symptom: false,
  params: {
    ...ruleScopeParams,
    timeoutMs: {
      type: 'number',
      required: false,
      description: 'virtual ms before the timeout (default 30000)',
    },
  },
  inject(world, params) {
    const problem = ruleScopeProblem(params);
    if (problem) return refused(problem);
    const afterMs = typeof params.timeoutMs === 'number' ? params.timeoutMs : 30_000;
    const id = world.clientNetwork.faults.add(ruleScope(world, params), {
      kind: 'timeout',
      afterMs,
    });
    return injected(() => void world.clientNetwork.faults.remove(id));
  },
};
