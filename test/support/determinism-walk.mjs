/**
 * One fixed sequence of calls through the real SDK clients on the in-process transport, used by
 * test/transport/serve-determinism.test.ts (issue #2 §9): run it twice in the vitest process
 * (against src/) and once in a plain node child process (against the built dist/), and compare
 * the digests.
 *
 * Plain JavaScript on purpose: the child process runs `node test/support/determinism-walk.mjs
 * <seed>` with no TypeScript loader, importing dist/index.js, and prints the digest as one JSON line.
 */
import { pathToFileURL } from 'node:url';
import {
  CreateClusterCommand,
  CreateHsmCommand,
  DescribeBackupsCommand,
  DescribeClustersCommand,
  InitializeClusterCommand,
} from '@aws-sdk/client-cloudhsm-v2';
import {
  ConnectCustomKeyStoreCommand,
  CreateAliasCommand,
  CreateCustomKeyStoreCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  ReEncryptCommand,
} from '@aws-sdk/client-kms';

const CERT =
  '-----BEGIN CERTIFICATE-----\nMIIBkmsimDETERMINISMwalkFAKEcertificate\n-----END CERTIFICATE-----\n';
const PASSWORD = 'kmsuser-Determinism1';

const b64 = (bytes) => Buffer.from(bytes).toString('base64');

/**
 * Runs the walk on a fresh simulator. `kmsim` is the module namespace (src/index.ts or
 * dist/index.js) providing Simulator, createKmsClient and createCloudHsmClient.
 * Returns everything the simulator chose: ids, ciphertexts, data keys, random bytes, request ids,
 * errors, the trace fingerprint and the trace length.
 */
