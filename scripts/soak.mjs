/**
 * `npm run soak` (not part of `npm test`; issue 11 "Keep and extend"): `kmsim serve --time-scale 1`
 * in a child process, 64 real KMS SDK clients calling it as fast as it answers for 60 s of wall
 * time, a network partition between KMS and the cluster injected at 20 s and healed at 40 s. Then
 * every ciphertext any client got back is decrypted again, after the heal, and compared with the
 * plaintext it sealed: nothing may be lost.
 *
 * It prints calls sent, answered (an AWS answer, success or error) and unanswered (no HTTP answer),
 * errors by type, p50/p99 call latency in wall ms (SDK retries included), the server's resident
 * memory, and the nothing-lost check. Exit 1 if a ciphertext was lost, a call went unanswered or
 * the server died; nothing here asserts a time.
 *
 * Environment (optional): SOAK_CLIENTS (default 64), SOAK_SECONDS (default 60), SOAK_SEED (default 11).
 */
import '../bench/lib/quiet-sdk-warning.mjs';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { fileURLToPath } from 'node:url';
import {
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  KMSClient,
} from '@aws-sdk/client-kms';

function whole(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new Error(`${name} must be a whole number > 0, got ${raw}`);
  return value;
}

const CLIENTS = whole('SOAK_CLIENTS', 64);
const SECONDS = whole('SOAK_SECONDS', 60);
const SEED = whole('SOAK_SEED', 11);
const FAULT_AT_S = SECONDS / 3;
const HEAL_AT_S = (2 * SECONDS) / 3;
const BIN = fileURLToPath(new URL('../bin/kmsim.js', import.meta.url));
const CERT = '-----BEGIN CERTIFICATE-----\nkmsim soak trust anchor\n-----END CERTIFICATE-----\n';
const PASSWORD = 'kmsuser-Soak1';

// ---- the server ------------------------------------------------------------------------------

