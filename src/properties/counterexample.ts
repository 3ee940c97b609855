/**
 * Counterexample to scenario (issue #6 §3): a shrunk failing case of checkClientUnderFaults written
 * as a scenario YAML that `kmsim run` replays, so a failure becomes a regression scenario.
 *
 * - world, seed and timeline are the case's own (the world is built the same way, the fault and heal
 *   steps fire at the same scenario times);
 * - the client `app` has the user's retryMode and maxAttempts (the only client settings a scenario
 *   knows; anything else the user configured is listed in a comment);
 * - the workloads replay the SDK calls the user's function made, at the times it made them (one
 *   workload per operation, key and context, with an `at` list). The function's own logic (its
 *   retries, its reaction to errors) is not replayed; Decrypt and ReEncrypt use the runner's fixture
 *   ciphertext for the same key and context;
 * - the expectations come from the failed properties (client-properties.ts), so the replay fails
 *   the same way.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KMSClientConfig } from '@aws-sdk/client-kms';
import { Document, isScalar, visit } from 'yaml';
import { formatDuration } from '../scenarios/duration.js';
import { validateScenarioObject } from '../scenarios/file/loader.js';
import type {
  ClientSpec,
  Expectation,
  Scenario,
  WorkloadOperation,
  WorkloadSpec,
} from '../scenarios/scenario.js';
import { WORKLOAD_OPERATIONS } from '../scenarios/file/schema-values.js';
import type { ClientRun } from './client-run.js';
import { COUNTEREXAMPLE_CLIENT, type ClientProperty } from './client-properties.js';
import type { SdkCall } from './sdk-call-recorder.js';

/** Environment variable naming where checkClientUnderFaults saves counterexamples (CI). */
export const SAVE_COUNTEREXAMPLE_ENV = 'KMSIM_SAVE_COUNTEREXAMPLE';

export interface FailedProperty<T> {
  readonly property: ClientProperty<T>;
  readonly reason: string;
}

export interface CounterexampleSource<T> {
  /** Scenario name (a breadcrumb: "counterexample: <your test's name>"). */
  readonly name: string;
  readonly clientConfig: Omit<KMSClientConfig, 'requestHandler'>;
  readonly failures: readonly FailedProperty<T>[];
  readonly fastCheck: { readonly seed: number; readonly path: string | undefined };
}

const KEYED: ReadonlySet<string> = new Set(
  WORKLOAD_OPERATIONS.filter((operation) => operation !== 'GenerateRandom'),
);
const REPLAYED_CLIENT_SETTINGS: ReadonlySet<string> = new Set([
  'retryMode',
  'maxAttempts',
  'region',
  'credentials',
  'endpoint',
]);

function clientSpec(
  config: CounterexampleSource<unknown>['clientConfig'],
  notes: string[],
): ClientSpec {
  const retryMode = config.retryMode;
  const maxAttempts = config.maxAttempts;
  const spec: { name: string; retryMode?: 'standard' | 'adaptive'; maxAttempts?: number } = {
    name: COUNTEREXAMPLE_CLIENT,
  };
  if (retryMode === 'standard' || retryMode === 'adaptive') spec.retryMode = retryMode;
  else if (retryMode !== undefined)
    notes.push(
      `retryMode given as ${typeof retryMode === 'function' ? 'a provider' : JSON.stringify(retryMode)}: replayed as the SDK default (standard)`,
    );
  if (typeof maxAttempts === 'number') spec.maxAttempts = maxAttempts;
  else if (maxAttempts !== undefined)
    notes.push('maxAttempts given as a provider: replayed as the SDK default (3)');
  const other = Object.keys(config).filter(
    (key) =>
      !REPLAYED_CLIENT_SETTINGS.has(key) && (config as Record<string, unknown>)[key] !== undefined,
  );
  if (other.length > 0)
    notes.push(
      `client settings a scenario cannot express, not replayed: ${other.sort().join(', ')}`,
    );
  return spec;
}

/** The workload a call belongs to, without its times. */
function workloadOf(
  call: SdkCall,
  defaultKey: string,
  notes: Set<string>,
): Omit<WorkloadSpec, 'at'> | undefined {
  const operation = call.operation as WorkloadOperation;
  if (!(WORKLOAD_OPERATIONS as readonly string[]).includes(operation)) {
    notes.add(`${call.operation} calls are not a scenario workload operation: not replayed`);
    return undefined;
  }
  const keyed = KEYED.has(operation);
  if (keyed && call.keyName === undefined)
    notes.add(`a ${operation} call named no key the world declares: replayed on ${defaultKey}`);
  const seals = operation === 'Encrypt' || operation === 'Decrypt' || operation === 'ReEncrypt';
  const context =
    operation === 'DescribeKey' ||
    operation === 'GenerateRandom' ||
    operation === 'EnableKey' ||
    operation === 'DisableKey'
      ? undefined
      : call.encryptionContext;
  return {
    client: COUNTEREXAMPLE_CLIENT,
    operation,
    ...(keyed ? { key: call.keyName ?? defaultKey } : {}),
    ...(operation === 'ReEncrypt'
      ? { destinationKey: call.destinationKeyName ?? call.keyName ?? defaultKey }
      : {}),
    ...(operation === 'GenerateRandom' && call.keyStoreName !== undefined
      ? { keyStore: call.keyStoreName }
      : {}),
    ...(seals && call.plaintextBytes !== undefined && call.plaintextBytes > 0
      ? { plaintextBytes: Math.min(4096, call.plaintextBytes) }
      : {}),
    ...(context !== undefined && Object.keys(context).length > 0
      ? { encryptionContext: context }
      : {}),
  };
}

