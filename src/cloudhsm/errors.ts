/**
 * The CloudHSM v2 error catalogue (docs/behaviour.md §1.5): client faults are 400, the internal failure 500.
 * CloudHSM v2 errors carry `Message` with a capital M (docs/behaviour.md §1.3).
 */
import { AwsServiceError, type AwsErrorSpec } from '../protocol/aws-error.js';

const CLOUDHSM_ERROR_STATUS = {
  ValidationException: 400,
  SerializationException: 400,
  UnknownOperationException: 400,
  CloudHsmAccessDeniedException: 400,
  CloudHsmInvalidRequestException: 400,
  CloudHsmResourceNotFoundException: 400,
  CloudHsmResourceLimitExceededException: 400,
  CloudHsmServiceException: 400,
  CloudHsmTagException: 400,
  CloudHsmInternalFailureException: 500,
  KmsimSimulatorBugException: 400,
} as const;

export type CloudHsmErrorName = keyof typeof CLOUDHSM_ERROR_STATUS;

export function cloudHsmErrorSpec(name: CloudHsmErrorName): AwsErrorSpec {
  const status = CLOUDHSM_ERROR_STATUS[name];
  // Unmodeled protocol errors keep the lowercase key, modeled CloudHSM errors use `Message` (docs/behaviour.md §1.3).
  const modeled = name.startsWith('CloudHsm');
  return {
    wireName: name,
    status,
    fault: status >= 500 ? 'server' : 'client',
    messageKey: modeled ? 'Message' : 'message',
  };
}

export class CloudHsmError extends AwsServiceError {
  declare readonly wireName: CloudHsmErrorName;
  constructor(name: CloudHsmErrorName, message: string | undefined) {
    super(cloudHsmErrorSpec(name), message);
  }
}