function startServer() {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--time-scale', '1', '--seed', String(SEED)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const url = new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /^kmsim listening on (\S+)$/m.exec(stdout);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`kmsim serve exited (${code}): ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}

function rssMiB(pid) {
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kib === undefined ? 'unknown' : `${(Number(kib) / 1024).toFixed(0)} MiB`;
}

async function control(url, path, body) {
  const res = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function wire(url, target, body) {
  const res = await fetch(`${url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`${target}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A cluster with two HSMs, activated; a connected key store; one key in it. Jumps virtual time. */
async function buildWorld(url) {
  const world = await control(url, '/_sim/world');
  const byAz = new Map();
  for (const subnet of world.subnets)
    if (!byAz.has(subnet.availabilityZone)) byAz.set(subnet.availabilityZone, subnet);
  const subnets = [...byAz.values()].slice(0, 2);
  const { Cluster } = await wire(url, 'BaldrApiService.CreateCluster', {
    HsmType: 'hsm1.medium',
    SubnetIds: subnets.map((subnet) => subnet.subnetId),
  });
  const clusterId = Cluster.ClusterId;
  await control(url, '/_sim/advance', { seconds: 600 });
  for (const subnet of subnets)
    await wire(url, 'BaldrApiService.CreateHsm', {
      ClusterId: clusterId,
      AvailabilityZone: subnet.availabilityZone,
    });
  await control(url, '/_sim/advance', { seconds: 600 });
  await wire(url, 'BaldrApiService.InitializeCluster', {
    ClusterId: clusterId,
    SignedCert: CERT,
    TrustAnchor: CERT,
  });
  await control(url, '/_sim/advance', { seconds: 600 });
  await control(url, '/_sim/actions', {
    action: 'activate-cluster',
    clusterId,
    kmsuserPassword: PASSWORD,
  });
  const { CustomKeyStoreId } = await wire(url, 'TrentService.CreateCustomKeyStore', {
    CustomKeyStoreName: 'soak',
    CloudHsmClusterId: clusterId,
    TrustAnchorCertificate: CERT,
    KeyStorePassword: PASSWORD,
  });
  await wire(url, 'TrentService.ConnectCustomKeyStore', { CustomKeyStoreId });
  await control(url, '/_sim/advance', { seconds: 600 });
  const { KeyMetadata } = await wire(url, 'TrentService.CreateKey', {
    Origin: 'AWS_CLOUDHSM',
    CustomKeyStoreId,
  });
  return { clusterId, keyId: KeyMetadata.KeyId };
}

// ---- the clients -----------------------------------------------------------------------------

function client(url, agent) {
  return new KMSClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDSOAK', secretAccessKey: 'soak' },
    maxAttempts: 3,
    // Options for the SDK's own Node handler: every client shares one keep-alive agent.
    requestHandler: { httpAgent: agent, requestTimeout: 30_000 },
  });
}

const stats = {
  sent: 0,
  answered: 0,
  unanswered: 0,
  ok: 0,
  attempts: 0,
  errors: new Map(),
  latenciesMs: [],
  byPhase: { before: [0, 0], during: [0, 0], after: [0, 0] },
};
/** Where the run is: before the partition, during it, or after its heal was answered. */
let phase = 'before';
/** Everything a client got back sealed: ciphertext, the plaintext it stands for. */
const sealed = [];

/** An error is an AWS answer if the service sent one (it has an HTTP status), else the call went unanswered. */
function classify(error) {
  const status = error?.$metadata?.httpStatusCode;
  return { answered: status !== undefined, name: error?.name ?? 'Error', status };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function callLoop(kms, keyId, stopAt, index) {
  let turn = index;
  while (performance.now() < stopAt) {
    turn += 1;
    const plaintext = randomBytes(32);
    const kind =
      turn % 10 < 6
        ? 'Encrypt'
        : turn % 10 < 8
          ? 'GenerateDataKey'
          : turn % 10 < 9
            ? 'Decrypt'
            : 'DescribeKey';
    const started = performance.now();
    const calledIn = phase;
    stats.sent += 1;
    stats.byPhase[calledIn][0] += 1;
    try {
      let out;
      if (kind === 'Encrypt') {
        out = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
        sealed.push({ ciphertext: out.CiphertextBlob, plaintext });
      } else if (kind === 'GenerateDataKey') {
        out = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
        sealed.push({ ciphertext: out.CiphertextBlob, plaintext: out.Plaintext });
      } else if (kind === 'Decrypt' && sealed.length > 0) {
        const earlier = sealed[(turn * 7919) % sealed.length];
        out = await kms.send(new DecryptCommand({ CiphertextBlob: earlier.ciphertext }));
        if (!Buffer.from(out.Plaintext).equals(Buffer.from(earlier.plaintext)))
          throw Object.assign(new Error('Decrypt returned other bytes'), {
            name: 'WrongPlaintext',
            $metadata: out.$metadata,
          });
      } else {
        out = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
      }
      stats.answered += 1;
      stats.ok += 1;
      stats.byPhase[calledIn][1] += 1;
      stats.attempts += out.$metadata.attempts ?? 1;
    } catch (error) {
      const { answered, name } = classify(error);
      if (answered) stats.answered += 1;
      else stats.unanswered += 1;
      stats.attempts += error?.$metadata?.attempts ?? 1;
      const label = answered ? name : `unanswered ${name}: ${error?.code ?? error?.message}`;
      stats.errors.set(label, (stats.errors.get(label) ?? 0) + 1);
    }
    stats.latenciesMs.push(performance.now() - started);
  }
}

/** Every ciphertext decrypts to what it sealed (with up to 64 calls in flight). */
async function nothingLost(clients) {
  let next = 0;
  const lost = [];
  await Promise.all(
    clients.map(async (kms) => {
      for (let i = next++; i < sealed.length; i = next++) {
        const { ciphertext, plaintext } = sealed[i];
        try {
          const out = await kms.send(new DecryptCommand({ CiphertextBlob: ciphertext }));
          if (!Buffer.from(out.Plaintext).equals(Buffer.from(plaintext)))
            lost.push(`#${i}: decrypts to other bytes`);
        } catch (error) {
          lost.push(`#${i}: ${error?.name}: ${error?.message}`);
        }
      }
    }),
  );
  return lost;
}

// ---- the run ---------------------------------------------------------------------------------

const server = startServer();
let exitCode = 0;
try {
  const url = await server.url;
  console.log(
    `kmsim soak: ${CLIENTS} clients for ${SECONDS} s against ${url} (serve --time-scale 1, seed ${SEED})`,
  );
  const { clusterId, keyId } = await buildWorld(url);
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const clients = Array.from({ length: CLIENTS }, () => client(url, agent));
  const rssBefore = rssMiB(server.child.pid);
  const startedAt = performance.now();
  const stopAt = startedAt + SECONDS * 1000;
  const timeline = (async () => {
    await new Promise((resolve) => setTimeout(resolve, FAULT_AT_S * 1000));
    const injected = await control(url, '/_sim/actions', {
      action: 'inject-fault',
      fault: 'network-partition',
      clusterId,
    });
    phase = 'during';
    console.log(`  ${FAULT_AT_S.toFixed(0)} s: network-partition injected (${injected.faultId})`);
    await new Promise((resolve) => setTimeout(resolve, (HEAL_AT_S - FAULT_AT_S) * 1000));
    await control(url, '/_sim/actions', { action: 'heal-fault', faultId: injected.faultId });
    phase = 'after';
    console.log(`  ${HEAL_AT_S.toFixed(0)} s: network-partition healed`);
  })();
  await Promise.all(clients.map((kms, index) => callLoop(kms, keyId, stopAt, index)));
  await timeline;
  const wallS = (performance.now() - startedAt) / 1000;
  const sorted = [...stats.latenciesMs].sort((a, b) => a - b);
  console.log(
    `sent:       ${stats.sent} calls (${stats.attempts} HTTP attempts, SDK retries included) in ${wallS.toFixed(1)} s`,
  );
  console.log(
    `answered:   ${stats.answered} (${stats.ok} ok, ${stats.answered - stats.ok} AWS errors); unanswered: ${stats.unanswered}`,
  );
  for (const [when, [sent, ok]] of Object.entries(stats.byPhase))
    console.log(`  ${when.padEnd(6)} the partition: ${sent} calls, ${ok} ok`);
  console.log(
    `errors:     ${
      stats.errors.size === 0
        ? 'none'
        : [...stats.errors.entries()]
            .sort((a, b) => b[1] - a[1])
            .map(([name, n]) => `${name}×${n}`)
            .join(', ')
    }`,
  );
  console.log(
    `latency:    p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms (wall, per call)`,
  );
  const lost = await nothingLost(clients);
  console.log(
    lost.length === 0
      ? `nothing lost: all ${sealed.length} ciphertexts decrypt to their plaintexts after the heal`
      : `LOST: ${lost.length} of ${sealed.length} ciphertexts: ${lost.slice(0, 5).join('; ')}`,
  );
  const health = await fetch(`${url}/_sim/health`);
  console.log(
    `server:     health ${health.status}; RSS ${rssBefore} before, ${rssMiB(server.child.pid)} after`,
  );
  if (lost.length > 0 || stats.unanswered > 0 || health.status !== 200) exitCode = 1;
  agent.destroy();
} catch (error) {
  console.error(`kmsim soak: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  server.child.kill('SIGTERM');
}
if (/simulator bug/i.test(server.stderr())) {
  console.error('kmsim soak: the server logged a simulator bug');
  exitCode = 1;
}
process.exitCode = exitCode;
