/**
 * Input shapes of the KMS operations kmsim serves, transcribed from the botocore model
 * `botocore/data/kms/2014-11-01/service-2.json` (2026-05; docs/behaviour.md §2.1 [M]), with three enums
 * extended to the newer model shipped in the pinned @aws-sdk/client-kms: every member of each input, in
 * model order, with its min/max/enum/pattern/sensitive constraints, so modeled members the
 * simulator does not act on (Recipient, XKS settings, Tags ...) are still validated as AWS does.
 * `required` is exactly what the model marks; service-side "required in practice" rules are
 * operation code. Constant names follow the model's shape names.
 */
import * as s from '../protocol/shape.js';
import type { Infer, StructureShape } from '../protocol/shape.js';

const keyIdType = s.string({ min: 1, max: 2048 });
// docs/behaviour.md §8.7 [W]: sensitive, so a violation prints `Value at 'plaintext'` without the value.
const plaintextType = s.blob({ min: 1, max: 4096, sensitive: true });
const encryptionContextKey = s.string();
const encryptionContextValue = s.string();
const encryptionContextType = s.map(encryptionContextKey, encryptionContextValue);
const grantTokenType = s.string({ min: 1, max: 8192 });
const grantTokenList = s.list(grantTokenType, { min: 0, max: 10 });
const encryptionAlgorithmSpec = s.enumOf([
  'SYMMETRIC_DEFAULT',
  'RSAES_OAEP_SHA_1',
  'RSAES_OAEP_SHA_256',
  'SM2PKE',
]);
const nullableBooleanType = s.boolean();
const encryptRequest = s.structure(
  {
    KeyId: keyIdType,
    Plaintext: plaintextType,
    EncryptionContext: encryptionContextType,
    GrantTokens: grantTokenList,
    EncryptionAlgorithm: encryptionAlgorithmSpec,
    DryRun: nullableBooleanType,
  },
  ['KeyId', 'Plaintext'],
);
const ciphertextType = s.blob({ min: 1, max: 6144 });
const keyEncryptionMechanism = s.enumOf(['RSAES_OAEP_SHA_256']);
const attestationDocumentType = s.blob({ min: 1, max: 262144 });
const recipientInfo = s.structure({
  KeyEncryptionAlgorithm: keyEncryptionMechanism,
  AttestationDocument: attestationDocumentType,
});
const dryRunModifierType = s.enumOf(['IGNORE_CIPHERTEXT']);
const dryRunModifierList = s.list(dryRunModifierType);
// Nothing is required in the model (docs/behaviour.md §2.1): CiphertextBlob may be omitted with DryRunModifiers.
const decryptRequest = s.structure({
  CiphertextBlob: ciphertextType,
  EncryptionContext: encryptionContextType,
  GrantTokens: grantTokenList,
  KeyId: keyIdType,
  EncryptionAlgorithm: encryptionAlgorithmSpec,
  Recipient: recipientInfo,
  DryRun: nullableBooleanType,
  DryRunModifiers: dryRunModifierList,
});
const reEncryptRequest = s.structure(
  {
    CiphertextBlob: ciphertextType,
    SourceEncryptionContext: encryptionContextType,
    SourceKeyId: keyIdType,
    DestinationKeyId: keyIdType,
    DestinationEncryptionContext: encryptionContextType,
    SourceEncryptionAlgorithm: encryptionAlgorithmSpec,
    DestinationEncryptionAlgorithm: encryptionAlgorithmSpec,
    GrantTokens: grantTokenList,
    DryRun: nullableBooleanType,
    DryRunModifiers: dryRunModifierList,
  },
  ['DestinationKeyId'],
);
// docs/behaviour.md §8.4, §8.7 [W]: `Value '1025' at 'numberOfBytes' ... less than or equal to 1024`.
const numberOfBytesType = s.integer({ min: 1, max: 1024 });
const dataKeySpec = s.enumOf(['AES_256', 'AES_128']);
const generateDataKeyRequest = s.structure(
  {
    KeyId: keyIdType,
    EncryptionContext: encryptionContextType,
    NumberOfBytes: numberOfBytesType,
    KeySpec: dataKeySpec,
    GrantTokens: grantTokenList,
    Recipient: recipientInfo,
    DryRun: nullableBooleanType,
  },
  ['KeyId'],
);
const generateDataKeyWithoutPlaintextRequest = s.structure(
  {
    KeyId: keyIdType,
    EncryptionContext: encryptionContextType,
    KeySpec: dataKeySpec,
    NumberOfBytes: numberOfBytesType,
    GrantTokens: grantTokenList,
    DryRun: nullableBooleanType,
  },
  ['KeyId'],
);
// ML_KEM_*: from the newer model in the pinned @aws-sdk/client-kms (see keyUsageType).
const dataKeyPairSpec = s.enumOf([
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'ECC_NIST_P256',
  'ECC_NIST_P384',
  'ECC_NIST_P521',
  'ECC_SECG_P256K1',
  'SM2',
  'ECC_NIST_EDWARDS25519',
  'ML_KEM_512',
  'ML_KEM_768',
  'ML_KEM_1024',
]);
const generateDataKeyPairRequest = s.structure(
  {
    EncryptionContext: encryptionContextType,
    KeyId: keyIdType,
    KeyPairSpec: dataKeyPairSpec,
    GrantTokens: grantTokenList,
    Recipient: recipientInfo,
    DryRun: nullableBooleanType,
  },
  ['KeyId', 'KeyPairSpec'],
);
const generateDataKeyPairWithoutPlaintextRequest = s.structure(
  {
    EncryptionContext: encryptionContextType,
    KeyId: keyIdType,
    KeyPairSpec: dataKeyPairSpec,
    GrantTokens: grantTokenList,
    DryRun: nullableBooleanType,
  },
  ['KeyId', 'KeyPairSpec'],
);
const customKeyStoreIdType = s.string({ min: 1, max: 64 });
// NumberOfBytes is optional in the model; the service answers `NumberOfBytes is required.` itself (docs/behaviour.md §8.7).
const generateRandomRequest = s.structure({
  NumberOfBytes: numberOfBytesType,
  CustomKeyStoreId: customKeyStoreIdType,
  Recipient: recipientInfo,
});
const policyType = s.string({
  min: 1,
  max: 131072,
  pattern: String.raw`[\u0009\u000A\u000D\u0020-\u00FF]+`,
});
const descriptionType = s.string({ min: 0, max: 8192 });
// docs/behaviour.md §8.7 [W]: KMS prints its own enum order. The first three were recorded (2023) as
// [ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC]; where the newer values go is unverified.
// ENCAPSULATE_DECAPSULATE (and ML_KEM_* below) come from the newer KMS model inside the pinned
// @aws-sdk/client-kms 3.1164.0, which clients of the simulator send; botocore 2026-05 lacks them.
const keyUsageType = s.enumOf(
  [
    'SIGN_VERIFY',
    'ENCRYPT_DECRYPT',
    'GENERATE_VERIFY_MAC',
    'KEY_AGREEMENT',
    'ENCAPSULATE_DECAPSULATE',
  ],
  {
    enumMessage: [
      'ENCRYPT_DECRYPT',
      'SIGN_VERIFY',
      'GENERATE_VERIFY_MAC',
      'KEY_AGREEMENT',
      'ENCAPSULATE_DECAPSULATE',
    ],
  },
);
// Deprecated in the model in favour of KeySpec; no wire recording, so the message uses model order.
const customerMasterKeySpec = s.enumOf([
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'ECC_NIST_P256',
  'ECC_NIST_P384',
  'ECC_NIST_P521',
  'ECC_SECG_P256K1',
  'SYMMETRIC_DEFAULT',
  'HMAC_224',
  'HMAC_256',
  'HMAC_384',
  'HMAC_512',
  'SM2',
]);
// docs/behaviour.md §8.7 [W]: the first twelve in the order recorded on the wire (2023, us-east-1), which left out
// SM2 (a China-Region spec) although the model lists it; the newer specs are appended in model
// order (their place is unverified). SM2 is still accepted here: operation code decides about it.
const keySpec = s.enumOf(
  [
    'RSA_2048',
    'RSA_3072',
    'RSA_4096',
    'ECC_NIST_P256',
    'ECC_NIST_P384',
    'ECC_NIST_P521',
    'ECC_SECG_P256K1',
    'SYMMETRIC_DEFAULT',
    'HMAC_224',
    'HMAC_256',
    'HMAC_384',
    'HMAC_512',
    'SM2',
    'ML_DSA_44',
    'ML_DSA_65',
    'ML_DSA_87',
    'ECC_NIST_EDWARDS25519',
    'ML_KEM_512',
    'ML_KEM_768',
    'ML_KEM_1024',
  ],
  {
    enumMessage: [
      'RSA_2048',
      'ECC_NIST_P384',
      'ECC_NIST_P256',
      'ECC_NIST_P521',
      'HMAC_384',
      'RSA_3072',
      'ECC_SECG_P256K1',
      'RSA_4096',
      'SYMMETRIC_DEFAULT',
      'HMAC_256',
      'HMAC_224',
      'HMAC_512',
      'ML_DSA_44',
      'ML_DSA_65',
      'ML_DSA_87',
      'ECC_NIST_EDWARDS25519',
      'ML_KEM_512',
      'ML_KEM_768',
      'ML_KEM_1024',
    ],
  },
);
const originType = s.enumOf(['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE']);
const booleanType = s.boolean();
const tagKeyType = s.string({ min: 1, max: 128 });
const tagValueType = s.string({ min: 0, max: 256 });
const tag = s.structure(
  {
    TagKey: tagKeyType,
    TagValue: tagValueType,
  },
  ['TagKey', 'TagValue'],
);
// docs/behaviour.md §8.7 [W]: elements are reported as `tags.1.member.tagValue`.
const tagList = s.list(tag);
const xksKeyIdType = s.string({ min: 1, max: 128, pattern: '^[a-zA-Z0-9-_.]+$' });
const createKeyRequest = s.structure({
  Policy: policyType,
  Description: descriptionType,
  KeyUsage: keyUsageType,
  CustomerMasterKeySpec: customerMasterKeySpec,
  KeySpec: keySpec,
  Origin: originType,
  CustomKeyStoreId: customKeyStoreIdType,
  BypassPolicyLockoutSafetyCheck: booleanType,
  Tags: tagList,
  MultiRegion: nullableBooleanType,
  XksKeyId: xksKeyIdType,
});
const describeKeyRequest = s.structure(
  {
    KeyId: keyIdType,
    GrantTokens: grantTokenList,
  },
  ['KeyId'],
);
const limitType = s.integer({ min: 1, max: 1000 });
const markerType = s.string({ min: 1, max: 1024, pattern: String.raw`[\u0020-\u00FF]*` });
const listKeysRequest = s.structure({
  Limit: limitType,
  Marker: markerType,
});
const enableKeyRequest = s.structure(
  {
    KeyId: keyIdType,
  },
  ['KeyId'],
);
const disableKeyRequest = s.structure(
  {
    KeyId: keyIdType,
  },
  ['KeyId'],
);
// The model allows 1..365; the service's 7..30 rule is operation code (docs/behaviour.md §2.1).
const pendingWindowInDaysType = s.integer({ min: 1, max: 365 });
const scheduleKeyDeletionRequest = s.structure(
  {
    KeyId: keyIdType,
    PendingWindowInDays: pendingWindowInDaysType,
  },
  ['KeyId'],
);
const cancelKeyDeletionRequest = s.structure(
  {
    KeyId: keyIdType,
  },
  ['KeyId'],
);
const aliasNameType = s.string({ min: 1, max: 256, pattern: '^[a-zA-Z0-9:/_-]+$' });
const createAliasRequest = s.structure(
  {
    AliasName: aliasNameType,
    TargetKeyId: keyIdType,
  },
  ['AliasName', 'TargetKeyId'],
);
const updateAliasRequest = s.structure(
  {
    AliasName: aliasNameType,
    TargetKeyId: keyIdType,
  },
  ['AliasName', 'TargetKeyId'],
);
const deleteAliasRequest = s.structure(
  {
    AliasName: aliasNameType,
  },
  ['AliasName'],
);
// The model's LimitType allows 1..1000, but the ListAliases API reference says the value "must be
// between 1 and 100" (docs/behaviour.md §2.1 [D]); the service check is reported like a model bound (docs/behaviour.md §8.7),
// so Limit 101 reads `... less than or equal to 100` (docs/fidelity.md).
const listAliasesLimitType = s.integer({ min: 1, max: 100 });
const listAliasesRequest = s.structure({
  KeyId: keyIdType,
  Limit: listAliasesLimitType,
  Marker: markerType,
});
const customKeyStoreNameType = s.string({ min: 1, max: 256 });
const cloudHsmClusterIdType = s.string({ min: 19, max: 24, pattern: 'cluster-[2-7a-zA-Z]{11,16}' });
const trustAnchorCertificateType = s.string({ min: 1, max: 5000 });
const keyStorePasswordType = s.string({ min: 7, max: 32, sensitive: true });
const customKeyStoreType = s.enumOf(['AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE']);
const xksProxyUriEndpointType = s.string({
  min: 10,
  max: 128,
  pattern: '^https://[a-zA-Z0-9.-]+$',
});
const xksProxyUriPathType = s.string({
  min: 10,
  max: 128,
  pattern: String.raw`^(/[a-zA-Z0-9\/_-]+/kms/xks/v\d{1,2})$|^(/kms/xks/v\d{1,2})$`,
});
const xksProxyVpcEndpointServiceNameType = s.string({
  min: 20,
  max: 64,
  pattern: String.raw`^(com|eu)\.amazonaws\.vpce\.([a-z]+-){2,3}\d+\.vpce-svc-[0-9a-z]+$`,
});
const accountIdType = s.string({ min: 12, max: 12, pattern: '[0-9]{12}' });
const xksProxyAuthenticationAccessKeyIdType = s.string({
  min: 20,
  max: 30,
  pattern: '^[A-Z2-7]+$',
  sensitive: true,
});
const xksProxyAuthenticationRawSecretAccessKeyType = s.string({
  min: 43,
  max: 64,
  pattern: String.raw`^[a-zA-Z0-9\/+=]+$`,
  sensitive: true,
});
const xksProxyAuthenticationCredentialType = s.structure(
  {
    AccessKeyId: xksProxyAuthenticationAccessKeyIdType,
    RawSecretAccessKey: xksProxyAuthenticationRawSecretAccessKeyType,
  },
  ['AccessKeyId', 'RawSecretAccessKey'],
);
const xksProxyConnectivityType = s.enumOf(['PUBLIC_ENDPOINT', 'VPC_ENDPOINT_SERVICE']);
// Only the name is required by the model; the per-type requirements (docs/behaviour.md §2.1) are operation code.
const createCustomKeyStoreRequest = s.structure(
  {
    CustomKeyStoreName: customKeyStoreNameType,
    CloudHsmClusterId: cloudHsmClusterIdType,
    TrustAnchorCertificate: trustAnchorCertificateType,
    KeyStorePassword: keyStorePasswordType,
    CustomKeyStoreType: customKeyStoreType,
    XksProxyUriEndpoint: xksProxyUriEndpointType,
    XksProxyUriPath: xksProxyUriPathType,
    XksProxyVpcEndpointServiceName: xksProxyVpcEndpointServiceNameType,
    XksProxyVpcEndpointServiceOwner: accountIdType,
    XksProxyAuthenticationCredential: xksProxyAuthenticationCredentialType,
    XksProxyConnectivity: xksProxyConnectivityType,
  },
  ['CustomKeyStoreName'],
);
const connectCustomKeyStoreRequest = s.structure(
  {
    CustomKeyStoreId: customKeyStoreIdType,
  },
  ['CustomKeyStoreId'],
);
const disconnectCustomKeyStoreRequest = s.structure(
  {
    CustomKeyStoreId: customKeyStoreIdType,
  },
  ['CustomKeyStoreId'],
);
const describeCustomKeyStoresRequest = s.structure({
  CustomKeyStoreId: customKeyStoreIdType,
  CustomKeyStoreName: customKeyStoreNameType,
  Limit: limitType,
  Marker: markerType,
});
const updateCustomKeyStoreRequest = s.structure(
  {
    CustomKeyStoreId: customKeyStoreIdType,
    NewCustomKeyStoreName: customKeyStoreNameType,
    KeyStorePassword: keyStorePasswordType,
    CloudHsmClusterId: cloudHsmClusterIdType,
    XksProxyUriEndpoint: xksProxyUriEndpointType,
    XksProxyUriPath: xksProxyUriPathType,
    XksProxyVpcEndpointServiceName: xksProxyVpcEndpointServiceNameType,
    XksProxyVpcEndpointServiceOwner: accountIdType,
    XksProxyAuthenticationCredential: xksProxyAuthenticationCredentialType,
    XksProxyConnectivity: xksProxyConnectivityType,
  },
  ['CustomKeyStoreId'],
);
const deleteCustomKeyStoreRequest = s.structure(
  {
    CustomKeyStoreId: customKeyStoreIdType,
  },
  ['CustomKeyStoreId'],
);

