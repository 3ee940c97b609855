/**
 * One generated case, run: the world is built through the real APIs (scenarios/run/world-builder.ts,
 * the same code `kmsim run` uses), the user's KMSClient is created with their own configuration
 * (in-process, so their retry strategy runs unmodified), and then, inside a VirtualTimeDriver run,
 * the fault schedule's steps fire at their virtual times while the user's function is invoked every
 * `callEveryMs` until the run ends (`recoveryMs` after the last step). Finally every ciphertext the
 * client was given is decrypted by the operator, to see whether anything was lost.
 *
 * Scenario time 0 is the first whole virtual second after the world is built, exactly as in the
 * scenario runner, so the same schedule replayed as a scenario (counterexample.ts) puts faults and
 * calls at the same instants.
 */
import { DecryptCommand, type KMSClient, type KMSClientConfig } from '@aws-sdk/client-kms';
import { VirtualTimeDriver } from '../sim/driver.js';
import { Simulator } from '../simulator.js';
import { createKmsClient } from '../transport/sdk-clients.js';
import { durationMs } from '../scenarios/duration.js';
import { isRetryableFailure } from '../scenarios/check/client-metrics.js';
import { ScenarioNames } from '../scenarios/run/scenario-names.js';
import { Operator } from '../scenarios/run/operator.js';
import type { WorldSpec } from '../scenarios/scenario.js';
import { performStep } from '../scenarios/run/timeline-steps.js';
import { buildWorld } from '../scenarios/run/world-builder.js';
import { lastHealMs, scheduleEndMs, type FaultSchedule } from './fault-schedule-arbitrary.js';
import { SdkCallRecorder, type NameLookup, type SdkCall } from './sdk-call-recorder.js';

/** What the user's function gets besides the client. */
export interface ClientContext {
  /** The first key in a custom key store (the usual subject of a test). */
  readonly keyId: string;
  /** Every key of the world: logical name → key id. */
  readonly keyIds: Readonly<Record<string, string>>;
  /** Every custom key store: logical name → id. */
  readonly keyStoreIds: Readonly<Record<string, string>>;
  /** 0 for the first invocation of the run, 1 for the next, ... */
  readonly invocation: number;
  /** Scenario time (virtual ms) now. */
  nowMs(): number;
  /** Waits in virtual time (your own timers and Date are virtual during the run too). */
  sleep(ms: number): Promise<void>;
}

export type ClientFunction<T> = (kms: KMSClient, context: ClientContext) => Promise<T>;

/** One call of the user's function. Times in scenario ms. */
export interface Invocation<T> {
  readonly index: number;
  readonly startMs: number;
  endMs: number;
  ok: boolean;
  value: T | undefined;
  error: unknown;
  errorName: string | undefined;
  message: string | undefined;
  /** The SDK would classify the error it rejected with as retryable (docs/behaviour.md §1.6). */
  retryable: boolean;
}

/** A fault or heal step as it went. */
export interface StepRecord {
  readonly atMs: number;
  readonly what: string;
  readonly ok: boolean;
  readonly detail: string | undefined;
}

export interface LostCiphertext {
  readonly seq: number;
  readonly keyName: string | undefined;
  readonly reason: string;
}

export interface ClientRun<T = unknown> {
  readonly simSeed: number;
  readonly world: WorldSpec;
  readonly schedule: FaultSchedule;
  readonly invocations: readonly Invocation<T>[];
  readonly calls: readonly SdkCall[];
  readonly steps: readonly StepRecord[];
  /** Scenario time of the last heal (0 without heals). */
  readonly lastHealMs: number;
  /** Scenario time the run ended (invocations still in flight were awaited). */
  readonly endMs: number;
  /** Ciphertexts the client was given that did not decrypt to their plaintext at the end. */
  readonly lost: readonly LostCiphertext[];
  /** Trace fingerprint: the same case gives the same value. */
  readonly fingerprint: string;
}

