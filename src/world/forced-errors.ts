/**
 * Symptom injection (issue #3 §2 `force-error`): a given exception for matching requests, whatever
 * the world's state. This is not a cause the services derive from; every report marks runs that
 * use it, because a client tested only against forced symptoms is tested against kmsim's guess.
 */
import { FaultRuleSet } from './fault-rule.js';

export interface ForcedError {
  readonly errorName: string;
  readonly message: string | undefined;
}

export class ForcedErrors {
  readonly rules = new FaultRuleSet<ForcedError>('forced-error');
}
