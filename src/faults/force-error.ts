/**
 * SYMPTOM injector (flagged in every report): the named exception for matching requests, whatever
 * the world's state (issue #3 §2). For clients that must survive anything; it tests the client
 * against kmsim's guess, not against a cause the services derive from. The exception must be one
 * the service can send.
 */
import { isKmsErrorName } from '../kms/errors.js';
import { injected, refused, type FaultInjector } from './fault.js';
import { ruleScope, ruleScopeParams, ruleScopeProblem } from './connection-faults.js';

export const forceError: FaultInjector = {
  name: 'force-error',
  summary: 'FLAGGED SYMPTOM: answer matching requests with the given exception',
  symptom: true,
  params: {
    ...ruleScopeParams,
    exception: {
      type: 'string',
      required: true,
      description: 'the wire error name, e.g. KMSInternalException',
    },
    message: { type: 'string', required: false, description: 'the error message' },
  },
  inject(world, params) {
    const errorName = String(params.exception);
    const service = params.service as string | undefined;
    if (service !== undefined && service !== 'kms')
      return refused(`field 'service': force-error supports kms only`);
    const scope = ruleScopeProblem(params, ['kms']);
    if (scope) return refused(scope);
    if (!isKmsErrorName(errorName) || errorName === 'KmsimSimulatorBugException')
      return refused(`field 'exception': ${errorName} is not a KMS error name`);
    const id = world.forcedErrors.rules.add(
      { ...ruleScope(world, params), service: 'kms' },
      { errorName, message: params.message as string | undefined },
    );
    world.record('fault.force-error', { ruleId: id, errorName, flagged: true });
    return injected(() => void world.forcedErrors.rules.remove(id));
  },
};
