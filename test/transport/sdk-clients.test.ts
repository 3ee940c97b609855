import { describe, expect, it } from 'vitest';
import {
  DescribeKeyCommand,
  EncryptCommand,
  KMSServiceException,
  ListKeysCommand,
  NotFoundException,
} from '@aws-sdk/client-kms';
import {
  CloudHsmResourceNotFoundException,
  CloudHSMV2ServiceException,
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
} from '@aws-sdk/client-cloudhsm-v2';
import { createCloudHsmClient, createKmsClient } from '../../src/transport/sdk-clients.js';
import { awsError, FakeEndpoint, json } from './fake-endpoint.js';

/** Captures the rejection of a promise that must reject. */
async function failure(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { attempts?: number; httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('createKmsClient: a real KMSClient (new SDK generation) in-process', () => {
  it('sends the operation as X-Amz-Target with the JSON 1.1 body and parses the reply', async () => {
    const fake = new FakeEndpoint((request) =>
      json(200, { KeyId: `echo:${request.target}`, CiphertextBlob: 'AQID' }),
    );
    const kms = createKmsClient(fake);
    const out = await kms.send(
      new EncryptCommand({ KeyId: 'alias/app', Plaintext: new Uint8Array([104, 105]) }),
    );
    expect(fake.requests).toHaveLength(1);
    const [wire] = fake.requests;
    expect(wire?.target).toBe('TrentService.Encrypt');
    expect(JSON.parse(wire?.body ?? '')).toEqual({ KeyId: 'alias/app', Plaintext: 'aGk=' });
    expect(wire?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(out.KeyId).toBe('echo:TrentService.Encrypt');
    expect(Array.from(out.CiphertextBlob ?? [])).toEqual([1, 2, 3]);
    expect(out.$metadata.requestId).toBe('fake-request-id');
  });

  it('defaults to the simulator region, its KMS endpoint and obviously fake credentials', async () => {
    const fake = new FakeEndpoint(undefined, 'eu-west-3');
    await createKmsClient(fake).send(new ListKeysCommand({}));
    const wire = fake.requests[0];
    expect(wire?.host).toBe('kms.eu-west-3.amazonaws.com');
    expect(wire?.headers['authorization']).toContain('Credential=AKIAKMSIMFAKEEXAMPLE/');
    expect(wire?.headers['authorization']).toContain('/eu-west-3/kms/aws4_request');
  });

  it("lets the user's config win over the defaults, except the request handler", async () => {
    const fake = new FakeEndpoint();
    const kms = createKmsClient(fake, {
      region: 'ap-southeast-2',
      credentials: { accessKeyId: 'AKIAUSERSUPPLIED0000', secretAccessKey: 'x' },
      requestHandler: { requestTimeout: 1 },
    });
    await kms.send(new ListKeysCommand({}));
    expect(fake.requests[0]?.host).toBe('kms.ap-southeast-2.amazonaws.com');
    expect(fake.requests[0]?.headers['authorization']).toContain(
      'Credential=AKIAUSERSUPPLIED0000/',
    );
  });

  it('turns a 400 error body into the modeled exception with its message, without retrying', async () => {
    const fake = new FakeEndpoint(
      awsError(400, 'NotFoundException', "Key 'alias/nope' does not exist"),
    );
    const error = await failure(
      createKmsClient(fake, { maxAttempts: 5 }).send(
        new DescribeKeyCommand({ KeyId: 'alias/nope' }),
      ),
    );
    expect(error).toBeInstanceOf(NotFoundException);
    expect(error.name).toBe('NotFoundException');
    expect(error.message).toBe("Key 'alias/nope' does not exist");
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(fake.requests).toHaveLength(1);
  });

  it('surfaces an unmodeled error (UnknownOperationException) as KMSServiceException named by __type', async () => {
    const fake = new FakeEndpoint(awsError(400, 'UnknownOperationException', 'no such op'));
    const error = await failure(createKmsClient(fake).send(new ListKeysCommand({})));
    expect(error).toBeInstanceOf(KMSServiceException);
    expect(error.name).toBe('UnknownOperationException');
  });

  it('retries a 500 up to the default 3 attempts (docs/behaviour.md §1.6)', async () => {
    const fake = new FakeEndpoint(awsError(500, 'KMSInternalException', 'internal'));
    const error = await failure(createKmsClient(fake).send(new ListKeysCommand({})));
    expect(error.name).toBe('KMSInternalException');
    expect(fake.requests).toHaveLength(3);
    expect(error.$metadata?.attempts).toBe(3);
  });

  it("passes the user's maxAttempts through to the SDK retry strategy", async () => {
    const fake = new FakeEndpoint(awsError(500, 'KMSInternalException', 'internal'));
    await failure(createKmsClient(fake, { maxAttempts: 2 }).send(new ListKeysCommand({})));
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests.map((r) => r.headers['amz-sdk-request'])).toEqual([
      'attempt=1; max=2',
      'attempt=2; max=2',
    ]);
  });

  it('a simulator failure reaches the caller as a non-retried KmsimSimulatorBugException', async () => {
    const fake = new FakeEndpoint(() => {
      throw new Error('bug in the world');
    });
    const error = await failure(createKmsClient(fake).send(new ListKeysCommand({})));
    expect(error.name).toBe('KmsimSimulatorBugException');
    expect(error.message).toContain('bug in the world');
    expect(fake.requests).toHaveLength(1);
  });

  it('rejects with AbortError when the caller aborts', async () => {
    const fake = new FakeEndpoint(() => new Promise(() => undefined));
    const controller = new AbortController();
    const pending = createKmsClient(fake).send(new ListKeysCommand({}), {
      abortSignal: controller.signal,
    });
    setImmediate(() => controller.abort());
    const error = await failure(pending);
    expect(error.name).toBe('AbortError');
    expect(fake.requests).toHaveLength(1);
  });
});

describe('createCloudHsmClient: a real CloudHSMV2Client (older SDK generation) in-process', () => {
  it('sends BaldrApiService targets to the cloudhsmv2 endpoint, signed for "cloudhsm"', async () => {
    const fake = new FakeEndpoint((request) =>
      json(200, { Clusters: [{ ClusterId: `cluster-${request.target.length}` }] }),
    );
    const out = await createCloudHsmClient(fake).send(
      new DescribeClustersCommand({ Filters: { states: ['ACTIVE'] } }),
    );
    const wire = fake.requests[0];
    expect(wire?.target).toBe('BaldrApiService.DescribeClusters');
    expect(JSON.parse(wire?.body ?? '')).toEqual({ Filters: { states: ['ACTIVE'] } });
    expect(wire?.host).toBe('cloudhsmv2.us-east-1.amazonaws.com');
    expect(wire?.headers['authorization']).toContain('/us-east-1/cloudhsm/aws4_request');
    expect(out.Clusters?.[0]?.ClusterId).toBe(
      `cluster-${'BaldrApiService.DescribeClusters'.length}`,
    );
  });

  it('turns a 400 body with a capital-M Message into the modeled exception (docs/behaviour.md §1.3), without retrying', async () => {
    const fake = new FakeEndpoint(
      awsError(400, 'CloudHsmResourceNotFoundException', 'cluster not found', 'Message'),
    );
    const error = await failure(
      createCloudHsmClient(fake, { maxAttempts: 4 }).send(
        new DeleteClusterCommand({ ClusterId: 'cluster-x' }),
      ),
    );
    expect(error).toBeInstanceOf(CloudHsmResourceNotFoundException);
    expect(error.message).toBe('cluster not found');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(fake.requests).toHaveLength(1);
  });

  it('maps an error the operation does not declare to the generic service exception (this generation is per-operation)', async () => {
    // DescribeClusters does not list CloudHsmResourceNotFoundException, and the 3.332 deserialiser
    // only knows each operation's own errors; the KMS client's schema registry knows them all.
    const fake = new FakeEndpoint(
      awsError(400, 'CloudHsmResourceNotFoundException', 'cluster not found', 'Message'),
    );
    const error = await failure(createCloudHsmClient(fake).send(new DescribeClustersCommand({})));
    expect(error).not.toBeInstanceOf(CloudHsmResourceNotFoundException);
    expect(error).toBeInstanceOf(CloudHSMV2ServiceException);
    expect(error.name).toBe('CloudHsmResourceNotFoundException');
    expect(error.message).toBe('cluster not found');
  });

  it("retries a 500 CloudHsmInternalFailureException; the user's maxAttempts reaches the (off-by-one) strategy", async () => {
    // @aws-sdk/util-retry 3.329's StandardRetryStrategy retries while retryCount < maxAttempts, so
    // this generation makes maxAttempts + 1 attempts (4 by default). We pass the value through untouched.
    const fake = new FakeEndpoint(
      awsError(500, 'CloudHsmInternalFailureException', 'internal', 'Message'),
    );
    const error = await failure(
      createCloudHsmClient(fake, { maxAttempts: 2 }).send(
        new CreateClusterCommand({ HsmType: 'hsm1.medium', SubnetIds: ['subnet-1'] }),
      ),
    );
    expect(error.name).toBe('CloudHsmInternalFailureException');
    expect(fake.requests.map((r) => r.headers['amz-sdk-request'])).toEqual([
      'attempt=1; max=2',
      'attempt=2; max=2',
      'attempt=3; max=2',
    ]);
    expect(fake.requests.every((r) => r.target === 'BaldrApiService.CreateCluster')).toBe(true);
  });

  it('rejects with AbortError when the caller aborts', async () => {
    const fake = new FakeEndpoint(() => new Promise(() => undefined));
    const controller = new AbortController();
    const pending = createCloudHsmClient(fake).send(new DescribeClustersCommand({}), {
      abortSignal: controller.signal,
    });
    setImmediate(() => controller.abort());
    const error = await failure(pending);
    expect(error.name).toBe('AbortError');
    // This generation classes AbortError as transient and retries it (4 attempts by default); the
    // retries fail before reaching the simulator because the signal is already aborted.
    expect(error.$metadata?.attempts).toBe(4);
    expect(fake.requests).toHaveLength(1);
  });
});
