/**
 * checkClientUnderFaults (issue #6 §2-3): property-based testing of a user's KMS client code. fast-check
 * draws a world and a fault schedule; the user's function runs against a real KMSClient with their own
 * configuration, in virtual time, invoked every few seconds while the faults come and go
 * (client-run.ts); the properties the user chose judge the run (client-properties.ts). On failure
 * fast-check shrinks the schedule, and the error thrown names fast-check's seed and path, the shrunk
 * schedule, and (with `saveCounterexample` or KMSIM_SAVE_COUNTEREXAMPLE) the scenario YAML that
 * replays it (counterexample.ts).
 */
import type { KMSClientConfig } from '@aws-sdk/client-kms';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { durationMs } from '../scenarios/duration.js';
import type { Duration, WorldSpec } from '../scenarios/scenario.js';
import {
  runClientCase,
  type ClientCase,
  type ClientFunction,
  type ClientRun,
} from './client-run.js';
import type { ClientProperty } from './client-properties.js';
import {
  counterexampleYaml,
  SAVE_COUNTEREXAMPLE_ENV,
  writeCounterexample,
  type FailedProperty,
} from './counterexample.js';
import {
  faultScheduleArbitrary,
  type FaultSchedule,
  type FaultScheduleOptions,
} from './fault-schedule-arbitrary.js';
import { worldArbitrary } from './world-arbitrary.js';

export interface CheckClientOptions<T> {
  /** Your code: called with a real KMSClient (your clientConfig, in-process) every `callEvery`. */
  readonly run: ClientFunction<T>;
  /** What must hold, e.g. [neverSurfacesRetryableError(), neverLosesCiphertext()]. */
  readonly properties: readonly ClientProperty<T>[];
  /** Your KMSClient settings (retryMode, maxAttempts, retryStrategy, ...); region and credentials default to the simulator's. */
  readonly clientConfig?: Omit<KMSClientConfig, 'requestHandler'>;
  /**
   * For code that builds its own `KMSClient` internally (issue #13 §4): while each run lasts, every
   * request the process sends to kms.<region>.amazonaws.com goes to the run's simulator (msw), and
   * AWS_REGION and dummy AWS credentials are set (with instance metadata disabled), so an
   * unconfigured `new KMSClient({})` neither looks for EC2 instance metadata nor leaves the process.
   * Alternatively spread `context.clientConfig` into your own client. Default false.
   */
  readonly intercept?: boolean;
  /** A fixed world, or an arbitrary of worlds (default worldArbitrary()). */
  readonly world?: WorldSpec | fc.Arbitrary<WorldSpec>;
  /** Which faults, how many, when and how long (faultScheduleArbitrary options; default: healable faults). */
  readonly faults?: Omit<FaultScheduleOptions, 'world'>;
  /** How often your function is invoked, from scenario time 0 to the end of the run (default 10s). */
  readonly callEvery?: Duration;
  /** How long the run goes on after the last fault or heal (default 4m). */
  readonly recovery?: Duration;
  /** fast-check runs (default 20). */
  readonly numRuns?: number;
  /** Replay: fast-check's seed and path from a failure message. */
  readonly seed?: number;
  readonly path?: string;
  /** Names the check in messages and the counterexample scenario. */
  readonly name?: string;
  /** Write the shrunk failing case as a scenario YAML here (a file, or a directory); else KMSIM_SAVE_COUNTEREXAMPLE. */
  readonly saveCounterexample?: string;
  /** Other fast-check parameters (verbose, endOnFailure, ...). */
  readonly fastCheck?: Omit<fc.Parameters<[ClientCase]>, 'seed' | 'path' | 'numRuns'>;
}

export interface CheckClientReport {
  readonly numRuns: number;
  /** fast-check's seed for the whole check. */
  readonly seed: number;
}

/** Thrown when a property fails; the message says everything needed to reproduce it. */
export class ClientPropertyError extends Error {
  constructor(
    message: string,
    readonly seed: number,
    readonly path: string | undefined,
    readonly schedule: FaultSchedule | undefined,
    readonly failures: readonly string[],
    readonly counterexampleFile: string | undefined,
  ) {
    super(message);
    this.name = 'ClientPropertyError';
  }
}

/** Thrown inside the fast-check predicate so its report carries the reasons. */
class PropertiesFailed extends Error {
  constructor(readonly failures: readonly string[]) {
    super(failures.join('; '));
    this.name = 'PropertiesFailed';
  }
}

function failuresOf<T>(
  run: ClientRun<T>,
  properties: readonly ClientProperty<T>[],
): FailedProperty<T>[] {
  return properties.flatMap((property) => {
    const reason = property.check(run);
    return reason === undefined ? [] : [{ property, reason }];
  });
}

function caseArbitrary(options: CheckClientOptions<unknown>): fc.Arbitrary<ClientCase> {
  const worlds =
    options.world === undefined
      ? worldArbitrary()
      : options.world instanceof fc.Arbitrary
        ? options.world
        : fc.constant(options.world);
  return worlds.chain((world) =>
    fc.record({
      world: fc.constant(world),
      schedule: faultScheduleArbitrary({ ...options.faults, world }),
      // The simulator's seed varies latency and backoff jitter; shrinking it means nothing.
      simSeed: fc.noShrink(fc.integer({ min: 1, max: 2_147_483_647 })),
    }),
  );
}

