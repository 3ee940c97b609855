/**
 * The network between the application and the KMS / CloudHSM endpoints. Connection-level faults
 * here surface to the client as socket errors, which the SDK classifies as transient and retries
 * (ECONNRESET, timeouts; docs/behaviour.md §1.6).
 */
import { FaultRuleSet } from './fault-rule.js';

export type ConnectionFaultKind = 'reset' | 'timeout';

export interface ConnectionFault {
  readonly kind: ConnectionFaultKind;
  /** For `timeout`: virtual ms the client waits before its request times out. */
  readonly afterMs: number;
}

export class ClientNetwork {
  readonly faults = new FaultRuleSet<ConnectionFault>('connection-fault');
}
