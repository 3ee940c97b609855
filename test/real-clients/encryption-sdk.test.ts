/**
 * Real client: the AWS Encryption SDK for JavaScript (`@aws-crypto/client-node`, a dev dependency)
 * with a KMS keyring whose generator key lives in a CloudHSM key store (issue #2 §8).
 *
 * The ESDK calls KMS through whatever its `clientProvider` returns for the key's region. It shares
 * the project's `@aws-sdk/client-kms` (`npm ls @aws-sdk/client-kms` shows it deduped), but wants
 * the aggregated client shape (`encrypt` / `decrypt` / `generateDataKey` methods), so:
 *   - in-process: a small adapter over `createKmsClient(sim)` that also records what was called;
 *   - over HTTP: the ESDK's own `getClient(KMS, { endpoint })` against `kmsim serve`.
 */
import {
  CloudHSMV2Client,
  CreateClusterCommand,
  CreateHsmCommand,
  InitializeClusterCommand,
} from '@aws-sdk/client-cloudhsm-v2';
import {
  ConnectCustomKeyStoreCommand,
  CreateCustomKeyStoreCommand,
  CreateKeyCommand,
  DecryptCommand,
  DisconnectCustomKeyStoreCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  KMSClient,
  type DecryptCommandInput,
  type DecryptCommandOutput,
  type EncryptCommandInput,
  type EncryptCommandOutput,
  type GenerateDataKeyCommandInput,
  type GenerateDataKeyCommandOutput,
} from '@aws-sdk/client-kms';
import {
  buildClient,
  CommitmentPolicy,
  getClient,
  KMS,
  KmsKeyringNode,
} from '@aws-crypto/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKmsClient, fakeCredentials } from '../../src/transport/sdk-clients.js';
import {
  buildConnectedWorld,
  KMSUSER_PASSWORD,
  TEST_CERT,
  type ConnectedWorld,
} from '../support/connected-store.js';
import { startServe, twoAzSubnets, type ServeProcess } from '../support/serve-process.js';
import { short, Transcript } from './transcript.js';

const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const MESSAGE =
  'kmsim walk: a message sealed by the AWS Encryption SDK under a CloudHSM-backed key';
const CONTEXT = { purpose: 'esdk-walk', tenant: 'kmsim' };

interface RecordingKms {
  readonly encrypt: (args: EncryptCommandInput) => Promise<EncryptCommandOutput>;
  readonly decrypt: (args: DecryptCommandInput) => Promise<DecryptCommandOutput>;
  readonly generateDataKey: (
    args: GenerateDataKeyCommandInput,
  ) => Promise<GenerateDataKeyCommandOutput>;
  /** Operations the ESDK called, with the error name when one failed. */
  readonly calls: string[];
  readonly errors: Error[];
}

/** The aggregated-client shape the ESDK keyring calls, over a command-style `KMSClient`. */
function recordingKms(client: KMSClient): RecordingKms {
  const calls: string[] = [];
  const errors: Error[] = [];
  const run = async <T>(name: string, send: () => Promise<T>): Promise<T> => {
    try {
      const out = await send();
      calls.push(name);
      return out;
    } catch (error) {
      calls.push(`${name} → ${(error as Error).name}`);
      errors.push(error as Error);
      throw error;
    }
  };
  return {
    calls,
    errors,
    encrypt: (args) => run('Encrypt', () => client.send(new EncryptCommand(args))),
    decrypt: (args) => run('Decrypt', () => client.send(new DecryptCommand(args))),
    generateDataKey: (args) =>
      run('GenerateDataKey', () => client.send(new GenerateDataKeyCommand(args))),
  };
}

