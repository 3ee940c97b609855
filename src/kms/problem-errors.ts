/**
 * The one table from world problems to KMS wire errors (docs/behaviour.md §3.2, §4.4-4.6). Backend problems
 * behind a CONNECTED store are KMSInvalidStateException for cryptographic operations (docs/behaviour.md §4.6:
 * "a catch-all for backend failures; the message distinguishes causes"); for CreateKey and
 * GenerateRandom, whose error lists lack KMSInvalidStateException, they are KMSInternalException
 * (docs/fidelity.md).
 */
import type { KmsProblemKind } from '../world/kms-problem.js';
import type { Problem } from '../world/result.js';
import { KMS_MESSAGES, KmsError, type KmsErrorName } from './errors.js';

const PROBLEM_ERRORS: Record<KmsProblemKind, KmsErrorName> = {
  'key-store-not-found': 'CustomKeyStoreNotFoundException',
  'key-store-name-in-use': 'CustomKeyStoreNameInUseException',
  'key-store-invalid-state': 'CustomKeyStoreInvalidStateException',
  'key-store-has-keys': 'CustomKeyStoreHasCMKsException',
  'key-store-limit': 'LimitExceededException',
  'cluster-not-found': 'CloudHsmClusterNotFoundException',
  'cluster-in-use': 'CloudHsmClusterInUseException',
  'cluster-not-active': 'CloudHsmClusterNotActiveException',
  'cluster-invalid-configuration': 'CloudHsmClusterInvalidConfigurationException',
  'cluster-not-related': 'CloudHsmClusterNotRelatedException',
  'incorrect-trust-anchor': 'IncorrectTrustAnchorException',
  'key-limit': 'LimitExceededException',
  'key-pending-deletion': 'KMSInvalidStateException',
  'key-not-pending-deletion': 'KMSInvalidStateException',
  'alias-exists': 'AlreadyExistsException',
  'alias-not-found': 'NotFoundException',
  'alias-limit': 'LimitExceededException',
  'key-disabled': 'DisabledException',
  'policy-malformed': 'MalformedPolicyDocumentException',
  // docs/behaviour.md §5.4 / API reference CreateKey Policy: an oversized policy is LimitExceededException.
  'policy-too-large': 'LimitExceededException',
  'tag-invalid': 'TagException',
  'grant-limit': 'LimitExceededException',
  // Developer Guide key-state table note 7: rotation of keys in a custom key store.
  'rotation-unsupported': 'UnsupportedOperationException',
  'rotation-limit': 'LimitExceededException',
  'rotation-conflict': 'ConflictException',
  // The AWS managed key's policy allows the account no change (aws-managed-refusal.ts).
  'aws-managed-key': 'AccessDeniedException',
  'backend-cluster-deleted': 'KMSInvalidStateException',
  'backend-unreachable': 'KMSInvalidStateException',
  'backend-no-active-hsm': 'KMSInvalidStateException',
  'backend-key-material-missing': 'KMSInvalidStateException',
  // No free PKCS#11 session: KMS answers 500 so the SDK retries (docs/behaviour.md §4.6).
  'backend-sessions-exhausted': 'KMSInternalException',
  throttled: 'ThrottlingException',
};

export type ProblemContext = 'crypto' | 'management';

export function problemToError(
  problem: Problem<KmsProblemKind>,
  context: ProblemContext = 'crypto',
): KmsError {
  if (problem.kind === 'backend-sessions-exhausted')
    return new KmsError('KMSInternalException', problem.detail);
  // docs/behaviour.md §5.3: the exact text real KMS sends, whichever quota was exceeded.
  if (problem.kind === 'throttled')
    return new KmsError('ThrottlingException', KMS_MESSAGES.throttling);
  // A document that is not a policy: real KMS sends no message at all (docs/fidelity.md).
  if (problem.kind === 'policy-malformed' && problem.detail === '')
    return new KmsError('MalformedPolicyDocumentException', undefined);
  const backend = problem.kind.startsWith('backend-');
  if (backend && context === 'management')
    return new KmsError('KMSInternalException', problem.detail);
  // docs/behaviour.md §4.6 gives this exact message for a broken network path to the cluster.
  if (problem.kind === 'backend-unreachable')
    return new KmsError('KMSInvalidStateException', KMS_MESSAGES.clusterUnreachable);
  return new KmsError(PROBLEM_ERRORS[problem.kind], problem.detail);
}

/** Unwraps a world result or throws the mapped KMS error. */
export function unwrap<T>(
  result: { ok: true; value: T } | { ok: false; problem: Problem<KmsProblemKind> },
  context: ProblemContext = 'crypto',
): T {
  if (!result.ok) throw problemToError(result.problem, context);
  return result.value;
}
