/**
 * A reset connection between the application and the endpoint (docs/behaviour.md §1.6): ECONNRESET, which the
 * SDK classifies as transient and retries. It applies to the in-process transport, scoped by
 * service, operations, count and an end time (rule-scope.ts). Heal: removed.
 */
import { defineFault, injected } from './fault.js';
import { RULE_SCOPE_PARAMS, ruleScope, scopeProblem } from './rule-scope.js';

export const connectionReset = defineFault({
  name: 'connection-reset',
  summary: 'the connection to the endpoint is reset (ECONNRESET, retried by the SDK)',
  symptom: false,
  healable: true,
  params: RULE_SCOPE_PARAMS,
  schedule: {
    byDefault: true,
    draw: {
      service: { draw: 'one-of', values: ['kms'] },
      count: { draw: 'multiples', of: 1, from: 1, to: 5, optional: true },
    },
  },
  runbook: {
    heal: 'Nothing in AWS: the network between the application and the KMS endpoint recovers.',
  },
  validate: (params) => scopeProblem(params),
  inject(world, params) {
    const id = world.clientNetwork.faults.add(ruleScope(world, params), {
      kind: 'reset',
      afterMs: 0,
    });
    return injected(() => void world.clientNetwork.faults.remove(id));
  },
});