export async function determinismWalk(kmsim, seed) {
  const sim = new kmsim.Simulator({ seed });
  const kms = kmsim.createKmsClient(sim, { maxAttempts: 1 });
  const hsm = kmsim.createCloudHsmClient(sim, { maxAttempts: 1 });
  const requestIds = [];
  const send = async (client, command) => {
    const out = await client.send(command);
    requestIds.push(out.$metadata.requestId);
    return out;
  };
  const failing = async (client, command) => {
    try {
      await client.send(command);
      return 'unexpected success';
    } catch (error) {
      requestIds.push(error.$metadata?.requestId);
      return `${error.name}: ${error.message}`;
    }
  };

  const snapshot = sim.worldSnapshot();
  const byAz = new Map();
  for (const subnet of snapshot.subnets)
    if (!byAz.has(subnet.availabilityZone)) byAz.set(subnet.availabilityZone, subnet);
  const subnets = [...byAz.values()].slice(0, 2);

  const cluster = await send(
    hsm,
    new CreateClusterCommand({ HsmType: 'hsm1.medium', SubnetIds: subnets.map((s) => s.subnetId) }),
  );
  const clusterId = cluster.Cluster.ClusterId;
  sim.advanceSeconds(120);
  const hsmIds = [];
  for (const subnet of subnets) {
    const added = await send(
      hsm,
      new CreateHsmCommand({ ClusterId: clusterId, AvailabilityZone: subnet.availabilityZone }),
    );
    hsmIds.push(added.Hsm.HsmId, added.Hsm.EniId, added.Hsm.EniIp);
  }
  sim.advanceSeconds(180);
  await send(
    hsm,
    new InitializeClusterCommand({ ClusterId: clusterId, SignedCert: CERT, TrustAnchor: CERT }),
  );
  sim.advanceSeconds(60);
  sim.activateCluster(clusterId, PASSWORD);
  const store = await send(
    kms,
    new CreateCustomKeyStoreCommand({
      CustomKeyStoreName: 'determinism',
      CloudHsmClusterId: clusterId,
      TrustAnchorCertificate: CERT,
      KeyStorePassword: PASSWORD,
    }),
  );
  const storeId = store.CustomKeyStoreId;
  await send(kms, new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
  sim.advanceSeconds(120);

  const hsmKey = (
    await send(kms, new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: storeId }))
  ).KeyMetadata;
  const kmsKey = (await send(kms, new CreateKeyCommand({ Description: 'default key store' })))
    .KeyMetadata;
  await send(
    kms,
    new CreateAliasCommand({ AliasName: 'alias/determinism', TargetKeyId: hsmKey.KeyId }),
  );
  const context = { walk: 'determinism' };
  const sealed = await send(
    kms,
    new EncryptCommand({
      KeyId: 'alias/determinism',
      Plaintext: Buffer.from('same seed, same bytes'),
      EncryptionContext: context,
    }),
  );
  const sealedDefault = await send(
    kms,
    new EncryptCommand({ KeyId: kmsKey.Arn, Plaintext: Buffer.from('default store') }),
  );
  const opened = await send(
    kms,
    new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: context }),
  );
  const dataKey = await send(
    kms,
    new GenerateDataKeyCommand({ KeyId: hsmKey.KeyId, KeySpec: 'AES_256' }),
  );
  const dataKeyOnly = await send(
    kms,
    new GenerateDataKeyWithoutPlaintextCommand({ KeyId: kmsKey.KeyId, NumberOfBytes: 48 }),
  );
  const reEncrypted = await send(
    kms,
    new ReEncryptCommand({
      CiphertextBlob: sealed.CiphertextBlob,
      SourceEncryptionContext: context,
      DestinationKeyId: kmsKey.KeyId,
    }),
  );
  const random = await send(
    kms,
    new GenerateRandomCommand({ NumberOfBytes: 32, CustomKeyStoreId: storeId }),
  );
  const described = await send(kms, new DescribeKeyCommand({ KeyId: hsmKey.Arn }));
  const clusters = await send(hsm, new DescribeClustersCommand({}));
  const backups = await send(hsm, new DescribeBackupsCommand({}));
  const errors = [
    await failing(kms, new DescribeKeyCommand({ KeyId: '00000000-0000-0000-0000-000000000000' })),
    await failing(
      kms,
      new DecryptCommand({
        CiphertextBlob: Buffer.from(sealed.CiphertextBlob).fill(7, 40, 44),
        EncryptionContext: context,
      }),
    ),
    await failing(
      kms,
      new EncryptCommand({ KeyId: hsmKey.KeyId, Plaintext: Buffer.from('x'), DryRun: true }),
    ),
  ];

  return {
    seed: String(seed),
    clusterId,
    hsmIds,
    storeId,
    keys: [hsmKey.Arn, kmsKey.Arn, String(hsmKey.CreationDate?.getTime?.() ?? hsmKey.CreationDate)],
    ciphertexts: [
      b64(sealed.CiphertextBlob),
      b64(sealedDefault.CiphertextBlob),
      b64(dataKey.CiphertextBlob),
      b64(dataKeyOnly.CiphertextBlob),
      b64(reEncrypted.CiphertextBlob),
    ],
    plaintexts: [
      Buffer.from(opened.Plaintext).toString('utf8'),
      b64(dataKey.Plaintext),
      b64(random.Plaintext),
    ],
    described: {
      state: described.KeyMetadata.KeyState,
      cluster: described.KeyMetadata.CloudHsmClusterId,
    },
    clusters: clusters.Clusters.map(
      (c) => `${c.ClusterId}:${c.State}:${c.Hsms.map((h) => h.HsmId).join('+')}`,
    ),
    backups: backups.Backups.map((b) => `${b.BackupId}:${b.BackupState}`),
    errors,
    requestIds,
    nowMs: sim.nowMs,
    bugs: sim.bugs.length,
    traceLength: sim.traceJsonLines().split('\n').filter(Boolean).length,
    traceFingerprint: sim.traceFingerprint(),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const seed = process.argv[2] ?? '1';
  const kmsim = await import(new URL('../../dist/index.js', import.meta.url).href);
  const digest = await determinismWalk(kmsim, /^\d+$/.test(seed) ? Number(seed) : seed);
  process.stdout.write(`${JSON.stringify(digest)}\n`);
}
