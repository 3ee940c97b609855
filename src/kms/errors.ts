/**
 * The KMS error catalogue: one row per wire error, with the status real KMS puts on the wire.
 * docs/behaviour.md §1.4: recorded responses show 400 for every client error (the Smithy model's 404/409/412
 * are not what the wire carries); only internal/dependency faults are 5xx.
 */
import { AwsServiceError, type AwsErrorSpec } from '../protocol/aws-error.js';

const KMS_ERROR_STATUS = {
  // Unmodeled, may come from any operation (docs/behaviour.md §1.3, §1.4, §8.7).
  ValidationException: 400,
  SerializationException: 400,
  UnknownOperationException: 400,
  AccessDeniedException: 400,
  ThrottlingException: 400,
  // Modeled client errors (docs/behaviour.md §1.4).
  NotFoundException: 400,
  DisabledException: 400,
  KMSInvalidStateException: 400,
  DryRunOperationException: 400,
  AlreadyExistsException: 400,
  InvalidCiphertextException: 400,
  IncorrectKeyException: 400,
  InvalidKeyUsageException: 400,
  UnsupportedOperationException: 400,
  LimitExceededException: 400,
  TagException: 400,
  InvalidArnException: 400,
  InvalidAliasNameException: 400,
  InvalidMarkerException: 400,
  InvalidGrantTokenException: 400,
  InvalidGrantIdException: 400,
  ConflictException: 400,
  MalformedPolicyDocumentException: 400,
  CustomKeyStoreNotFoundException: 400,
  CustomKeyStoreNameInUseException: 400,
  CustomKeyStoreInvalidStateException: 400,
  CustomKeyStoreHasCMKsException: 400,
  CloudHsmClusterNotFoundException: 400,
  CloudHsmClusterInUseException: 400,
  CloudHsmClusterNotActiveException: 400,
  CloudHsmClusterInvalidConfigurationException: 400,
  CloudHsmClusterNotRelatedException: 400,
  IncorrectTrustAnchorException: 400,
  // Server faults (docs/behaviour.md §1.4). DependencyTimeoutException: the model says 503; see docs/fidelity.md.
  KMSInternalException: 500,
  KeyUnavailableException: 500,
  DependencyTimeoutException: 503,
  // Our own: a simulator bug. 400 so no SDK retries it as if the network failed (ARCHITECTURE §5).
  KmsimSimulatorBugException: 400,
} as const;

export type KmsErrorName = keyof typeof KMS_ERROR_STATUS;

export function kmsErrorSpec(name: KmsErrorName): AwsErrorSpec {
  const status = KMS_ERROR_STATUS[name];
  return {
    wireName: name,
    status,
    fault: status >= 500 ? 'server' : 'client',
    messageKey: 'message',
  };
}

export class KmsError extends AwsServiceError {
  declare readonly wireName: KmsErrorName;
  constructor(name: KmsErrorName, message: string | undefined) {
    super(kmsErrorSpec(name), message);
  }
}

export function isKmsErrorName(name: string): name is KmsErrorName {
  return Object.hasOwn(KMS_ERROR_STATUS, name);
}

export const KMS_ERROR_NAMES = Object.keys(KMS_ERROR_STATUS) as KmsErrorName[];

/** Errors that may come from any KMS operation and so are never listed per operation (docs/behaviour.md §2.1). */
export const KMS_UNIVERSAL_ERRORS: readonly KmsErrorName[] = [
  'ValidationException',
  'SerializationException',
  'UnknownOperationException',
  'AccessDeniedException',
  'ThrottlingException',
];

/** Standard texts quoted from the wire or the docs (docs/behaviour.md §3.2, §4.6, §5.3, §8.3, §8.6). */
export const KMS_MESSAGES = {
  throttling:
    'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.',
  dryRun: 'The request would have succeeded, but the DryRun option is set.',
  incorrectKey:
    'The key ID in the request does not identify a CMK that can perform this operation.',
  clusterUnreachable: 'KMS cannot communicate with your CloudHSM cluster',
  /** Decrypt/ReEncrypt without CiphertextBlob and without DryRun IGNORE_CIPHERTEXT (docs/behaviour.md §8.7 null form). */
  nullCiphertextBlob:
    "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null",
} as const;
