import { CreateKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { describe, expect, it, vi } from 'vitest';
import {
  decryptOnTheWire,
  decryptThroughHandler,
  decryptThroughSdk,
  verifyNothingLost,
} from '../../../src/scenarios/check/nothing-lost.js';
import { InProcessHttpHandler } from '../../../src/transport/in-process-handler.js';
import type { CallRecord } from '../../../src/scenarios/check/call-record.js';
import { Simulator } from '../../../src/simulator.js';
import { createKmsClient } from '../../../src/transport/sdk-clients.js';
import { callRecord } from '../../support/call-records.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

type Sealed = NonNullable<CallRecord['sealed']>;

/** A same-seed world with one key and four sealed records: intact, tampered, wrong bytes, wrong context. */
async function world() {
  const sim = new Simulator({ seed: 12 });
  const kms = createKmsClient(sim, { maxAttempts: 1 });
  const key = await kms.send(new CreateKeyCommand({}));
  const plaintext = new Uint8Array([1, 2, 3, 4]);
  const context = { purpose: 'test' };
  const out = await kms.send(
    new EncryptCommand({
      KeyId: key.KeyMetadata!.KeyId!,
      Plaintext: plaintext,
      EncryptionContext: context,
    }),
  );
  const ciphertext = out.CiphertextBlob!;
  const tampered = new Uint8Array(ciphertext);
  tampered[tampered.length - 1]! ^= 1;
  const records: Sealed[] = [
    { ciphertext, plaintext, keyName: 'k', context },
    { ciphertext: tampered, plaintext, keyName: 'k', context },
    { ciphertext, plaintext: new Uint8Array([9]), keyName: 'k', context },
    { ciphertext, plaintext, keyName: 'k', context: { purpose: 'other' } },
  ];
  return { sim, kms, records };
}

describe('nothing-lost decrypts on the wire', () => {
  it('give the reasons and the trace that SDK round trips give', async () => {
    const wire = await world();
    const sdk = await world();
    const viaWire = [];
    const viaSdk = [];
    for (const sealed of wire.records) viaWire.push(await decryptOnTheWire(wire.sim, sealed));
    for (const sealed of sdk.records) viaSdk.push(await decryptThroughSdk(sdk.kms, sealed));
    expect(viaWire[0]).toBeUndefined();
    expect(viaWire[1]).toMatch(/^InvalidCiphertextException: /);
    expect(viaWire[2]).toBe('decrypted to other bytes');
    expect(viaWire[3]).toMatch(/^InvalidCiphertextException: /);
    expect(viaWire).toEqual(viaSdk);
    expect(wire.sim.kernel.trace.toJsonLines()).toBe(sdk.sim.kernel.trace.toJsonLines());
  });

  it('verifyNothingLost lists each lost record with its call', async () => {
    const { sim, records } = await world();
    const calls = records.map((sealed, seq) => callRecord({ seq, sealed }));
    const lost = await verifyNothingLost(calls, sim, () => sim.advanceMs(1));
    expect(lost.map((entry) => entry.seq)).toEqual([1, 2, 3]);
  });

  it('go on the wire once every connection fault rule has run its duration', async () => {
    for (const [untilMs, viaHandler] of [
      [60_000, 4],
      [1, 0],
    ] as const) {
      const { sim, records } = await world();
      // A rule left in the set after its duration, as a scenario's `duration:` fault leaves it.
      sim.world.clientNetwork.faults.add(
        { service: 'kms', untilMs },
        { kind: 'reset', afterMs: 0 },
      );
      sim.advanceMs(10);
      const onTheWire = vi.spyOn(sim, 'handleWire');
      const calls = records.map((sealed, seq) => callRecord({ seq, sealed }));
      const lost = await verifyNothingLost(calls, sim, () => sim.advanceMs(1));
      expect(onTheWire).toHaveBeenCalledTimes(records.length - viaHandler);
      // A rule in force resets every decrypt; an ended one lets them through to the usual verdicts.
      expect(lost.map((entry) => entry.reason.split(':')[0])).toEqual(
        viaHandler > 0
          ? ['TimeoutError', 'TimeoutError', 'TimeoutError', 'TimeoutError']
          : [
              'InvalidCiphertextException',
              'decrypted to other bytes',
              'InvalidCiphertextException',
            ],
      );
    }
  });

  it('through the in-process handler under connection fault rules: the reasons and trace of SDK round trips', async () => {
    for (const kind of ['reset', 'timeout'] as const) {
      const viaHandler = await world();
      const sdk = await world();
      const reasons: (string | undefined)[][] = [[], []];
      for (const [index, run] of [viaHandler, sdk].entries()) {
        // A rule for two requests, then none: the first two records meet it, the rest do not.
        run.sim.world.clientNetwork.faults.add(
          { service: 'kms', operations: ['Decrypt'], count: 2 },
          { kind, afterMs: 2_000 },
        );
        const handler = new InProcessHttpHandler(run.sim);
        for (const sealed of [...run.records, ...run.records]) {
          run.sim.advanceMs(1);
          reasons[index]!.push(
            index === 0
              ? await decryptThroughHandler(handler, run.sim, sealed)
              : await decryptThroughSdk(run.kms, sealed),
          );
        }
      }
      expect(reasons[0]![0]).toMatch(/^TimeoutError: /);
      expect(reasons[0]![4]).toBeUndefined();
      expect(reasons[0]![5]).toMatch(/^InvalidCiphertextException: /);
      expect(reasons[0]).toEqual(reasons[1]);
      expect(viaHandler.sim.kernel.trace.toJsonLines()).toBe(sdk.sim.kernel.trace.toJsonLines());
    }
  });
});