/** One workload per distinct call shape, each with the times its calls started, in order of first call. */
function workloads(run: ClientRun<unknown>, notes: Set<string>): WorkloadSpec[] {
  const defaultKey =
    (run.world.keys ?? []).find((key) => key.keyStore !== undefined)?.name ??
    run.world.keys?.[0]?.name ??
    'key-1';
  const groups = new Map<string, { spec: Omit<WorkloadSpec, 'at'>; times: number[] }>();
  for (const call of run.calls) {
    const spec = workloadOf(call, defaultKey, notes);
    if (!spec) continue;
    const signature = JSON.stringify(spec);
    const group = groups.get(signature) ?? { spec, times: [] };
    group.times.push(call.startMs);
    groups.set(signature, group);
  }
  return [...groups.values()].map(({ spec, times }) => ({ ...spec, ...arrivals(times) }));
}

/** Evenly spaced call times as `every`/`from`/`until` (the runner makes the same calls), others as an `at` list. */
function arrivals(times: readonly number[]): Pick<WorkloadSpec, 'every' | 'from' | 'until' | 'at'> {
  const everyMs = times.length >= 3 ? times[1]! - times[0]! : 0;
  const even = everyMs > 0 && times.every((time, index) => time === times[0]! + index * everyMs);
  if (!even) return { at: times.map(formatDuration) };
  return {
    every: formatDuration(everyMs),
    ...(times[0]! > 0 ? { from: formatDuration(times[0]!) } : {}),
    until: formatDuration(times.at(-1)! + everyMs),
  };
}

/** YAML with short lists of scalars in flow style (`hsms: [a, b]`). */
function toYaml(value: unknown): string {
  const document = new Document(value);
  visit(document, {
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function expectations<T>(run: ClientRun<T>, failures: readonly FailedProperty<T>[]): Expectation[] {
  const seen = new Set<string>();
  const out: Expectation[] = [];
  for (const { property } of failures) {
    const derived = property.expectations?.(run) ?? [
      {
        type: 'no-error',
        client: COUNTEREXAMPLE_CLIENT,
        between: ['0s', formatDuration(run.endMs)],
      } as Expectation,
    ];
    for (const expectation of derived) {
      const key = JSON.stringify(expectation);
      if (!seen.has(key)) out.push(expectation);
      seen.add(key);
    }
  }
  return out;
}

/** The failing run as a scenario object, plus notes on what the replay cannot reproduce. */
export function counterexampleScenario<T>(
  run: ClientRun<T>,
  source: CounterexampleSource<T>,
): { scenario: Scenario; notes: string[] } {
  const notes: string[] = [];
  const client = clientSpec(source.clientConfig, notes);
  const callNotes = new Set<string>();
  const replayed = workloads(run as ClientRun<unknown>, callNotes);
  notes.push(...callNotes);
  const failed = source.failures
    .map(({ property, reason }) => `${property.name}: ${reason}`)
    .join('; ');
  const scenario: Scenario = {
    name: source.name,
    description: `Counterexample found by checkClientUnderFaults (fast-check seed ${source.fastCheck.seed}${source.fastCheck.path ? `, path "${source.fastCheck.path}"` : ''}). Failed: ${failed}`,
    seed: run.simSeed,
    duration: formatDuration(run.endMs),
    world: run.world,
    clients: [client],
    ...(run.schedule.length > 0 ? { timeline: run.schedule } : {}),
    ...(replayed.length > 0 ? { workloads: replayed } : {}),
    expect: expectations(run, source.failures),
  };
  return { scenario, notes };
}

/** The scenario as YAML, with a header saying where it came from and how to replay it. */
export function counterexampleYaml<T>(run: ClientRun<T>, source: CounterexampleSource<T>): string {
  const { scenario, notes } = counterexampleScenario(run, source);
  const checked = validateScenarioObject(scenario, 'counterexample');
  if (!checked.ok)
    throw new Error(
      `kmsim bug: the counterexample scenario does not validate:\n${checked.messages.join('\n')}`,
    );
  const header = [
    `# Counterexample found by checkClientUnderFaults (kmsim).`,
    `# fast-check seed ${source.fastCheck.seed}${source.fastCheck.path ? `, path "${source.fastCheck.path}"` : ''}: pass { seed, path } to checkClientUnderFaults to replay the property.`,
    ...source.failures.map(({ property, reason }) => `# FAILED ${property.name}: ${reason}`),
    '# Replay as a scenario: npx kmsim run <this file>',
    "# The workloads replay the SDK calls your function made, at the same virtual times; your function's",
    '# own logic (its retries, its reaction to errors) is not replayed.',
    ...notes.map((note) => `# NOTE: ${note}`),
  ];
  return `${header.join('\n')}\n${toYaml(scenario)}`;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'counterexample'
  );
}

/**
 * Writes the YAML to `target`; a target that is a directory (or ends with a slash) gets
 * `<slug of the name>.yaml` inside it. Returns the path written.
 */
export function writeCounterexample(target: string, name: string, yaml: string): string {
  const isDirectory =
    /[/\\]$/.test(target) || (existsSync(target) && statSync(target).isDirectory());
  const path = isDirectory ? join(target, `${slug(name)}.yaml`) : target;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, yaml);
  return path;
}