export interface ClientRunSettings {
  readonly clientConfig: Omit<KMSClientConfig, 'requestHandler'>;
  readonly callEveryMs: number;
  readonly recoveryMs: number;
}

export interface ClientCase {
  readonly world: WorldSpec;
  readonly schedule: FaultSchedule;
  readonly simSeed: number;
}

function nameLookup(sim: Simulator, names: ScenarioNames, world: WorldSpec): NameLookup {
  const byAlias = new Map<string, string>();
  for (const key of world.keys ?? [])
    for (const alias of key.aliases ?? []) byAlias.set(alias, key.name);
  return {
    keyName(value) {
      if (value === undefined) return undefined;
      const alias = /(?:^|:)(alias\/.+)$/.exec(value)?.[1];
      if (alias !== undefined) return byAlias.get(alias);
      const keyId = /(?:^|:key\/)([^/:]+)$/.exec(value)?.[1] ?? value;
      return names.nameOfKey(keyId) ?? names.nameOfKey(value);
    },
    keyStoreName(value) {
      if (value === undefined) return undefined;
      for (const [name, id] of names.keyStores) if (id === value) return name;
      return sim.world.keyStores.has(value) ? value : undefined;
    },
  };
}

function firstStoreKey(world: WorldSpec, names: ScenarioNames): string {
  const key =
    (world.keys ?? []).find((candidate) => candidate.keyStore !== undefined) ?? world.keys?.[0];
  if (!key) throw new Error('checkClientUnderFaults: the world declares no key');
  return names.keyId(key.name);
}

function settle<T>(
  invocation: Invocation<T>,
  calls: readonly SdkCall[],
  outcome: { ok: true; value: T } | { ok: false; error: unknown },
): void {
  if (outcome.ok) {
    invocation.ok = true;
    invocation.value = outcome.value;
    return;
  }
  const error = outcome.error as
    | { name?: string; message?: string; code?: unknown; $metadata?: { httpStatusCode?: number } }
    | undefined;
  invocation.error = outcome.error;
  invocation.errorName = error?.name ?? 'Error';
  invocation.message = error?.message ?? String(outcome.error);
  // The call that rejected with this very error says it best; otherwise classify the error itself.
  const call = calls.find((candidate) => candidate.error === outcome.error);
  invocation.retryable = call
    ? call.retryable
    : isRetryableFailure({
        errorName: invocation.errorName,
        errorCode: typeof error?.code === 'string' ? error.code : undefined,
        httpStatusCode: error?.$metadata?.httpStatusCode,
      });
}

/** Decrypts, as the operator, everything the client was given (paced 1 ms apart like the runner). */
async function verifyCiphertexts(
  sim: Simulator,
  operator: Operator,
  calls: readonly SdkCall[],
): Promise<LostCiphertext[]> {
  const lost: LostCiphertext[] = [];
  for (const call of calls) {
    if (!call.ok || !call.sealed) continue;
    sim.advanceMs(1);
    try {
      const out = await operator.kms.send(
        new DecryptCommand({
          CiphertextBlob: call.sealed.ciphertext,
          EncryptionContext: call.sealed.context,
        }),
      );
      const expected = call.sealed.plaintext;
      if (expected && !Buffer.from(out.Plaintext!).equals(Buffer.from(expected)))
        lost.push({ seq: call.seq, keyName: call.keyName, reason: 'decrypted to other bytes' });
    } catch (error) {
      const named = error as { name?: string; message?: string };
      lost.push({
        seq: call.seq,
        keyName: call.keyName,
        reason: `${named.name ?? 'Error'}: ${named.message ?? ''}`,
      });
    }
  }
  return lost;
}

