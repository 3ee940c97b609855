/**
 * Diagnosis capture (src/report/diagnosis-capture.ts, with src/scenarios/run/diagnosis-operator.ts) and the read-only path it uses
 * (Simulator.observe): observations answer exactly what the services answer, leave no mark on the
 * run (quota, ids, random streams, trace), refuse anything that writes, and are taken at the
 * moments the report needs; turning the capture off changes nothing but the report.* events.
 */
import { CreateKeyCommand, DescribeCustomKeyStoresCommand } from '@aws-sdk/client-kms';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DiagnosisCapture, cliCommand } from '../../src/report/diagnosis-capture.js';
import { loadScenarioFile } from '../../src/scenarios/file/loader.js';
import { runScenario } from '../../src/scenarios/run/runner.js';
import type { TraceEvent } from '../../src/sim/trace.js';
import { buildConnectedWorld, type ConnectedWorld } from '../support/connected-store.js';

const scenario = (name: string) => {
  const loaded = loadScenarioFile(
    fileURLToPath(new URL(`../../scenarios/${name}.yaml`, import.meta.url)),
  );
  if (!loaded.ok) throw new Error(loaded.messages.join('\n'));
  return loaded.scenario;
};

const traceOf = (jsonLines: string): TraceEvent[] =>
  jsonLines
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as TraceEvent);

async function worldWithKey(seed: number): Promise<ConnectedWorld & { keyId: string }> {
  const world = await buildConnectedWorld(seed);
  const created = await world.kms.send(
    new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: world.customKeyStoreId }),
  );
  return { ...world, keyId: created.KeyMetadata!.KeyId! };
}

function readRequests(
  world: ConnectedWorld & { keyId: string },
): { target: string; body: string }[] {
  return [
    {
      target: 'TrentService.DescribeCustomKeyStores',
      body: JSON.stringify({ CustomKeyStoreId: world.customKeyStoreId }),
    },
    { target: 'TrentService.DescribeKey', body: JSON.stringify({ KeyId: world.keyId }) },
    {
      target: 'TrentService.DescribeKey',
      body: JSON.stringify({ KeyId: '11111111-2222-3333-4444-555555555555' }),
    },
    {
      target: 'BaldrApiService.DescribeClusters',
      body: JSON.stringify({ Filters: { clusterIds: [world.clusterId] } }),
    },
    {
      target: 'BaldrApiService.DescribeBackups',
      body: JSON.stringify({ Filters: { clusterIds: [world.clusterId] } }),
    },
  ];
}

