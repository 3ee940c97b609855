/**
 * A grant on a KMS key (issue #10; API reference CreateGrant, ListGrants GrantListEntry). kmsim
 * stores grants and their tokens faithfully; it does not use them to authorize requests, as it
 * evaluates no policies (docs/fidelity.md).
 */
export interface GrantConstraints {
  readonly EncryptionContextSubset?: Readonly<Record<string, string>>;
  readonly EncryptionContextEquals?: Readonly<Record<string, string>>;
  readonly SourceArn?: string;
}

/** What CreateGrant asks for; two requests with equal specs and a Name make one grant. */
export interface GrantSpec {
  readonly name: string | undefined;
  readonly granteePrincipal: string | undefined;
  readonly granteeServicePrincipal: string | undefined;
  readonly retiringPrincipal: string | undefined;
  readonly retiringServicePrincipal: string | undefined;
  readonly operations: readonly string[];
  readonly constraints: GrantConstraints | undefined;
}

export interface Grant extends GrantSpec {
  readonly grantId: string;
  readonly keyId: string;
  readonly createdAtMs: number;
  /** The account the grant was issued in: `arn:aws:iam::<account>:root`. */
  readonly issuingAccount: string;
}