describe('real client: AWS Encryption SDK for JavaScript, in-process (createKmsClient)', () => {
  let world: ConnectedWorld;
  let keyArn: string;
  let kms: RecordingKms;
  const transcript = new Transcript('AWS Encryption SDK (JS) walk, in-process');

  beforeAll(async () => {
    world = await buildConnectedWorld(4004);
    const created = await world.kms.send(
      new CreateKeyCommand({
        Origin: 'AWS_CLOUDHSM',
        CustomKeyStoreId: world.customKeyStoreId,
        Description: 'esdk walk',
      }),
    );
    keyArn = created.KeyMetadata!.Arn!;
    transcript.step(
      `CreateKey Origin=AWS_CLOUDHSM CustomKeyStoreId=${world.customKeyStoreId}`,
      keyArn,
    );
    // No retries, so a simulator fault cannot hide behind one.
    kms = recordingKms(createKmsClient(world.sim, { maxAttempts: 1 }));
  });

  afterAll(() => transcript.print());

  function keyring(): KmsKeyringNode {
    return new KmsKeyringNode({
      generatorKeyId: keyArn,
      clientProvider: (region: string) => {
        expect(region).toBe('us-east-1');
        return kms;
      },
    });
  }

  it('encrypts and decrypts a message; the encryption context passes through; a disconnected store makes decrypt fail with KMSInvalidStateException', async () => {
    const sealed = await encrypt(keyring(), MESSAGE, { encryptionContext: CONTEXT });
    expect(sealed.result.length).toBeGreaterThan(MESSAGE.length);
    expect(sealed.messageHeader.encryptionContext).toMatchObject(CONTEXT);
    const edks = sealed.messageHeader.encryptedDataKeys;
    expect(edks).toHaveLength(1);
    expect(edks[0]!.providerId).toBe('aws-kms');
    expect(edks[0]!.providerInfo).toBe(keyArn);
    expect(kms.calls).toEqual(['GenerateDataKey']);
    transcript.step(
      `esdk.encrypt(KmsKeyringNode{generatorKeyId}, ${MESSAGE.length}-byte message, ${JSON.stringify(CONTEXT)})`,
      `${sealed.result.length}-byte ESDK message; EDK providerInfo=${short(keyArn)}; KMS calls: ${kms.calls.join(', ')}`,
    );

    const opened = await decrypt(keyring(), sealed.result);
    expect(opened.plaintext.toString('utf8')).toBe(MESSAGE);
    expect(opened.messageHeader.encryptionContext).toMatchObject(CONTEXT);
    expect(kms.calls).toEqual(['GenerateDataKey', 'Decrypt']);
    transcript.step(
      'esdk.decrypt(keyring, message)',
      `plaintext matches; encryptionContext ${JSON.stringify(CONTEXT)} (+ aws-crypto-public-key); KMS calls: Decrypt`,
    );

    await world.kms.send(
      new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: world.customKeyStoreId }),
    );
    world.sim.advanceSeconds(world.sim.world.timings.disconnectMs / 1000);
    transcript.step('DisconnectCustomKeyStore; advance 5 s', 'store DISCONNECTED');

    const failure = await decrypt(keyring(), sealed.result).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure!.message).toContain(
      'Unable to decrypt data key and one or more KMS CMKs had an error.',
    );
    expect(failure!.message).toContain(`KMSInvalidStateException: ${keyArn} is unavailable.`);
    expect(kms.errors).toHaveLength(1);
    expect(kms.errors[0]!.name).toBe('KMSInvalidStateException');
    expect(kms.errors[0]!.message).toBe(`${keyArn} is unavailable.`);
    transcript.step(
      'esdk.decrypt(keyring, message)   # store disconnected',
      `throws: ${kms.errors[0]!.name}: ${kms.errors[0]!.message} (wrapped in "Unable to decrypt data key …")`,
    );

    await world.kms.send(
      new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: world.customKeyStoreId }),
    );
    world.sim.advanceSeconds(world.sim.world.timings.connectMs / 1000);
    const again = await decrypt(keyring(), sealed.result);
    expect(again.plaintext.toString('utf8')).toBe(MESSAGE);
    transcript.step(
      'ConnectCustomKeyStore; advance 120 s; esdk.decrypt(keyring, message)',
      'plaintext matches again',
    );
    world.sim.assertNoBugs();
  });

  it('rejects a tampered ESDK message', async () => {
    const sealed = await encrypt(keyring(), MESSAGE, { encryptionContext: CONTEXT });
    const tampered = Buffer.from(sealed.result);
    const at = tampered.length - 120;
    tampered[at] = tampered[at]! ^ 0x01;
    await expect(decrypt(keyring(), tampered)).rejects.toThrow();
    world.sim.assertNoBugs();
  });
});

