/**
 * Requests to the endpoint that time out without an answer (docs/behaviour.md §1.6), which the SDK classifies
 * as transient and retries. It applies to the in-process transport, scoped by service, operations,
 * count and an end time (rule-scope.ts). Heal: removed.
 */
import { defineFault, injected } from './fault.js';
import { RULE_SCOPE_PARAMS, ruleScope, scopeProblem } from './rule-scope.js';

export const connectionTimeout = defineFault({
  name: 'connection-timeout',
  summary: 'requests time out after timeoutMs without an answer (retried by the SDK)',
  symptom: false,
  healable: true,
  params: {
    ...RULE_SCOPE_PARAMS,
    timeout: {
      kind: 'duration',
      required: false,
      as: 'timeoutMs',
      description: 'virtual ms before the timeout (default 30000)',
    },
  },
  schedule: {
    byDefault: true,
    draw: {
      service: { draw: 'one-of', values: ['kms'] },
      count: { draw: 'multiples', of: 1, from: 1, to: 3, optional: true },
      timeout: { draw: 'multiples', of: 1_000, from: 1, to: 30, optional: true },
    },
  },
  runbook: {
    heal: 'Nothing in AWS: the network between the application and the KMS endpoint recovers.',
  },
  validate: (params) => scopeProblem(params),
  inject(world, params) {
    const afterMs = typeof params.timeoutMs === 'number' ? params.timeoutMs : 30_000;
    const id = world.clientNetwork.faults.add(ruleScope(world, params), {
      kind: 'timeout',
      afterMs,
    });
    return injected(() => void world.clientNetwork.faults.remove(id));
  },
});
