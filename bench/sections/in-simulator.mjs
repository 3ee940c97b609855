/**
 * 1. The in-simulator path: Encrypt+Decrypt pairs served by `sim.handleWireSync` (JSON 1.1 bodies in,
 * JSON 1.1 responses out, no SDK, no transport) on an AWS_KMS key and on a CloudHSM-store key,
 * against raw AES-256-GCM encrypt+decrypt with node:crypto in the same process.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PLAINTEXT, encryptBody } from '../lib/canned.mjs';
import { measureInterleaved, printComparison } from '../lib/measure.mjs';
import { coreCostProbe, printCoreCost } from '../lib/core-cost.mjs';
import { LIFTED_LIMITS_NOTE, buildBenchWorld } from '../lib/world.mjs';

const HEADERS = {};

function simPairSide(name, pickKey, failures, probe) {
  return {
    name,
    batch: 32,
    async prepare() {
      // A fresh world per rep, so the trace (which keeps every request) starts empty each time.
      const world = await buildBenchWorld();
      const { sim } = world;
      probe?.attach(sim);
      const encryptRequest = {
        target: 'TrentService.Encrypt',
        body: encryptBody(pickKey(world)),
        headers: HEADERS,
      };
      const op = () => {
        const encrypted = sim.handleWireSync(encryptRequest);
        if (encrypted.status !== 200) {
          failures.set(name, (failures.get(name) ?? 0) + 1);
          return;
        }
        const { CiphertextBlob } = JSON.parse(encrypted.body);
        const decrypted = sim.handleWireSync({
          target: 'TrentService.Decrypt',
          body: JSON.stringify({ CiphertextBlob }),
          headers: HEADERS,
        });
        if (decrypted.status !== 200) failures.set(name, (failures.get(name) ?? 0) + 1);
      };
      op();
      return { op, sync: true };
    },
  };
}

function rawGcmSide(name) {
  return {
    name,
    batch: 256,
    async prepare() {
      const key = randomBytes(32);
      const aad = Buffer.from('{}');
      const iv = Buffer.alloc(12);
      let counter = 0;
      const op = () => {
        iv.writeUInt32BE(++counter >>> 0, 8);
        const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
        cipher.setAAD(aad);
        const ciphertext = Buffer.concat([cipher.update(PLAINTEXT), cipher.final()]);
        const tag = cipher.getAuthTag();
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
        decipher.setAAD(aad);
        decipher.setAuthTag(tag);
        Buffer.concat([decipher.update(ciphertext), decipher.final()]);
      };
      return { op, sync: true };
    },
  };
}

export async function runInSimulator({ reps, budgetS }) {
  console.log(
    `1. In-simulator path vs raw AES-256-GCM — Encrypt+Decrypt pairs of a ${PLAINTEXT.length}-byte plaintext, one thread`,
  );
  console.log(
    `   sim.handleWireSync(TrentService.Encrypt) then (TrentService.Decrypt); ${LIFTED_LIMITS_NOTE}`,
  );
  const failures = new Map();
  const probe = coreCostProbe();
  const results = await measureInterleaved(
    [
      simPairSide('kmsim handleWireSync, AWS_KMS key', (w) => w.awsKeyId, failures),
      simPairSide('kmsim handleWireSync, CloudHSM-store key', (w) => w.hsmKeyId, failures, probe),
      rawGcmSide('raw node:crypto AES-256-GCM'),
    ],
    { reps, budgetS },
  );
  printComparison(results, {
    unit: 'pairs/s',
    extra: (r) => `= ${Math.round(2 * r.wall.median).toLocaleString('en-US')} requests/s wall`,
    ratios: [
      [0, 2],
      [1, 2],
      [1, 0],
    ],
  });
  printCoreCost('tight loop, CloudHSM-store key', probe);
  reportFailures(failures);
  return { results, coreMicros: probe.microsPerRequest() };
}

export function reportFailures(failures) {
  for (const [name, count] of failures)
    console.log(`   WARNING: ${count} non-200 responses on "${name}"; its figure is not valid`);
}