describe('real client: AWS Encryption SDK for JavaScript over HTTP (getClient(KMS) → kmsim serve)', () => {
  let server: ServeProcess;
  const transcript = new Transcript('AWS Encryption SDK (JS) walk over HTTP against kmsim serve');

  beforeAll(async () => {
    server = await startServe({ seed: 5005 });
  });

  afterAll(async () => {
    transcript.print();
    await server?.close();
  });

  it('encrypts and decrypts with the ESDK’s own KMS client pointed at the server; disconnect → KMSInvalidStateException', async () => {
    const config = {
      endpoint: server.url,
      region: 'us-east-1',
      credentials: fakeCredentials(),
      maxAttempts: 1,
    };
    const hsm = new CloudHSMV2Client({ ...config, credentials: fakeCredentials() });
    const kms = new KMSClient({ ...config, credentials: fakeCredentials() });
    const { storeId } = await connectedStoreOverHttp(server, hsm, kms);
    const created = await kms.send(
      new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: storeId }),
    );
    const keyArn = created.KeyMetadata!.Arn!;
    transcript.step(
      `(SDK over HTTP) cluster → 2 HSMs → initialize → activate → CreateCustomKeyStore → connect → CreateKey`,
      keyArn,
    );

    const keyring = new KmsKeyringNode({
      generatorKeyId: keyArn,
      clientProvider: getClient(KMS, { ...config, credentials: fakeCredentials() }),
    });
    const sealed = await encrypt(keyring, MESSAGE, { encryptionContext: CONTEXT });
    const opened = await decrypt(keyring, sealed.result);
    expect(opened.plaintext.toString('utf8')).toBe(MESSAGE);
    expect(opened.messageHeader.encryptionContext).toMatchObject(CONTEXT);
    transcript.step(
      'esdk.encrypt + esdk.decrypt via getClient(KMS, {endpoint})',
      `round trip ok (${sealed.result.length}-byte message), context ${JSON.stringify(CONTEXT)}`,
    );

    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
    await server.advance(5);
    const failure = await decrypt(keyring, sealed.result).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toContain(`KMSInvalidStateException: ${keyArn} is unavailable.`);
    transcript.step(
      'DisconnectCustomKeyStore; advance 5; esdk.decrypt',
      `throws … KMSInvalidStateException: ${keyArn} is unavailable.`,
    );

    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
    await server.advance(120);
    expect((await decrypt(keyring, sealed.result)).plaintext.toString('utf8')).toBe(MESSAGE);
    transcript.step('ConnectCustomKeyStore; advance 120; esdk.decrypt', 'plaintext matches again');
    expect(await server.trace()).not.toContain('simulator.bug');
  });
});

/** The walk with the JS SDK over HTTP, control steps over fetch. */
async function connectedStoreOverHttp(
  server: ServeProcess,
  hsm: CloudHSMV2Client,
  kms: KMSClient,
): Promise<{ clusterId: string; storeId: string }> {
  const subnets = twoAzSubnets(await server.world());
  const cluster = await hsm.send(
    new CreateClusterCommand({ HsmType: 'hsm1.medium', SubnetIds: subnets.map((s) => s.subnetId) }),
  );
  const clusterId = cluster.Cluster!.ClusterId!;
  await server.advance(120);
  for (const subnet of subnets)
    await hsm.send(
      new CreateHsmCommand({ ClusterId: clusterId, AvailabilityZone: subnet.availabilityZone }),
    );
  await server.advance(180);
  await hsm.send(
    new InitializeClusterCommand({
      ClusterId: clusterId,
      SignedCert: TEST_CERT,
      TrustAnchor: TEST_CERT,
    }),
  );
  await server.advance(60);
  const activated = await server.action({
    action: 'activate-cluster',
    clusterId,
    kmsuserPassword: KMSUSER_PASSWORD,
  });
  expect(activated.status).toBe(200);
  const store = await kms.send(
    new CreateCustomKeyStoreCommand({
      CustomKeyStoreName: 'esdk-store',
      CloudHsmClusterId: clusterId,
      TrustAnchorCertificate: TEST_CERT,
      KeyStorePassword: KMSUSER_PASSWORD,
    }),
  );
  const storeId = store.CustomKeyStoreId!;
  await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
  await server.advance(120);
  return { clusterId, storeId };
}