function describeWorld(world: WorldSpec): string {
  const clusters = (world.clusters ?? []).map(
    (cluster) => `cluster ${cluster.name} (HSMs in ${cluster.hsms.join(', ')})`,
  );
  const stores = (world.keyStores ?? []).map((store) => `key store ${store.name}`);
  const keys = (world.keys ?? []).map((key) => key.name);
  return [...clusters, ...stores, `keys ${keys.join(', ')}`].join('; ');
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

interface Rerun<T> {
  readonly run?: ClientRun<T>;
  readonly failures: readonly FailedProperty<T>[];
  readonly crash?: unknown;
}

async function rerun<T>(
  options: CheckClientOptions<T>,
  testCase: ClientCase,
  settings: Parameters<typeof runClientCase>[2],
): Promise<Rerun<T>> {
  try {
    const run = await runClientCase(options.run, testCase, settings);
    return { run, failures: failuresOf(run, options.properties) };
  } catch (crash) {
    return { failures: [], crash };
  }
}

/**
 * Runs `options.run` under generated fault schedules in virtual time and checks `options.properties`.
 * Resolves with a short report when they hold; rejects with a ClientPropertyError naming fast-check's
 * seed and path and the shrunk schedule when one fails.
 */
export async function checkClientUnderFaults<T>(
  options: CheckClientOptions<T>,
): Promise<CheckClientReport> {
  if (options.properties.length === 0)
    throw new RangeError('checkClientUnderFaults: give at least one property');
  const settings = {
    clientConfig: options.clientConfig ?? {},
    callEveryMs: durationMs(options.callEvery ?? '10s'),
    recoveryMs: durationMs(options.recovery ?? '4m'),
    intercept: options.intercept ?? false,
  };
  if (settings.callEveryMs <= 0)
    throw new RangeError('checkClientUnderFaults: callEvery must be longer than 0');
  const fixedWorld = options.world instanceof fc.Arbitrary ? undefined : options.world;
  if (fixedWorld?.limits !== undefined || fixedWorld?.latency !== undefined) {
    throw new RangeError(
      'checkClientUnderFaults: world.limits and world.latency are not supported here (use a scenario and `kmsim run`)',
    );
  }
  const property = fc.asyncProperty(
    caseArbitrary(options as CheckClientOptions<unknown>),
    async (testCase) => {
      const run = await runClientCase(options.run, testCase, settings);
      const failures = failuresOf(run, options.properties);
      if (failures.length > 0)
        throw new PropertiesFailed(
          failures.map(({ property, reason }) => `${property.name}: ${reason}`),
        );
    },
  );
  const details = await fc.check(property, {
    ...options.fastCheck,
    numRuns: options.numRuns ?? 20,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.path !== undefined ? { path: options.path } : {}),
  });
  if (!details.failed) return { numRuns: details.numRuns, seed: details.seed };
  throw await failureError(options, details, settings);
}

async function failureError<T>(
  options: CheckClientOptions<T>,
  details: fc.RunDetails<[ClientCase]>,
  settings: Parameters<typeof runClientCase>[2],
): Promise<ClientPropertyError> {
  const name = options.name ?? 'checkClientUnderFaults';
  const testCase = details.counterexample?.[0];
  const path = details.counterexamplePath ?? undefined;
  const again = testCase ? await rerun(options, testCase, settings) : { failures: [] };
  const reasons = again.failures.map(({ property, reason }) => `${property.name}: ${reason}`);
  if (again.crash !== undefined)
    reasons.push(
      `the run itself failed: ${again.crash instanceof Error ? again.crash.message : String(again.crash)}`,
    );
  const target = options.saveCounterexample ?? process.env[SAVE_COUNTEREXAMPLE_ENV];
  let saved: string | undefined;
  let saveNote: string;
  if (again.run && again.failures.length > 0 && target !== undefined && target !== '') {
    const yaml = counterexampleYaml(again.run, {
      name: `counterexample: ${name}`,
      clientConfig: settings.clientConfig,
      failures: again.failures,
      fastCheck: { seed: details.seed, path },
    });
    saved = writeCounterexample(target, name, yaml);
    saveNote = `Counterexample scenario saved to ${saved} (replay: npx kmsim run ${saved})`;
  } else {
    saveNote = `Save it as a scenario with saveCounterexample: '<file>.yaml' or ${SAVE_COUNTEREXAMPLE_ENV}=<file>.yaml`;
  }
  const lines = [
    `${name}: property failed after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s)`,
    ...reasons.map((reason) => `  ${reason}`),
    `fast-check seed: ${details.seed}, path: "${path ?? ''}" (replay: pass { seed: ${details.seed}, path: "${path ?? ''}" } to checkClientUnderFaults)`,
    ...(testCase
      ? [
          `World: ${describeWorld(testCase.world)} (simulator seed ${testCase.simSeed})`,
          'Shrunk fault schedule:',
          testCase.schedule.length > 0
            ? indent(stringify(testCase.schedule, { lineWidth: 0 }))
            : '    (no faults)',
        ]
      : []),
    saveNote,
    '',
    'fast-check report:',
    fc.defaultReportMessage(details),
  ];
  return new ClientPropertyError(
    lines.join('\n'),
    details.seed,
    path,
    testCase?.schedule,
    reasons,
    saved,
  );
}
