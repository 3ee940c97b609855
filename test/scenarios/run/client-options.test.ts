import { EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../../src/scenarios/file/loader.js';
import { runScenario } from '../../../src/scenarios/run/runner.js';
import { metricsLines } from '../../../src/scenarios/check/client-metrics.js';
import type { Scenario } from '../../../src/scenarios/scenario.js';
import { compactScenarioHead } from '../../support/scenario-text.js';
import { retryStrategy } from '../fixtures/modules/retry-invalid-state.mjs';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const world = {
  clusters: [{ name: 'main', hsms: ['a', 'b'] }],
  keyStores: [{ name: 'store', cluster: 'main' }],
  keys: [{ name: 'app-key', keyStore: 'store' }],
};

function slowHsm(client: Scenario['clients'][number]): Scenario {
  return {
    name: 'slow hsm',
    seed: 7,
    world,
    clients: [client],
    timeline: [{ at: '10s', fault: 'slow-hsm', cluster: 'main', latency: '3s' }],
    workloads: [{ client: client.name, operation: 'Encrypt', key: 'app-key', at: ['20s'] }],
    expect: [{ type: 'nothing-lost' }],
  };
}

const disconnected = (client: Scenario['clients'][number]): Scenario => ({
  name: 'disconnected',
  seed: 8,
  world,
  clients: [client],
  timeline: [{ at: '5s', action: 'disconnect-key-store', keyStore: 'store' }],
  workloads: [{ client: client.name, operation: 'Encrypt', key: 'app-key', at: ['2m'] }],
  expect: [{ type: 'nothing-lost' }],
});

describe('scenarios: client options and user modules (issue #13 §1)', () => {
  it('requestTimeout with throwOnRequestTimeout fails each attempt as TimeoutError/ETIMEDOUT, in virtual time', async () => {
    const result = await runScenario(
      slowHsm({ name: 'app', maxAttempts: 3, requestTimeout: '2s', throwOnRequestTimeout: true }),
    );
    const call = result.calls[0]!;
    expect({ name: call.errorName, code: call.errorCode, message: call.message }).toEqual({
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
      message:
        '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 2000 ms requestTimeout.',
    });
    expect(call.attempts).toBe(3);
    // Three 2-second timeouts plus the SDK's backoff between them.
    expect(call.endMs - call.startMs).toBeGreaterThanOrEqual(6000);
    expect(result.metrics.clients[0]!.requestTimeoutWarnings).toBeUndefined();
  });

  it('requestTimeout alone only warns, as the pinned SDK does: the call succeeds slowly and the metrics count the warning', async () => {
    const result = await runScenario(
      slowHsm({ name: 'app', maxAttempts: 3, requestTimeout: '2s' }),
    );
    const call = result.calls[0]!;
    expect(call.ok).toBe(true);
    expect(call.attempts).toBe(1);
    expect(call.endMs - call.startMs).toBeGreaterThanOrEqual(3000);
    const app = result.metrics.clients.find((client) => client.client === 'app')!;
    expect(app.requestTimeoutWarnings).toEqual({ count: 1, timeoutMs: [2000] });
    expect(metricsLines(result.metrics)).toContain(
      'NOTE client app: requestTimeout 2s exceeded 1 time, only warned (throwOnRequestTimeout is false)',
    );
    expect(result.traceJsonLines).toContain('"kind":"client.request-timeout"');
  });

  it("socketTimeout fails a request that has had no answer that long, with the node handler's inactivity TimeoutError", async () => {
    const result = await runScenario(
      slowHsm({ name: 'app', maxAttempts: 2, socketTimeout: '2500ms' }),
    );
    const call = result.calls[0]!;
    expect({ name: call.errorName, message: call.message, attempts: call.attempts }).toEqual({
      name: 'TimeoutError',
      message:
        '@smithy/node-http-handler - the request socket timed out after 2500 ms of inactivity (configured by client requestHandler).',
      attempts: 2,
    });
  });

  it('a YAML client takes throwOnRequestTimeout (a boolean) and socketTimeout (a duration)', () => {
    const text = (extra: string) =>
      `name: x\nseed: 1\nworld: {}\nclients:\n  - name: app\n    requestTimeout: 2s\n${extra}expect: []\n`;
    const good = loadScenarioText(
      text('    throwOnRequestTimeout: true\n    socketTimeout: 30s\n'),
      'x.yaml',
    );
    expect(good.ok).toBe(true);
    if (good.ok)
      expect(good.scenario.clients[0]).toMatchObject({
        throwOnRequestTimeout: true,
        socketTimeout: '30s',
      });
    const bad = loadScenarioText(text('    throwOnRequestTimeout: yes please\n'), 'x.yaml');
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.messages).toEqual([
        "x.yaml:7: clients[0].throwOnRequestTimeout: expected true or false (true: past requestTimeout the attempt fails with TimeoutError, code ETIMEDOUT), got 'yes please'",
      ]);
  });

  it('without a timeout the same call waits out the slow HSM and succeeds', async () => {
    const result = await runScenario(slowHsm({ name: 'app', maxAttempts: 3 }));
    expect(result.calls[0]!.ok).toBe(true);
    expect(result.calls[0]!.endMs - result.calls[0]!.startMs).toBeGreaterThanOrEqual(3000);
  });

  it('a retryStrategy module value retries KMSInvalidStateException until it runs out', async () => {
    const sdkDefault = await runScenario(disconnected({ name: 'app' }));
    expect(sdkDefault.calls[0]!.errorName).toBe('KMSInvalidStateException');
    expect(sdkDefault.calls[0]!.attempts).toBe(1);
    const custom = await runScenario(disconnected({ name: 'app', module: { retryStrategy } }));
    expect(custom.calls[0]!.errorName).toBe('KMSInvalidStateException');
    expect(custom.calls[0]!.attempts).toBe(4);
  });

  it('a workload module builds its own KMSClient from kmsim config; its attempts are counted', async () => {
    const workload = async (call: {
      clientConfig: object;
      keyId?: string;
      plaintext?: Uint8Array;
    }) => {
      const client = new KMSClient({ ...call.clientConfig, maxAttempts: 1 });
      let last: unknown;
      for (let i = 0; i < 5; i++) {
        try {
          return await client.send(
            new EncryptCommand({ KeyId: call.keyId, Plaintext: call.plaintext }),
          );
        } catch (error) {
          last = error;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
      throw last;
    };
    const result = await runScenario(disconnected({ name: 'app', module: { workload } }));
    expect(result.calls[0]!.errorName).toBe('KMSInvalidStateException');
    expect(result.calls[0]!.attempts).toBe(5);
    expect(result.calls[0]!.endMs - result.calls[0]!.startMs).toBeGreaterThanOrEqual(5000);
  });

  it('a createClient module gets kmsim config and its calls reach the simulator', async () => {
    const createClient = (config: object) => new KMSClient({ ...config, maxAttempts: 2 });
    const result = await runScenario(slowHsm({ name: 'app', module: { createClient } }));
    expect(result.calls[0]!.ok).toBe(true);
    expect(result.traceJsonLines).toContain('"client":"app"');
  });

  it('a YAML client module path that does not exist is a load problem naming the field', () => {
    const loaded = loadScenarioText(
      'name: x\nseed: 1\nworld: {}\nclients:\n  - name: app\n    module: 42\nexpect: []\n',
      'x.yaml',
    );
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.messages.join('\n')).toContain('clients[0].module');
  });
});

describe('scenarios: client module files (issue #13 §1)', () => {
  it('a YAML client naming a TypeScript module runs its strategy; a module with two forms is refused', async () => {
    const { mkdtempSync, writeFileSync, copyFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { loadScenarioFile } = await import('../../../src/scenarios/file/loader.js');
    const dir = mkdtempSync(join(process.cwd(), 'test/scenarios/fixtures/modules/.tmp-'));
    copyFileSync('test/scenarios/fixtures/modules/typed-strategy.ts', join(dir, 'typed.ts'));
    writeFileSync(
      join(dir, 'two.mjs'),
      'export const retryStrategy = {}; export async function workload() {}\n',
    );
    const yaml = (module: string) =>
      [
        ...compactScenarioHead('modules', 5),
        'clients:',
        `  - { name: app, module: ${module} }`,
        'timeline: [{ at: 5s, action: disconnect-key-store, keyStore: store }]',
        'workloads: [{ client: app, operation: Encrypt, key: app-key, at: [2m] }]',
        'expect: [{ type: nothing-lost }]',
      ].join('\n');
    try {
      writeFileSync(join(dir, 'typed.yaml'), yaml('typed.ts'));
      const typed = loadScenarioFile(join(dir, 'typed.yaml'));
      if (!typed.ok) throw new Error(typed.messages.join('\n'));
      const result = await runScenario(typed.scenario);
      expect(result.calls[0]!.errorName).toBe('KMSInvalidStateException');
      expect(result.calls[0]!.attempts).toBe(2);
      writeFileSync(join(dir, 'two.yaml'), yaml('two.mjs'));
      const two = loadScenarioFile(join(dir, 'two.yaml'));
      if (!two.ok) throw new Error(two.messages.join('\n'));
      await expect(runScenario(two.scenario)).rejects.toThrow(
        /client app: module .*two\.mjs exports retryStrategy and workload \(it must export exactly one\)/,
      );
      writeFileSync(join(dir, 'missing.yaml'), yaml('nowhere.mjs'));
      const missing = loadScenarioFile(join(dir, 'missing.yaml'));
      expect(missing.ok).toBe(false);
      if (!missing.ok)
        expect(missing.messages[0]).toContain(
          "clients[0].module: no such module file 'nowhere.mjs'",
        );
    } finally {
      const { rmSync } = await import('node:fs');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
