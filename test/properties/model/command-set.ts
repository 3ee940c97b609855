/**
 * The generated command sequences: which commands exist and how often each is drawn (an arbitrary
 * listed twice is drawn twice as often). Sequences stay short so a thousand runs fit in CI.
 */
import fc from 'fast-check';
import {
  CreateHsmCmd,
  DeleteHsmCmd,
  DescribeBackupsCmd,
  DescribeClustersCmd,
} from './cloudhsm-commands.js';
import {
  CancelDeletionCmd,
  CreateKeyCmd,
  DescribeKeyCmd,
  ScheduleDeletionCmd,
  SetEnabledCmd,
  type ModelCommand,
} from './key-commands.js';
import {
  DecryptCmd,
  EncryptCmd,
  GenerateDataKeyCmd,
  ReEncryptCmd,
  type Context,
  type DataKeySize,
} from './crypto-commands.js';
import {
  AdvanceTimeCmd,
  ConnectCmd,
  DeleteKeyMaterialCmd,
  DescribeStoresCmd,
  DisconnectCmd,
  HealHsmsCmd,
  HealPartitionCmd,
  LoseAllHsmsCmd,
  PartitionCmd,
  ReconnectCmd,
  ResetKmsuserPasswordCmd,
  UpdateStorePasswordCmd,
} from './world-commands.js';
import type { Model } from './model-state.js';
import type { Real } from './run-setup.js';

const pick = fc.nat({ max: 63 });

const context: fc.Arbitrary<Context> = fc.option(
  fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.string({ maxLength: 6 }), {
    maxKeys: 3,
    noNullPrototype: true,
  }),
  { nil: undefined },
);

const dataKeySize: fc.Arbitrary<DataKeySize> = fc.oneof(
  fc.constantFrom('AES_128' as const, 'AES_256' as const).map((KeySpec) => ({ KeySpec })),
  fc.integer({ min: 1, max: 1024 }).map((NumberOfBytes) => ({ NumberOfBytes })),
);

/** 7..30 days mostly; sometimes outside the service's range (docs/behaviour.md §2.4: ValidationException). */
const windowDays = fc.oneof(
  { weight: 9, arbitrary: fc.integer({ min: 7, max: 30 }) },
  {
    weight: 1,
    arbitrary: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 31, max: 365 })),
  },
);

/** Seconds to months: inside a disconnect (5 s), a connect (120 s), an HSM creation (180 s), a deletion window, backup retention. */
const seconds = fc.oneof(
  // Exactly the durations (disconnect, backup, connect, HSM creation, a day, a deletion window): off-by-one territory.
  fc.constantFrom(5, 60, 120, 180, 86_400, 7 * 86_400),
  fc.integer({ min: 1, max: 10 }),
  fc.integer({ min: 11, max: 400 }),
  fc.integer({ min: 1, max: 48 }).map((hours) => hours * 3_600),
  fc.integer({ min: 1, max: 31 }).map((days) => days * 86_400),
  // Past the 90-day backup retention, now and then.
  fc.integer({ min: 60, max: 120 }).map((days) => days * 86_400),
);

/** How many commands ran (their check passed), for the runs-per-minute line. */
export const commandStats = { run: 0 };

/** Every command ends with the simulator-bug check: a run with a bug fails (ARCHITECTURE convention 5). */
class BugChecked implements ModelCommand {
  constructor(private readonly inner: ModelCommand) {}
  check = (model: Readonly<Model>): boolean => this.inner.check(model);
  async run(model: Model, real: Real): Promise<void> {
    commandStats.run += 1;
    await this.inner.run(model, real);
    real.sim.assertNoBugs();
  }
  toString = (): string => this.inner.toString();
}

export function modelCommands(
  maxCommands: number,
  replayPath?: string,
): fc.Arbitrary<Iterable<ModelCommand>> {
  const createKey = fc
    .constantFrom('AWS_KMS' as const, 'AWS_CLOUDHSM' as const)
    .map((origin) => new CreateKeyCmd(origin));
  const setEnabled = fc
    .tuple(pick, fc.boolean())
    .map(([key, enabled]) => new SetEnabledCmd(key, enabled));
  const encrypt = fc
    .tuple(pick, fc.uint8Array({ minLength: 1, maxLength: 64 }), context)
    .map(([key, plaintext, ctx]) => new EncryptCmd(key, plaintext, ctx));
  const generateDataKey = fc
    .tuple(pick, dataKeySize, context)
    .map(([key, size, ctx]) => new GenerateDataKeyCmd(key, size, ctx));
  const decrypt = fc
    .tuple(
      pick,
      fc.constantFrom(
        'blob-only' as const,
        'same-key-id' as const,
        'other-key-id' as const,
        'wrong-context' as const,
      ),
      pick,
    )
    .map(([ciphertext, mode, other]) => new DecryptCmd(ciphertext, mode, other));
  const decryptMode = fc.constantFrom(
    'blob-only' as const,
    'same-key-id' as const,
    'other-key-id' as const,
    'wrong-context' as const,
  );
  const reEncrypt = fc
    .tuple(pick, decryptMode, pick, pick, context)
    .map(
      ([ciphertext, mode, other, destination, ctx]) =>
        new ReEncryptCmd(ciphertext, mode, other, destination, ctx),
    );
  const advanceTime = seconds.map((s) => new AdvanceTimeCmd(s));
  // Mostly once; up to six times reaches kmsuser's lockout after five failed logins (docs/behaviour.md §4.2).
  const attempts = fc.oneof(
    { weight: 3, arbitrary: fc.constant(1) },
    { weight: 1, arbitrary: fc.integer({ min: 2, max: 6 }) },
  );
  const reconnect = fc
    .tuple(attempts, fc.option(fc.nat({ max: 2 }), { nil: undefined, freq: 2 }))
    .map(([times, password]) => new ReconnectCmd(times, password));
  const arbitraries: fc.Arbitrary<ModelCommand>[] = [
    createKey,
    setEnabled,
    fc.tuple(pick, windowDays).map(([key, days]) => new ScheduleDeletionCmd(key, days)),
    pick.map((key) => new CancelDeletionCmd(key)),
    pick.map((key) => new DescribeKeyCmd(key)),
    encrypt,
    encrypt,
    generateDataKey,
    decrypt,
    decrypt,
    decrypt,
    reEncrypt,
    fc.constant(new ConnectCmd()),
    fc.constant(new ConnectCmd()),
    fc.constant(new DisconnectCmd()),
    reconnect,
    reconnect,
    fc.boolean().map((byId) => new DescribeStoresCmd(byId)),
    advanceTime,
    advanceTime,
    advanceTime,
    fc.constant(new LoseAllHsmsCmd()),
    fc.constant(new HealHsmsCmd()),
    fc.constant(new PartitionCmd()),
    fc.constant(new HealPartitionCmd()),
    pick.map((key) => new DeleteKeyMaterialCmd(key)),
    pick.map((zone) => new CreateHsmCmd(zone)),
    pick.map((hsm) => new DeleteHsmCmd(hsm)),
    fc.constant(new DescribeClustersCmd()),
    fc.constant(new DescribeBackupsCmd()),
    pick.map((password) => new ResetKmsuserPasswordCmd(password)),
    pick.map((password) => new UpdateStorePasswordCmd(password)),
  ];
  return fc.commands(
    arbitraries.map((arbitrary) => arbitrary.map((command) => new BugChecked(command))),
    { maxCommands, size: 'max', ...(replayPath ? { replayPath } : {}) },
  );
}
