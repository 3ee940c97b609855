/**
 * Model-based test of the simulator itself (issue #6 §1). fast-check generates short sequences of
 * KMS calls, virtual-time jumps and faults; each runs against a fresh Simulator through the real
 * `@aws-sdk/client-kms` (in-process) and against a small oracle written from the spec
 * (test/properties/model/model-state.ts, model-rules.ts) that imports nothing from src/world or
 * src/kms. Any difference in outcome (success, exception name, HTTP status, and the message where
 * the spec or docs/fidelity.md fixes it) or in returned data fails the run, and fast-check shrinks
 * the sequence.
 *
 * Commands: KMS — CreateKey (default store / CloudHSM store), EnableKey, DisableKey,
 * ScheduleKeyDeletion (sometimes with a window outside 7..30), CancelKeyDeletion, DescribeKey,
 * Encrypt, GenerateDataKey (KeySpec or NumberOfBytes), Decrypt and ReEncrypt (to any key, with any
 * destination context) of an earlier ciphertext (blob only, own key id, another key's id, wrong
 * context), ConnectCustomKeyStore, DisconnectCustomKeyStore,
 * DescribeCustomKeyStores, UpdateCustomKeyStore (KeyStorePassword), and an operator's Reconnect
 * (1-6 disconnect/connect cycles, sometimes with RB-7's password reset, then a describe); the
 * crypto officer's kmsuser password reset (control step); CloudHSM v2 — CreateHsm, DeleteHsm, DescribeClusters, DescribeBackups; advance time
 * (1 s to 120 days, including the exact durations); faults — all-hsms-loss and its heal
 * (recreated HSMs restore the newest READY backup), network-partition and its heal,
 * key-material-deletion.
 *
 * Scope and exclusions (each one deliberate):
 * - Request quotas are off (`UNLIMITED_QUOTAS`): sequences fire management calls in one virtual
 *   second; throttling is test/load's subject. HSM latency, capacity and PKCS#11 sessions are
 *   not modelled either (calls are sequential and virtual time only moves by AdvanceTime).
 * - Backups are modelled (activation, HSM joining an active one, before DeleteHsm, daily from
 *   activation; READY after 60 s; 90-day retention; restore = newest READY), including kmsuser's
 *   password and failed-login count inside them, so reconnecting after a restore from an older
 *   backup fails INVALID_CREDENTIALS and then USER_LOCKED_OUT, as docs/behaviour.md §4.3 + §6.3 + fidelity
 *   imply. DeleteBackup/RestoreBackup/ModifyBackupAttributes, clusters other than the store's and
 *   more than four HSMs are not generated.
 * - Not generated: aliases, GenerateRandom, DryRun, GenerateDataKeyWithoutPlaintext, a second key
 *   store, Create/DeleteCustomKeyStore, UpdateCustomKeyStore of name or cluster, kmsuser faults
 *   (the crypto officer's password reset is generated instead), subnet, cluster-deletion, session
 *   and symptom faults — each has its own example tests; adding one means adding its rules here.
 * - Where several backend causes apply at once (partition, no ACTIVE HSM, missing material) the
 *   spec orders none of them, so any of their KMSInvalidStateException messages is accepted; the
 *   same for CreateKey's CloudHsmClusterInvalidConfigurationException vs KMSInternalException.
 * - Messages the spec leaves open (e.g. KMSInvalidStateException for EnableKey on a key pending
 *   deletion, CustomKeyStoreInvalidStateException) are compared by name and status only.
 *
 * Reproduce: the run prints SEED= first; a failure prints a one-line reproduce command with
 * fast-check's seed, path and the command sequence's replay path, e.g.
 *   KMSIM_PROPERTY_SEED=20260101 KMSIM_PROPERTY_PATH=8:0:2:4 KMSIM_PROPERTY_REPLAY=IAFAEFR:VB npx vitest run test/properties/model-based.test.ts
 * which runs only the shrunk counterexample. KMSIM_PROPERTY_REPLAY is fast-check's `replayPath`
 * for `fc.commands` (printed as `/*replayPath="…"*\/`): without it the same seed and path point at
 * a different command sequence ("Unable to replay"). KMSIM_MODEL_RUNS overrides the number of runs
 * (default 1000).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { commandStats, modelCommands } from './model/command-set.js';
import { outcomeCounts } from './model/outcome.js';
import { assertProperty, commandsReplayPath, seedLine } from './model/replay.js';
import { setUpRun } from './model/run-setup.js';

const numRuns = Number(process.env.KMSIM_MODEL_RUNS ?? 1000);
const MAX_COMMANDS = 30;

describe('properties: model-based', () => {
  it('properties: model-based: KMS calls, time and faults agree with the spec model', {
    timeout: 15 * 60_000,
  }, async () => {
    console.log(seedLine());
    const commands = modelCommands(MAX_COMMANDS, commandsReplayPath);
    const property = fc.asyncProperty(
      fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      commands,
      async (simSeed, sequence) => {
        await fc.asyncModelRun(() => setUpRun(simSeed), sequence);
      },
    );
    const started = performance.now();
    await assertProperty(property, numRuns, 'test/properties/model-based.test.ts');
    const minutes = (performance.now() - started) / 60_000;
    const outcomes = [...outcomeCounts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([outcome, n]) => `  ${outcome}: ${n}`);
    console.log(`model-based outcomes:\n${outcomes.join('\n')}`);
    console.log(
      `model-based: ${numRuns} runs, ${commandStats.run} commands run, in ${(minutes * 60).toFixed(1)} s = ${Math.round(numRuns / minutes)} runs/minute`,
    );
  });
});
