/**
 * SYMPTOM injector (flagged in every report): the named exception for matching requests, whatever
 * the world's state (issue #3 §2). For clients that must survive anything; it tests the client
 * against kmsim's guess, not against a cause the services derive from. The exception must be one
 * the service can send.
 */
import { KMS_ERROR_NAMES } from '../kms/errors.js';
import { defineFault, injected } from './fault.js';
import { RULE_SCOPE_PARAMS, ruleScope, scopeProblem } from './rule-scope.js';

/** Every KMS exception but kmsim's own simulator-bug signal. */
const FORCEABLE = KMS_ERROR_NAMES.filter((name) => name !== 'KmsimSimulatorBugException');

/** Retryable KMS exceptions property tests force (docs/behaviour.md §1.4, §1.6). */
const RETRYABLE = [
  'KMSInternalException',
  'ThrottlingException',
  'KeyUnavailableException',
  'DependencyTimeoutException',
] as const;

export const forceError = defineFault({
  name: 'force-error',
  summary: 'FLAGGED SYMPTOM: answer matching requests with the given exception',
  symptom: true,
  healable: true,
  params: {
    ...RULE_SCOPE_PARAMS,
    service: {
      kind: 'string',
      required: false,
      description: 'kms, the only service it answers for',
    },
    exception: {
      kind: 'string',
      required: true,
      description: 'the wire error name, e.g. KMSInternalException',
      values: FORCEABLE,
      valuesAre: 'a KMS exception',
    },
    message: { kind: 'string', required: false, description: 'the error message' },
  },
  schedule: {
    byDefault: false,
    draw: {
      service: { draw: 'one-of', values: ['kms'] },
      exception: { draw: 'one-of', values: RETRYABLE },
      count: { draw: 'multiples', of: 1, from: 1, to: 5, optional: true },
    },
  },
  runbook: { heal: 'Nothing: the injected (flagged) error stops.' },
  validate: (params) => scopeProblem(params, ['kms']),
  inject(world, params) {
    const errorName = String(params.exception);
    const id = world.forcedErrors.rules.add(
      { ...ruleScope(world, params), service: 'kms' },
      { errorName, message: params.message as string | undefined },
    );
    world.record('fault.force-error', { ruleId: id, errorName, flagged: true });
    return injected(() => void world.forcedErrors.rules.remove(id));
  },
});
