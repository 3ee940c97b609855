/**
 * Every way a KMS-side world operation can fail, as a domain fact. kms/problem-errors.ts maps each
 * kind to the exact wire exception (one table; docs/behaviour.md §3.2, §4.4-4.6).
 */
export type KmsProblemKind =
  // key stores (docs/behaviour.md §4.4)
  | 'key-store-not-found'
  | 'key-store-name-in-use'
  | 'key-store-invalid-state'
  | 'key-store-has-keys'
  | 'key-store-limit'
  | 'cluster-not-found'
  | 'cluster-in-use'
  | 'cluster-not-active'
  | 'cluster-invalid-configuration'
  | 'cluster-not-related'
  | 'incorrect-trust-anchor'
  // keys and aliases (docs/behaviour.md §3.2, §5.4)
  | 'key-limit'
  | 'key-pending-deletion'
  | 'key-not-pending-deletion'
  | 'alias-exists'
  | 'alias-not-found'
  | 'alias-limit'
  // key policies, tags, grants, rotation, AWS managed keys (issue #10)
  | 'key-disabled'
  | 'policy-malformed'
  | 'policy-too-large'
  | 'tag-invalid'
  | 'grant-limit'
  | 'rotation-unsupported'
  | 'rotation-limit'
  | 'rotation-conflict'
  | 'aws-managed-key'
  // the CloudHSM backend behind a CONNECTED store (docs/behaviour.md §4.6)
  | 'backend-cluster-deleted'
  | 'backend-unreachable'
  | 'backend-no-active-hsm'
  | 'backend-key-material-missing'
  | 'backend-sessions-exhausted'
  // request quotas (docs/behaviour.md §5)
  | 'throttled';
