/**
 * KMS operation lists the tests share. They are written out here, not read from src/, so a test
 * notices when src/ drops or adds an operation.
 */

/** The operations issue #10 added (src/kms/operations/). */
export const ISSUE_10_OPERATIONS = [
  'GetKeyPolicy',
  'PutKeyPolicy',
  'ListKeyPolicies',
  'TagResource',
  'UntagResource',
  'ListResourceTags',
  'CreateGrant',
  'ListGrants',
  'ListRetirableGrants',
  'RetireGrant',
  'RevokeGrant',
  'EnableKeyRotation',
  'DisableKeyRotation',
  'GetKeyRotationStatus',
  'RotateKeyOnDemand',
  'ListKeyRotations',
  'UpdateKeyDescription',
  'GetKeyLastUsage',
] as const;