describe('report: diagnosis: Simulator.observe', () => {
  it('answers exactly what the service itself answers (status and body), errors included', async () => {
    const world = await worldWithKey(31);
    for (const request of readRequests(world)) {
      const observed = world.sim.observe(request.target, request.body);
      const served = world.sim.handleWireSync({ ...request, headers: {} });
      world.sim.advanceSeconds(1);
      expect({ status: observed.status, body: observed.body }).toEqual({
        status: served.status,
        body: served.body,
      });
    }
    expect(
      world.sim.observe(
        'TrentService.DescribeKey',
        JSON.stringify({ KeyId: '11111111-2222-3333-4444-555555555555' }),
      ).status,
    ).toBe(400);
  });

  it('leaves no mark: the same trace, the same next request id, the quota untouched', async () => {
    const [observed, twin] = [await worldWithKey(32), await worldWithKey(32)];
    expect(observed.sim.traceFingerprint()).toBe(twin.sim.traceFingerprint());
    for (let round = 0; round < 20; round++)
      for (const request of readRequests(observed))
        observed.sim.observe(request.target, request.body);
    expect(observed.sim.kernel.trace.length).toBe(twin.sim.kernel.trace.length);
    expect(observed.sim.traceFingerprint()).toBe(twin.sim.traceFingerprint());
    // DescribeCustomKeyStores allows 5 requests a second (docs/behaviour.md §5.1): 100 observations used none of them.
    const statuses = async (world: ConnectedWorld): Promise<string[]> => {
      const out: string[] = [];
      for (let i = 0; i < 6; i++)
        out.push(
          await world.kms.send(new DescribeCustomKeyStoresCommand({})).then(
            () => 'ok',
            (error: Error) => error.name,
          ),
        );
      return out;
    };
    expect(await statuses(observed)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ThrottlingException']);
    expect(await statuses(twin)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ThrottlingException']);
    expect(observed.sim.kernel.ids.requestId()).toBe(twin.sim.kernel.ids.requestId());
    expect(observed.sim.traceFingerprint()).toBe(twin.sim.traceFingerprint());
  });

  it('refuses any operation that is not read-only', async () => {
    const world = await worldWithKey(33);
    expect(() =>
      world.sim.observe(
        'TrentService.Encrypt',
        JSON.stringify({ KeyId: world.keyId, Plaintext: 'AAAA' }),
      ),
    ).toThrow(/not a read-only operation/);
    expect(() =>
      world.sim.observe(
        'TrentService.DisconnectCustomKeyStore',
        JSON.stringify({ CustomKeyStoreId: world.customKeyStoreId }),
      ),
    ).toThrow(/not a read-only operation/);
    expect(() =>
      world.sim.observe(
        'BaldrApiService.DeleteCluster',
        JSON.stringify({ ClusterId: world.clusterId }),
      ),
    ).toThrow(/not a read-only operation/);
  });
});

describe('report: diagnosis: commands as a person types them', () => {
  it('kebab-case options, CloudHSM filters as name=values, passwords and data never shown', () => {
    expect(
      cliCommand('kms', 'UpdateCustomKeyStore', {
        CustomKeyStoreId: 'cks-1',
        CloudHsmClusterId: 'cluster-2',
        KeyStorePassword: 'Secret123',
      }),
    ).toBe(
      'aws kms update-custom-key-store --custom-key-store-id cks-1 --cloud-hsm-cluster-id cluster-2 --key-store-password "$KMSUSER_PASSWORD"',
    );
    expect(
      cliCommand('cloudhsmv2', 'DescribeBackups', {
        Filters: { clusterIds: ['cluster-1', 'cluster-2'] },
      }),
    ).toBe('aws cloudhsmv2 describe-backups --filters clusterIds=cluster-1,cluster-2');
    expect(
      cliCommand('cloudhsmv2', 'CreateCluster', {
        HsmType: 'hsm1.medium',
        SubnetIds: ['subnet-a', 'subnet-b'],
        SourceBackupId: 'backup-1',
      }),
    ).toBe(
      'aws cloudhsmv2 create-cluster --hsm-type hsm1.medium --subnet-ids subnet-a subnet-b --source-backup-id backup-1',
    );
    expect(cliCommand('kms', 'Encrypt', { KeyId: 'k', Plaintext: 'c2VjcmV0' })).toBe(
      'aws kms encrypt --key-id k --plaintext fileb://plaintext.bin',
    );
  });
});

describe('report: diagnosis: captures during a run', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('at the first error, after the next fault, when the store turns FAILED and at the end, each showing the world at that instant', async () => {
    const result = await runScenario(scenario('kmsuser-password-rotated'));
    const trace = traceOf(result.traceJsonLines);
    const start = trace.find((event) => event.kind === 'scenario.start')!.atMs;
    const captures = trace.filter((event) => event.kind === 'report.diagnosis');
    expect(captures.map((event) => event.data.trigger)).toEqual([
      'first-error',
      'error-after-fault',
      'connection-failed',
      'end',
    ]);
    const fault = trace.find((event) => event.kind === 'fault.injected')!;
    expect(captures[1]!.atMs).toBe(
      trace.find(
        (event) =>
          event.kind === 'client.call' && event.data.ok === false && event.atMs >= fault.atMs,
      )!.atMs,
    );
    const firstFailure = trace.find(
      (event) => event.kind === 'client.call' && event.data.ok === false,
    )!;
    expect(captures[0]!.atMs).toBe(firstFailure.atMs);
    expect(captures[0]!.data.cause).toMatchObject({
      client: firstFailure.data.client,
      errorName: firstFailure.data.errorName,
      message: firstFailure.data.message,
    });
    const failed = trace.find(
      (event) => event.kind === 'kms.key-store.connection' && event.data.state === 'FAILED',
    )!;
    expect(captures[2]!.atMs).toBe(
      trace.find(
        (event) =>
          event.kind === 'client.call' && event.data.ok === false && event.atMs >= failed.atMs,
      )!.atMs,
    );
    const storeAt = (capture: TraceEvent) =>
      JSON.parse(
        (capture.data.commands as { operation: string; body: string }[]).find(
          (command) => command.operation === 'DescribeCustomKeyStores',
        )!.body,
      ).CustomKeyStores[0];
    expect(storeAt(captures[1]!).ConnectionState).toBe('DISCONNECTED');
    expect(storeAt(captures[2]!)).toMatchObject({
      ConnectionState: 'FAILED',
      ConnectionErrorCode: failed.data.connectionErrorCode,
    });
    expect(storeAt(captures[3]!).ConnectionState).toBe('CONNECTED');
    expect(captures[3]!.atMs).toBe(start + result.virtualDurationMs);
    const names = trace.find((event) => event.kind === 'report.names')!;
    expect(names.data).toMatchObject({
      keyStores: { store: storeAt(captures[3]!).CustomKeyStoreId },
    });
  });

  it("records each operator action's requests as CLI commands with the service's answers, and never a password", async () => {
    const result = await runScenario(scenario('kmsuser-password-rotated'));
    const trace = traceOf(result.traceJsonLines);
    const calls = trace
      .filter((event) => event.kind === 'report.operator-call')
      .map((event) => event.data);
    expect(calls.map((call) => String(call.cli).split(' --')[0])).toEqual([
      'aws kms disconnect-custom-key-store',
      'aws kms connect-custom-key-store',
      'aws kms disconnect-custom-key-store',
      'aws kms update-custom-key-store',
      'aws kms connect-custom-key-store',
    ]);
    expect(calls[3]!.cli).toMatch(/--key-store-password "\$KMSUSER_PASSWORD"$/);
    expect(calls.every((call) => call.status === 200 && call.body === '{}')).toBe(true);
    const reportEvents = trace
      .filter((event) => event.kind.startsWith('report.'))
      .map((event) => JSON.stringify(event));
    expect(reportEvents.join('\n')).not.toContain('RotatedByHand1');
    expect(reportEvents.join('\n')).toContain('<redacted>');
  });

  it('capturing changes nothing else: the run without it has the same events, times and outcomes', async () => {
    const withCapture = traceOf((await runScenario(scenario('cluster-deleted'))).traceJsonLines);
    vi.spyOn(DiagnosisCapture.prototype, 'stepStarting').mockImplementation(() => undefined);
    vi.spyOn(DiagnosisCapture.prototype, 'operatorCall').mockImplementation(() => undefined);
    vi.spyOn(DiagnosisCapture.prototype, 'callFinished').mockImplementation(() => undefined);
    vi.spyOn(DiagnosisCapture.prototype, 'stepFinished').mockImplementation(() => undefined);
    vi.spyOn(DiagnosisCapture.prototype, 'end').mockImplementation(() => undefined);
    const without = traceOf((await runScenario(scenario('cluster-deleted'))).traceJsonLines);
    const rest = (events: TraceEvent[]) =>
      events
        .filter((event) => !event.kind.startsWith('report.'))
        .map(({ atMs, kind, data }) => ({ atMs, kind, data }));
    expect(without.some((event) => event.kind.startsWith('report.'))).toBe(false);
    expect(withCapture.filter((event) => event.kind === 'report.diagnosis').length).toBeGreaterThan(
      1,
    );
    expect(rest(withCapture)).toEqual(rest(without));
  });
});
