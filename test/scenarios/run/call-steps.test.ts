import { describe, expect, it } from 'vitest';
import { validateScenarioObject } from '../../../src/scenarios/file/loader.js';
import { runScenario } from '../../../src/scenarios/run/runner.js';
import type { Scenario } from '../../../src/scenarios/scenario.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

function twoClusters(copy: { fromBackupOf?: string }): Scenario {
  return {
    name: 'call steps',
    seed: 13,
    world: {
      clusters: [
        { name: 'main', hsms: ['a', 'b'] },
        { name: 'copy', hsms: ['a', 'b'], ...copy },
      ],
      keyStores: [{ name: 'store', cluster: 'main' }],
    },
    clients: [{ name: 'app' }],
    timeline: [
      {
        at: '10s',
        call: 'kms.CreateCustomKeyStore',
        input: {
          CustomKeyStoreName: 'second',
          CloudHsmClusterId: '{cluster:copy}',
          TrustAnchorCertificate: '{trustAnchor}',
          KeyStorePassword: 'kmsuser-Scenario1',
        },
        expectError: 'CloudHsmClusterInUseException',
      },
    ],
    expect: [{ type: 'nothing-lost' }],
  };
}

describe('scenarios: call steps and clusters restored from backup (issue #13 §3)', () => {
  it('a cluster restored fromBackupOf another shares its history: CreateCustomKeyStore is refused', async () => {
    const scenario = twoClusters({ fromBackupOf: 'main' });
    expect(validateScenarioObject(scenario).ok).toBe(true);
    const result = await runScenario(scenario);
    expect(result.passed).toBe(true);
    expect(result.traceJsonLines).toContain('"errorName":"CloudHsmClusterInUseException"');
    expect(result.traceJsonLines).toMatch(/"sourceBackupId":"backup-/);
  });

  it('a fresh cluster is accepted, so the step expecting the error fails and says so', async () => {
    const result = await runScenario(twoClusters({}));
    expect(result.passed).toBe(false);
    const failure = result.expectations.find((line) => !line.passed)!;
    expect(failure.description).toContain('call kms.CreateCustomKeyStore');
    expect(failure.detail).toBe('succeeded, but CloudHsmClusterInUseException was expected');
  });

  it('an unknown service or operation, an unknown source cluster, and input on a fault are load problems', () => {
    const scenario = twoClusters({ fromBackupOf: 'nowhere' });
    const result = validateScenarioObject({
      ...scenario,
      timeline: [
        { at: '1s', call: 'kms.CreateCustomKeystore' },
        { at: '2s', call: 's3.PutObject' },
        { at: '3s', fault: 'slow-hsm', cluster: 'main', latency: '1s', input: {} },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.messages.join('\n');
    expect(text).toContain(
      "timeline[0].call: unknown kms operation 'CreateCustomKeystore' (did you mean 'CreateCustomKeyStore'?)",
    );
    expect(text).toContain("timeline[1].call: 's3.PutObject' is not an API call");
    expect(text).toContain("timeline[2].input: unknown key 'input' for fault 'slow-hsm'");
    expect(text).toContain("world.clusters[1].fromBackupOf: 'nowhere' is not declared");
  });
});
