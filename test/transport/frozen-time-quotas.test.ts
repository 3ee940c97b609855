/**
 * Frozen time tells the truth (issue #9 §3): under `--time-scale 0` a strictly sequential client
 * sends 2,200 Encrypts on one CloudHSM key in one frozen second over HTTP. A request holds a
 * PKCS#11 session only while it is in service, so sessions never run out (no KMSInternalException
 * from request 1,025 on); the key store's own quota (docs/behaviour.md §5.2: 1,800 requests per second) admits
 * at most 1,800, and every later request is ThrottlingException.
 */
import { Agent, request } from 'node:http';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { afterAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../src/transport/http-server.js';
import { buildConnectedWorld } from '../support/connected-store.js';

const REQUESTS = 2_200;
let server: RunningServer | undefined;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
afterAll(async () => {
  agent.destroy();
  await server?.close();
});

/** One JSON 1.1 exchange on a kept-alive connection: status and error type. */
function encrypt(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'TrentService.Encrypt',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          if (res.statusCode === 200) return resolve('ok');
          const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { __type?: string };
          resolve(`${res.statusCode} ${parsed.__type ?? '?'}`);
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('transport: frozen time: quotas and sessions', () => {
  it('2,200 sequential Encrypts on one CloudHSM key in one frozen second: at most 1,800 succeed, then ThrottlingException only', async () => {
    const world = await buildConnectedWorld(31);
    const created = await world.kms.send(
      new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: world.customKeyStoreId }),
    );
    const keyId = created.KeyMetadata!.KeyId!;
    // Start on a fresh quota second, so all 2,200 fall into the same one.
    world.sim.advanceToMs(Math.ceil((world.sim.nowMs + 1) / 1000) * 1000);
    const startMs = world.sim.nowMs;
    server = await startHttpServer(world.sim, { port: 0, timeScale: 0 });
    const outcomes: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      outcomes.push(
        await encrypt(
          server.url,
          JSON.stringify({ KeyId: keyId, Plaintext: Buffer.from(`m${i}`).toString('base64') }),
        ),
      );
    }
    expect(world.sim.nowMs).toBe(startMs);
    const firstRefusal = outcomes.findIndex((outcome) => outcome !== 'ok');
    const successes = outcomes.filter((outcome) => outcome === 'ok').length;
    expect(successes).toBeLessThanOrEqual(1_800);
    expect(successes).toBeGreaterThan(1_024);
    expect(firstRefusal).toBe(successes);
    expect(new Set(outcomes.slice(firstRefusal))).toEqual(new Set(['400 ThrottlingException']));
  }, 120_000);
});
