/**
 * The same client config through the in-process handler and through msw (where the SDK's real
 * @smithy/node-http-handler 4.14.2 keeps the timeouts) gives the same outcome: the same error name,
 * code and message, or the same success and warnings, at the same virtual time (issue #13 §1).
 */
import { EncryptCommand, KMSClient, type KMSClientConfig } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { VirtualTimeDriver } from '../../src/sim/driver.js';
import { interceptAws } from '../../src/transport/msw-interceptor.js';
import { createKmsClient } from '../../src/transport/sdk-clients.js';
import { buildConnectedWorld, type ConnectedWorld } from '../support/connected-store.js';
import { createStoreKey } from '../support/keystore-world.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

interface Outcome {
  readonly ok: boolean;
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly attempts?: number;
  readonly elapsedMs: number;
  /** Warnings the client's logger got, with their virtual time from the call's start. */
  readonly warnings: readonly string[];
}

interface Case {
  readonly title: string;
  readonly requestHandler: Record<string, unknown>;
  readonly maxAttempts?: number;
  readonly abortAfterMs?: number;
  readonly fault: (w: ConnectedWorld) => void;
  /**
   * Retries wait a jittered backoff drawn from the run's virtual randomness, which msw's code path
   * also draws from: the waits differ, so only the attempts and the error are compared.
   */
  readonly backoffJitter?: true;
}

const slowHsm = (latencyMs: number) => (w: ConnectedWorld) =>
  w.sim.inject('slow-hsm', { clusterId: w.clusterId, latencyMs });

const CASES: readonly Case[] = [
  {
    title: 'requestTimeout with throwOnRequestTimeout, slow HSM',
    requestHandler: { requestTimeout: 2_000, throwOnRequestTimeout: true },
    fault: slowHsm(3_000),
  },
  {
    title: 'requestTimeout alone, slow HSM: a warning and the answer',
    requestHandler: { requestTimeout: 2_000 },
    fault: slowHsm(3_000),
  },
  {
    title: 'requestTimeout with throwOnRequestTimeout, retried to the end',
    requestHandler: { requestTimeout: 2_000, throwOnRequestTimeout: true },
    maxAttempts: 3,
    backoffJitter: true,
    fault: slowHsm(3_000),
  },
  {
    title: 'socketTimeout of 6 s or more, armed 3 s late, slow HSM',
    requestHandler: { socketTimeout: 6_000 },
    fault: slowHsm(20_000),
  },
  {
    title: 'socketTimeout longer than the slow HSM',
    requestHandler: { socketTimeout: 4_000 },
    fault: slowHsm(3_000),
  },
  {
    title: 'socketTimeout, slow HSM',
    requestHandler: { socketTimeout: 2_500 },
    fault: slowHsm(3_000),
  },
  {
    title: 'connectionTimeout under a connection-timeout fault',
    requestHandler: { connectionTimeout: 1_000 },
    fault: (w) => w.sim.inject('connection-timeout', { service: 'kms', timeoutMs: 7_000 }),
  },
  {
    title: 'connectionTimeout, slow HSM: the request was connected',
    requestHandler: { connectionTimeout: 1_000 },
    fault: slowHsm(3_000),
  },
  {
    title: 'requestTimeout with throwOnRequestTimeout under a connection-timeout fault',
    requestHandler: { requestTimeout: 2_000, throwOnRequestTimeout: true },
    fault: (w) => w.sim.inject('connection-timeout', { service: 'kms', timeoutMs: 7_000 }),
  },
  {
    title: 'abort while the HSM is slow',
    requestHandler: { requestTimeout: 2_000 },
    abortAfterMs: 1_500,
    fault: slowHsm(3_000),
  },
];

async function run(
  c: Case,
  seed: number,
  build: (w: ConnectedWorld, config: KMSClientConfig) => KMSClient,
): Promise<Outcome> {
  const w = await buildConnectedWorld(seed);
  const key = await createStoreKey(w.kms, w.customKeyStoreId);
  c.fault(w);
  const warnings: string[] = [];
  return new VirtualTimeDriver(w.sim.kernel).run(async () => {
    const start = w.sim.nowMs;
    const logger = {
      warn: (text: string) => warnings.push(`+${w.sim.nowMs - start}ms ${text}`),
      debug: () => {},
      info: () => {},
      error: () => {},
    };
    const kms = build(w, {
      region: w.sim.region,
      maxAttempts: c.maxAttempts ?? 1,
      requestHandler: { ...c.requestHandler, logger },
    });
    const controller = new AbortController();
    if (c.abortAfterMs !== undefined) setTimeout(() => controller.abort(), c.abortAfterMs);
    try {
      const out = await kms.send(
        new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x') }),
        { abortSignal: controller.signal },
      );
      return {
        ok: true,
        attempts: out.$metadata.attempts,
        elapsedMs: w.sim.nowMs - start,
        warnings,
      };
    } catch (caught) {
      const error = caught as Error & { code?: string; $metadata?: { attempts?: number } };
      return {
        ok: false,
        name: error.name,
        code: error.code,
        message: error.message,
        attempts: error.$metadata?.attempts,
        elapsedMs: w.sim.nowMs - start,
        warnings,
      };
    }
  });
}

const inProcess = (w: ConnectedWorld, config: KMSClientConfig): KMSClient =>
  createKmsClient(w.sim, config);

async function throughMsw(c: Case, seed: number): Promise<Outcome> {
  let interception: ReturnType<typeof interceptAws> | undefined;
  try {
    return await run(c, seed, (w, config) => {
      interception = interceptAws(w.sim);
      return new KMSClient({
        ...config,
        credentials: { accessKeyId: 'AKIATESTTESTTESTTEST', secretAccessKey: 'test' },
      });
    });
  } finally {
    interception?.close();
  }
}

describe('client timeouts: in-process and msw agree', () => {
  for (const [index, c] of CASES.entries()) {
    it(c.title, async () => {
      const seed = 7300 + index;
      const viaMsw = await throughMsw(c, seed);
      const viaInProcess = await run(c, seed, inProcess);
      if (c.backoffJitter) {
        const { elapsedMs: mswMs, ...mswRest } = viaMsw;
        const { elapsedMs: inProcessMs, ...inProcessRest } = viaInProcess;
        expect(inProcessRest).toEqual(mswRest);
        expect(Math.min(mswMs, inProcessMs)).toBeGreaterThanOrEqual(6_000);
      } else {
        expect(viaInProcess).toEqual(viaMsw);
      }
    });
  }
});