export async function runClientCase<T>(
  fn: ClientFunction<T>,
  testCase: ClientCase,
  settings: ClientRunSettings,
): Promise<ClientRun<T>> {
  if (testCase.world.limits !== undefined || testCase.world.latency !== undefined) {
    throw new Error(
      'checkClientUnderFaults: world.limits and world.latency are not supported here (use a scenario and `kmsim run`)',
    );
  }
  const sim = new Simulator({ seed: testCase.simSeed });
  const operator = new Operator(sim);
  const names = new ScenarioNames();
  await buildWorld(operator, testCase.world, names);
  const kms = createKmsClient(sim, settings.clientConfig);
  // Scenario time 0 is a whole virtual second, as in scenarios/run/runner.ts.
  sim.advanceToMs(Math.ceil(sim.nowMs / 1000) * 1000);
  const startMs = sim.nowMs;
  const nowMs = (): number => sim.nowMs - startMs;
  const recorder = new SdkCallRecorder(nowMs, nameLookup(sim, names, testCase.world));
  recorder.attach(kms);
  const keyIds = Object.fromEntries(names.keys);
  const keyStoreIds = Object.fromEntries(names.keyStores);
  const keyId = firstStoreKey(testCase.world, names);
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => sim.kernel.schedule(Math.max(0, ms), 'client sleep', resolve));
  const endMs =
    Math.max(scheduleEndMs(testCase.schedule), lastHealMs(testCase.schedule)) + settings.recoveryMs;
  const invocations: Invocation<T>[] = [];
  const steps: StepRecord[] = [];
  const pending: Promise<unknown>[] = [];

  const invoke = (): void => {
    const invocation: Invocation<T> = {
      index: invocations.length,
      startMs: nowMs(),
      endMs: nowMs(),
      ok: false,
      value: undefined,
      error: undefined,
      errorName: undefined,
      message: undefined,
      retryable: false,
    };
    invocations.push(invocation);
    const context: ClientContext = {
      keyId,
      keyIds,
      keyStoreIds,
      invocation: invocation.index,
      nowMs,
      sleep,
    };
    const done = recorder
      .runAs(invocation.index, () => Promise.resolve().then(() => fn(kms, context)))
      .then(
        (value) => settle(invocation, recorder.calls, { ok: true, value }),
        (error: unknown) => settle(invocation, recorder.calls, { ok: false, error }),
      );
    pending.push(
      done.then(() => {
        invocation.endMs = nowMs();
      }),
    );
  };

  const drive = async (): Promise<void> => {
    for (const step of testCase.schedule) {
      const atMs = durationMs(step.at);
      const what =
        step.fault !== undefined
          ? `fault ${step.fault}`
          : step.heal !== undefined
            ? `heal ${step.heal}`
            : `action ${String(step.action)}`;
      sim.kernel.schedule(atMs, `schedule ${what}`, () => {
        pending.push(
          performStep(operator, names, step).then(
            (outcome) =>
              void steps.push({
                atMs,
                what,
                ok: outcome.ok,
                detail: outcome.ok ? undefined : `${outcome.errorName}: ${outcome.message}`,
              }),
          ),
        );
      });
    }
    for (let atMs = 0; atMs < endMs; atMs += settings.callEveryMs)
      sim.kernel.schedule(atMs, 'invoke client function', invoke);
    await new Promise<void>((resolve) => sim.kernel.schedule(endMs, 'run end', resolve));
    for (let settled = 0; settled < pending.length; settled = pending.length)
      await Promise.all(pending.slice(settled));
  };

  await new VirtualTimeDriver(sim.kernel).run(drive, {
    maxVirtualMs: startMs + endMs + 86_400_000,
  });
  const lost = await verifyCiphertexts(sim, operator, recorder.calls);
  return {
    simSeed: testCase.simSeed,
    world: testCase.world,
    schedule: testCase.schedule,
    invocations,
    calls: recorder.calls,
    steps,
    lastHealMs: lastHealMs(testCase.schedule),
    endMs,
    lost,
    fingerprint: sim.traceFingerprint(),
  };
}
