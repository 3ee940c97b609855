/**
 * The scope shared by faults that act on requests rather than on the world (connection-reset,
 * connection-timeout, force-error): which service and operations, how many requests, and for how
 * long (docs/behaviour.md §1.6). Parameters in scenario terms; `duration` reaches the injector as durationMs.
 */
import type { FaultRuleScope } from '../world/fault-rule.js';
import type { World } from '../world/world.js';
import type { FaultParam, FaultParams } from './fault.js';

export const RULE_SCOPE_PARAMS = {
  service: {
    kind: 'string',
    required: false,
    description: 'kms or cloudhsmv2 (default: both)',
    values: ['kms', 'cloudhsmv2'],
    valuesAre: 'kms or cloudhsmv2',
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

export function ruleScope(world: World, params: FaultParams): FaultRuleScope {
  return {
    service: params.service as string | undefined,
    operations: params.operations as string[] | undefined,
    count: params.count as number | undefined,
    untilMs: typeof params.durationMs === 'number' ? world.nowMs + params.durationMs : undefined,
  };
}
