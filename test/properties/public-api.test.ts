/**
 * The public property-testing API (issue #6 §2-3), imported from the package entry: arbitraries
 * that produce valid scenario parts, checkClientUnderFaults passing for a well-configured client and
 * failing (with fast-check's seed and path, and a shrunk schedule) for one that never retries, and
 * the saved counterexample replaying through the scenario loader and runner with the same failure.
 * Every check has a fixed fast-check seed, so the suite is deterministic.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ClientPropertyError,
  DEFAULT_SCHEDULE_FAULTS,
  checkClientUnderFaults,
  eventuallySucceedsAfterRecovery,
  faultScheduleArbitrary,
  loadScenarioFile,
  neverLosesCiphertext,
  neverSurfacesRetryableError,
  runScenario,
  SAVE_COUNTEREXAMPLE_ENV,
  staysWithinAttempts,
  validateScenarioObject,
  workloadArbitrary,
  worldArbitrary,
  type ClientContext,
  type ClientProperty,
  type Scenario,
} from '../../src/index.js';
import { runClientCase } from '../../src/properties/client-run.js';
import { FAULT_STEPS } from '../../src/scenarios/file/step-catalogue.js';

const scratch = mkdtempSync(join(tmpdir(), 'kmsim-properties-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The user's code under test: seal a secret, then open it again. */
async function sealAndOpen(kms: KMSClient, { keyId }: ClientContext): Promise<string> {
  const { CiphertextBlob } = await kms.send(
    new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('attack at dawn') }),
  );
  const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob }));
  return Buffer.from(Plaintext!).toString('utf8');
}

/** A custom property: every generated fault and heal applies (the generator never asks for the impossible). */
const everyStepApplies: ClientProperty = {
  name: 'everyStepApplies',
  check: (run) => run.steps.find((step) => !step.ok)?.detail,
};

const scenarioOf = (parts: Pick<Scenario, 'world' | 'timeline' | 'workloads'>): Scenario => ({
  name: 'properties: generated scenario',
  seed: 1,
  clients: [{ name: 'app' }, { name: 'batch', retryMode: 'adaptive', maxAttempts: 5 }],
  expect: [{ type: 'nothing-lost' }],
  ...parts,
});

