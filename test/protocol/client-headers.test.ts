/** protocol/client-headers.ts (issue #9 §1-2): access key, invocation id, attempt info and signing date. */
import { describe, expect, it } from 'vitest';
import {
  accessKeyIdOf,
  amzDateEpochMs,
  clientHeaders,
  sdkRequestInfo,
} from '../../src/protocol/client-headers.js';

describe('protocol: client headers', () => {
  it('reads what boto3 1.26 sends on a retry (captured from /usr/bin/python3)', () => {
    expect(
      clientHeaders({
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIATESTAPP/20261204/us-east-1/kms/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=42973617434a6339ab895ee5c7a78196c1dbf99ef23f6d01a4aaa15ba95637ee',
        'amz-sdk-invocation-id': 'ece8180e-5ea5-46fd-935e-5996e4f26317',
        'amz-sdk-request': 'ttl=20261204T220539Z; attempt=2; max=3',
        'x-amz-date': '20261204T220440Z',
      }),
    ).toEqual({
      accessKeyId: 'AKIATESTAPP',
      invocationId: 'ece8180e-5ea5-46fd-935e-5996e4f26317',
      attempt: 2,
      maxAttempts: 3,
      signedAtEpochMs: Date.UTC(2026, 11, 4, 22, 4, 40),
    });
  });

  it('a request with none of them (curl, a hand-made client) has every field undefined', () => {
    expect(clientHeaders({})).toEqual({
      accessKeyId: undefined,
      invocationId: undefined,
      attempt: undefined,
      maxAttempts: undefined,
      signedAtEpochMs: undefined,
    });
  });

  it('the first botocore attempt says only attempt=1; the JS SDK says both', () => {
    expect(sdkRequestInfo('attempt=1')).toEqual({ attempt: 1, max: undefined });
    expect(sdkRequestInfo('attempt=3; max=5')).toEqual({ attempt: 3, max: 5 });
    expect(sdkRequestInfo('attempt=zero; max=-1')).toEqual({ attempt: undefined, max: undefined });
    expect(sdkRequestInfo('attempt=0')).toEqual({ attempt: undefined, max: undefined });
  });

  it('an Authorization header without a SigV4 credential, or an absurdly long one, names no access key', () => {
    expect(accessKeyIdOf('Bearer abc')).toBeUndefined();
    expect(
      accessKeyIdOf(`AWS4-HMAC-SHA256 Credential=${'A'.repeat(500)}/x/y/kms/aws4_request`),
    ).toBeUndefined();
    expect(
      accessKeyIdOf('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/kms/aws4_request'),
    ).toBe('AKIDEXAMPLE');
  });

  it('X-Amz-Date must be an exact, real UTC instant', () => {
    expect(amzDateEpochMs('20260101T000000Z')).toBe(Date.UTC(2026, 0, 1));
    expect(amzDateEpochMs('20261340T000000Z')).toBeUndefined();
    expect(amzDateEpochMs('2026-01-01T00:00:00Z')).toBeUndefined();
    expect(amzDateEpochMs(undefined)).toBeUndefined();
  });
});