// ---- key policies, tags, grants, rotation, descriptions, last usage (issue #10) -------------------
const policyNameType = s.string({ min: 1, max: 128, pattern: String.raw`[\w]+` });
const getKeyPolicyRequest = s.structure(
  {
    KeyId: keyIdType,
    PolicyName: policyNameType,
  },
  ['KeyId'],
);
const putKeyPolicyRequest = s.structure(
  {
    KeyId: keyIdType,
    PolicyName: policyNameType,
    Policy: policyType,
    BypassPolicyLockoutSafetyCheck: booleanType,
  },
  ['KeyId', 'Policy'],
);
const listKeyPoliciesRequest = s.structure(
  {
    KeyId: keyIdType,
    Limit: limitType,
    Marker: markerType,
  },
  ['KeyId'],
);
const tagResourceRequest = s.structure(
  {
    KeyId: keyIdType,
    Tags: tagList,
  },
  ['KeyId', 'Tags'],
);
const tagKeyList = s.list(tagKeyType);
const untagResourceRequest = s.structure(
  {
    KeyId: keyIdType,
    TagKeys: tagKeyList,
  },
  ['KeyId', 'TagKeys'],
);
const listResourceTagsRequest = s.structure(
  {
    KeyId: keyIdType,
    Limit: limitType,
    Marker: markerType,
  },
  ['KeyId'],
);
const principalIdType = s.string({ min: 1, max: 256, pattern: String.raw`^[\w+=,.@:/-]+$` });
// Encapsulate/Decapsulate: from the newer model in the pinned @aws-sdk/client-kms (see keyUsageType).
const grantOperation = s.enumOf([
  'Decrypt',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'ReEncryptFrom',
  'ReEncryptTo',
  'Sign',
  'Verify',
  'GetPublicKey',
  'CreateGrant',
  'RetireGrant',
  'DescribeKey',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateMac',
  'VerifyMac',
  'DeriveSharedSecret',
  'Encapsulate',
  'Decapsulate',
]);
const grantOperationList = s.list(grantOperation);
const grantConstraintSourceArnType = s.string({
  min: 20,
  max: 512,
  pattern: '^arn:aws[a-z0-9-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:.+$',
});
const grantConstraints = s.structure({
  EncryptionContextSubset: encryptionContextType,
  EncryptionContextEquals: encryptionContextType,
  SourceArn: grantConstraintSourceArnType,
});
const grantNameType = s.string({ min: 1, max: 256, pattern: '^[a-zA-Z0-9:/_-]+$' });
const servicePrincipalType = s.string({
  min: 1,
  max: 128,
  pattern: String.raw`^([A-Za-z0-9\-]+)\.([A-Za-z0-9\-]+)(\.[A-Za-z0-9\-]+)+$`,
});
const createGrantRequest = s.structure(
  {
    KeyId: keyIdType,
    GranteePrincipal: principalIdType,
    RetiringPrincipal: principalIdType,
    Operations: grantOperationList,
    Constraints: grantConstraints,
    GrantTokens: grantTokenList,
    Name: grantNameType,
    DryRun: nullableBooleanType,
    GranteeServicePrincipal: servicePrincipalType,
    RetiringServicePrincipal: servicePrincipalType,
  },
  ['KeyId', 'Operations'],
);
const grantIdType = s.string({ min: 1, max: 128 });
const listGrantsRequest = s.structure(
  {
    Limit: limitType,
    Marker: markerType,
    KeyId: keyIdType,
    GrantId: grantIdType,
    GranteePrincipal: principalIdType,
    GranteeServicePrincipal: servicePrincipalType,
  },
  ['KeyId'],
);
const listRetirableGrantsRequest = s.structure({
  Limit: limitType,
  Marker: markerType,
  RetiringPrincipal: principalIdType,
  RetiringServicePrincipal: servicePrincipalType,
});
const retireGrantRequest = s.structure({
  GrantToken: grantTokenType,
  KeyId: keyIdType,
  GrantId: grantIdType,
  DryRun: nullableBooleanType,
});
const revokeGrantRequest = s.structure(
  {
    KeyId: keyIdType,
    GrantId: grantIdType,
    DryRun: nullableBooleanType,
  },
  ['KeyId', 'GrantId'],
);
const rotationPeriodInDaysType = s.integer({ min: 90, max: 2560 });
const enableKeyRotationRequest = s.structure(
  {
    KeyId: keyIdType,
    RotationPeriodInDays: rotationPeriodInDaysType,
  },
  ['KeyId'],
);
const disableKeyRotationRequest = s.structure({ KeyId: keyIdType }, ['KeyId']);
const getKeyRotationStatusRequest = s.structure({ KeyId: keyIdType }, ['KeyId']);
const rotateKeyOnDemandRequest = s.structure({ KeyId: keyIdType }, ['KeyId']);
const includeKeyMaterial = s.enumOf(['ALL_KEY_MATERIAL', 'ROTATIONS_ONLY']);
const listKeyRotationsRequest = s.structure(
  {
    KeyId: keyIdType,
    IncludeKeyMaterial: includeKeyMaterial,
    Limit: limitType,
    Marker: markerType,
  },
  ['KeyId'],
);
const updateKeyDescriptionRequest = s.structure(
  {
    KeyId: keyIdType,
    Description: descriptionType,
  },
  ['KeyId', 'Description'],
);
const getKeyLastUsageRequest = s.structure({ KeyId: keyIdType }, ['KeyId']);