describe('properties: arbitraries produce valid scenario parts', () => {
  it('world, default fault schedule and workloads validate as a scenario', () => {
    const parts = worldArbitrary().chain((world) =>
      fc.record({
        world: fc.constant(world),
        timeline: faultScheduleArbitrary({ world }),
        workloads: workloadArbitrary({ world, clients: ['app', 'batch'] }),
      }),
    );
    fc.assert(
      fc.property(parts, (generated) => {
        const result = validateScenarioObject(scenarioOf(generated));
        if (!result.ok) throw new Error(result.messages.join('\n'));
      }),
      { seed: 6, numRuns: 300 },
    );
  });

  it('worlds have one cluster of 2-3 HSMs in distinct AZs, one store and its keys', () => {
    fc.assert(
      fc.property(worldArbitrary(), (world) => {
        const hsms = world.clusters![0]!.hsms;
        expect(world.clusters).toHaveLength(1);
        expect(hsms.length).toBeGreaterThanOrEqual(2);
        expect(hsms.length).toBeLessThanOrEqual(3);
        expect(new Set(hsms).size).toBe(hsms.length);
        expect(world.keyStores).toEqual([{ name: 'store', cluster: 'main' }]);
        expect(world.keys!.filter((key) => key.keyStore === 'store').length).toBeGreaterThanOrEqual(
          1,
        );
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('every catalogue fault can be scheduled; healable ones get a heal, the default set only healable ones', () => {
    const world = {
      clusters: [{ name: 'main', hsms: ['a', 'b', 'c'] }],
      keyStores: [{ name: 'store', cluster: 'main' }],
      keys: [{ name: 'key-1', keyStore: 'store' }],
    };
    const everyFault = Object.keys(FAULT_STEPS);
    fc.assert(
      fc.property(
        faultScheduleArbitrary({ world, faults: everyFault, minFaults: 1, maxFaults: 6 }),
        (timeline) => {
          const result = validateScenarioObject(scenarioOf({ world, timeline }));
          if (!result.ok) throw new Error(result.messages.join('\n'));
          for (const step of timeline.filter((candidate) => candidate.fault !== undefined)) {
            const healed = timeline.some((candidate) => candidate.heal === step.fault);
            expect(healed).toBe(
              step.fault !== 'key-material-deletion' && step.fault !== 'cluster-deletion',
            );
          }
        },
      ),
      { seed: 8, numRuns: 300 },
    );
    fc.assert(
      fc.property(faultScheduleArbitrary({ world }), (timeline) => {
        for (const step of timeline)
          expect(DEFAULT_SCHEDULE_FAULTS).toContain(step.fault ?? step.heal);
        expect(timeline.filter((step) => step.fault).length).toBe(
          timeline.filter((step) => step.heal).length,
        );
      }),
      { seed: 9, numRuns: 200 },
    );
  });

  it('bad options are refused with a message naming the option', () => {
    const world = { clusters: [{ name: 'main', hsms: ['a', 'b'] }] };
    expect(() => faultScheduleArbitrary({ world, faults: ['hsm-los'] })).toThrow(
      /unknown fault 'hsm-los'/,
    );
    // Names every object inherits are not faults (issue 11 §4).
    for (const name of ['constructor', 'toString', '__proto__'])
      expect(() => faultScheduleArbitrary({ world, faults: [name] }), name).toThrow(
        `unknown fault '${name}'`,
      );
    expect(() => worldArbitrary({ minHsms: 1 })).toThrow(/minHsms/);
    expect(() => staysWithinAttempts(0)).toThrow(/staysWithinAttempts/);
  });
});

describe('properties: checkClientUnderFaults', () => {
  it('passes for a well-configured client (default faults, standard retries, maxAttempts 5)', async () => {
    const report = await checkClientUnderFaults({
      run: sealAndOpen,
      clientConfig: { retryMode: 'standard', maxAttempts: 5 },
      properties: [
        everyStepApplies,
        eventuallySucceedsAfterRecovery(),
        neverLosesCiphertext(),
        staysWithinAttempts(5),
      ],
      numRuns: 8,
      seed: 2024,
    });
    expect(report).toEqual({ numRuns: 8, seed: 2024 });
  });

  it('passes neverSurfacesRetryableError when blips are short and the client retries', async () => {
    await checkClientUnderFaults({
      run: sealAndOpen,
      clientConfig: { maxAttempts: 8 },
      faults: { faults: ['session-exhaustion', 'connection-reset'], maxDuration: '1s' },
      properties: [neverSurfacesRetryableError()],
      numRuns: 6,
      seed: 77,
    });
  });

  it('fails for a client that never retries, naming the seed, the path and the shrunk schedule; seed + path replay it', async () => {
    const options = {
      name: 'client with maxAttempts 1',
      run: sealAndOpen,
      clientConfig: { maxAttempts: 1 },
      faults: { faults: ['session-exhaustion', 'connection-reset'], minFaults: 1 },
      properties: [neverSurfacesRetryableError()],
      numRuns: 10,
      seed: 31337,
    };
    const error = await checkClientUnderFaults(options).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ClientPropertyError);
    const failure = error as ClientPropertyError;
    expect(failure.message).toMatch(/fast-check seed: 31337, path: "\d+(:\d+)*"/);
    expect(failure.message).toMatch(
      /neverSurfacesRetryableError: \d+ invocation\(s\) rejected with a retryable error/,
    );
    expect(failure.message).toContain('Shrunk fault schedule:');
    // Shrunk: one fault and its heal.
    expect(failure.schedule).toHaveLength(2);
    expect(failure.message).toContain(`fault: ${String(failure.schedule![0]!.fault)}`);
    // fast-check's seed and path replay exactly that case.
    const replay = await checkClientUnderFaults({
      ...options,
      seed: failure.seed,
      path: failure.path!,
    }).catch((caught: ClientPropertyError) => caught);
    expect(replay).toBeInstanceOf(ClientPropertyError);
    expect((replay as ClientPropertyError).schedule).toEqual(failure.schedule);
  });

  it('the same case twice gives the same run (fingerprint, calls, outcomes)', async () => {
    const world = {
      clusters: [{ name: 'main', hsms: ['a', 'b'] }],
      keyStores: [{ name: 'store', cluster: 'main' }],
      keys: [{ name: 'key-1', keyStore: 'store' }],
    };
    const schedule = [
      { at: '10s', fault: 'session-exhaustion', cluster: 'main', count: 2 },
      { at: '20s', heal: 'session-exhaustion', cluster: 'main' },
    ];
    const settings = { clientConfig: { maxAttempts: 3 }, callEveryMs: 5_000, recoveryMs: 30_000 };
    const first = await runClientCase(sealAndOpen, { world, schedule, simSeed: 5 }, settings);
    const second = await runClientCase(sealAndOpen, { world, schedule, simSeed: 5 }, settings);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(
      second.calls.map((call) => [call.operation, call.startMs, call.attempts, call.ok]),
    ).toEqual(first.calls.map((call) => [call.operation, call.startMs, call.attempts, call.ok]));
    expect(first.calls.some((call) => call.attempts > 1)).toBe(true);
    expect(
      first.invocations.every(
        (invocation) => invocation.ok && invocation.value === 'attack at dawn',
      ),
    ).toBe(true);
  });
});

describe('properties: a counterexample becomes a regression scenario (issue #6 §3)', () => {
  it('saveCounterexample writes a scenario that kmsim run replays with the same failure', async () => {
    const file = join(scratch, 'never-retries.yaml');
    const failure = await checkClientUnderFaults({
      name: 'never retries',
      run: sealAndOpen,
      clientConfig: { maxAttempts: 1 },
      faults: { faults: ['session-exhaustion'], minFaults: 1 },
      properties: [neverSurfacesRetryableError()],
      numRuns: 5,
      seed: 4,
      saveCounterexample: file,
    }).catch((caught: ClientPropertyError) => caught);
    expect(failure).toBeInstanceOf(ClientPropertyError);
    expect((failure as ClientPropertyError).counterexampleFile).toBe(file);
    expect((failure as ClientPropertyError).message).toContain(
      `Counterexample scenario saved to ${file}`,
    );
    expect(readFileSync(file, 'utf8')).toMatch(/^# Counterexample found by checkClientUnderFaults/);

    const loaded = loadScenarioFile(file);
    if (!loaded.ok) throw new Error(loaded.messages.join('\n'));
    expect(loaded.scenario.clients).toEqual([{ name: 'app', maxAttempts: 1 }]);
    expect(loaded.scenario.timeline).toEqual((failure as ClientPropertyError).schedule);
    const result = await runScenario(loaded.scenario);
    expect(result.passed).toBe(false);
    const failed = result.expectations.filter((expectation) => !expectation.passed);
    expect(failed.map((expectation) => expectation.description)).toEqual([
      expect.stringMatching(/^no KMSInternalException client app between 0s and /),
    ]);
  });

  it(`${SAVE_COUNTEREXAMPLE_ENV} saves it too (a directory gets <name>.yaml); a lost ciphertext replays as nothing-lost failing`, async () => {
    const before = process.env[SAVE_COUNTEREXAMPLE_ENV];
    process.env[SAVE_COUNTEREXAMPLE_ENV] = `${scratch}/from-env/`;
    try {
      const failure = await checkClientUnderFaults({
        name: 'keeps ciphertexts',
        run: sealAndOpen,
        clientConfig: { maxAttempts: 3 },
        faults: { faults: ['key-material-deletion'], minFaults: 1, maxFaults: 1 },
        properties: [neverLosesCiphertext()],
        numRuns: 3,
        seed: 11,
      }).catch((caught: ClientPropertyError) => caught);
      expect(failure).toBeInstanceOf(ClientPropertyError);
      const file = join(scratch, 'from-env', 'keeps-ciphertexts.yaml');
      expect((failure as ClientPropertyError).counterexampleFile).toBe(file);
      const loaded = loadScenarioFile(file);
      if (!loaded.ok) throw new Error(loaded.messages.join('\n'));
      const result = await runScenario(loaded.scenario);
      expect(
        result.expectations
          .filter((expectation) => !expectation.passed)
          .map((expectation) => expectation.description),
      ).toEqual([expect.stringMatching(/^nothing lost/)]);
    } finally {
      if (before === undefined) delete process.env[SAVE_COUNTEREXAMPLE_ENV];
      else process.env[SAVE_COUNTEREXAMPLE_ENV] = before;
    }
  });
});
