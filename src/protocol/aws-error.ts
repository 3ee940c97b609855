/**
 * Base class of every error that goes on the wire. Each concrete error carries its wire name
 * (`__type`), HTTP status and fault side from one catalogue per service (kms/errors.ts,
 * cloudhsm/errors.ts), so no operation invents a status of its own (ARCHITECTURE convention 4).
 */
export type FaultSide = 'client' | 'server';

/** KMS uses `message`, CloudHSM v2 uses `Message` (docs/behaviour.md §1.3). */
export type MessageKey = 'message' | 'Message';

export interface AwsErrorSpec {
  readonly wireName: string;
  readonly status: number;
  readonly fault: FaultSide;
  readonly messageKey: MessageKey;
}

export class AwsServiceError extends Error {
  readonly wireName: string;
  readonly status: number;
  readonly fault: FaultSide;
  readonly messageKey: MessageKey;
  /** `undefined` means the body carries no message member at all (docs/behaviour.md §1.3: InvalidCiphertextException). */
  readonly wireMessage: string | undefined;

  constructor(spec: AwsErrorSpec, wireMessage: string | undefined) {
    super(wireMessage ?? spec.wireName);
    this.name = spec.wireName;
    this.wireName = spec.wireName;
    this.status = spec.status;
    this.fault = spec.fault;
    this.messageKey = spec.messageKey;
    this.wireMessage = wireMessage;
  }

  /** The JSON body real AWS sends for this error (docs/behaviour.md §1.3). */
  toWireBody(): Record<string, string> {
    const body: Record<string, string> = { __type: this.wireName };
    if (this.wireMessage !== undefined) body[this.messageKey] = this.wireMessage;
    return body;
  }
}

/**
 * Raised when the simulator itself is wrong (an invariant broke, an operation raised an error it
 * does not declare). It is never turned into a retryable 5xx: the dispatcher records it, answers
 * with a non-retryable 400 `KmsimSimulatorBugException`, and the run is marked failed
 * (ARCHITECTURE convention 5).
 */
export class SimulatorBug extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulatorBug';
  }
}