/** Input shape per KMS operation (wire name), for `validateInput` / `decodeRequest`. */
export const KMS_INPUT_SHAPES = {
  Encrypt: encryptRequest,
  Decrypt: decryptRequest,
  ReEncrypt: reEncryptRequest,
  GenerateDataKey: generateDataKeyRequest,
  GenerateDataKeyWithoutPlaintext: generateDataKeyWithoutPlaintextRequest,
  GenerateDataKeyPair: generateDataKeyPairRequest,
  GenerateDataKeyPairWithoutPlaintext: generateDataKeyPairWithoutPlaintextRequest,
  GenerateRandom: generateRandomRequest,
  CreateKey: createKeyRequest,
  DescribeKey: describeKeyRequest,
  ListKeys: listKeysRequest,
  EnableKey: enableKeyRequest,
  DisableKey: disableKeyRequest,
  ScheduleKeyDeletion: scheduleKeyDeletionRequest,
  CancelKeyDeletion: cancelKeyDeletionRequest,
  CreateAlias: createAliasRequest,
  UpdateAlias: updateAliasRequest,
  DeleteAlias: deleteAliasRequest,
  ListAliases: listAliasesRequest,
  CreateCustomKeyStore: createCustomKeyStoreRequest,
  ConnectCustomKeyStore: connectCustomKeyStoreRequest,
  DisconnectCustomKeyStore: disconnectCustomKeyStoreRequest,
  DescribeCustomKeyStores: describeCustomKeyStoresRequest,
  UpdateCustomKeyStore: updateCustomKeyStoreRequest,
  DeleteCustomKeyStore: deleteCustomKeyStoreRequest,
  GetKeyPolicy: getKeyPolicyRequest,
  PutKeyPolicy: putKeyPolicyRequest,
  ListKeyPolicies: listKeyPoliciesRequest,
  TagResource: tagResourceRequest,
  UntagResource: untagResourceRequest,
  ListResourceTags: listResourceTagsRequest,
  CreateGrant: createGrantRequest,
  ListGrants: listGrantsRequest,
  ListRetirableGrants: listRetirableGrantsRequest,
  RetireGrant: retireGrantRequest,
  RevokeGrant: revokeGrantRequest,
  EnableKeyRotation: enableKeyRotationRequest,
  DisableKeyRotation: disableKeyRotationRequest,
  GetKeyRotationStatus: getKeyRotationStatusRequest,
  RotateKeyOnDemand: rotateKeyOnDemandRequest,
  ListKeyRotations: listKeyRotationsRequest,
  UpdateKeyDescription: updateKeyDescriptionRequest,
  GetKeyLastUsage: getKeyLastUsageRequest,
} as const satisfies Record<string, StructureShape>;

export type KmsOperationName = keyof typeof KMS_INPUT_SHAPES;

/** The decoded, validated input of KMS operation `Op` (e.g. `KmsInput<'Encrypt'>`). */
export type KmsInput<Op extends KmsOperationName> = Infer<(typeof KMS_INPUT_SHAPES)[Op]>;
