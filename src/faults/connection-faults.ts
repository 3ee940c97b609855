/**
 * Faults on the connection between the application and the endpoint (spec §1.6): a reset
 * (ECONNRESET) or a timeout, which the SDK classifies as transient and retries. They apply to the
 * in-process transport; scoped by service, operations, count and an end time. Heal: removed.
 */
import type { FaultRuleScope } from '../world/fault-rule.js';
import type { World } from '../world/world.js';
import { injected, type FaultInjector, type FaultParams, type ParamSpec } from './fault.js';

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
    const afterMs = typeof params.timeoutMs === 'number' ? params.timeoutMs : 30_000;
    const id = world.clientNetwork.faults.add(ruleScope(world, params), {
      kind: 'timeout',
      afterMs,
    });
    return injected(() => void world.clientNetwork.faults.remove(id));
  },
};
