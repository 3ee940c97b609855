/**
 * The key policy documents KMS writes itself (issue #10): the default key policy a key gets when
 * CreateKey names none, and the policy of an AWS managed key. KMS returns them pretty-printed with
 * " : " between name and value, two-space indents and `[ {` around statement lists (the layout the
 * Developer Guide's GetKeyPolicy example shows for the default policy); `policyText` reproduces it.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function render(value: Json, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[ ]';
    return `[ ${value.map((item) => render(item, indent)).join(', ')} ]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{ }';
    const inner = `${indent}  `;
    const members = entries.map(
      ([name, item]) => `${inner}${JSON.stringify(name)} : ${render(item, inner)}`,
    );
    return `{\n${members.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** A policy document in the layout KMS returns for the policies it writes. */
export function policyText(document: Json): string {
  return render(document, '');
}

function accountRoot(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

/**
 * The default key policy of a key created through the API without a Policy: one statement that
 * lets the account's IAM policies allow every KMS action (Developer Guide "Default key policy").
 */
export function defaultKeyPolicy(accountId: string): string {
  return policyText({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: accountRoot(accountId) },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  });
}

/**
 * The policy of an AWS managed key, in the documented structure: principals of the account may use
 * the key only through the owning service (kms:ViaService, kms:CallerAccount), and the account may
 * read the key's metadata and revoke grants. No statement allows PutKeyPolicy, so nobody in the
 * account can change it. The statement ids are kmsim's own wording.
 */
export function awsManagedKeyPolicy(
  accountId: string,
  service: string,
  viaServiceEndpoint: string,
): string {
  return policyText({
    Version: '2012-10-17',
    Id: `auto-${service}-1`,
    Statement: [
      {
        Sid: `Allow use of the key through ${service} by principals of the account`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:CreateGrant',
          'kms:DescribeKey',
        ],
        Resource: '*',
        Condition: {
          StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': viaServiceEndpoint },
        },
      },
      {
        Sid: 'Allow the account to read the key metadata',
        Effect: 'Allow',
        Principal: { AWS: accountRoot(accountId) },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
        Resource: '*',
      },
    ],
  });
}
