/**
 * Diagnosis capture (issue #5 §1): while a scenario runs, record what a person troubleshooting it
 * would type and what the simulated services answered at that moment, so a runbook report can show
 * real outputs and stay a pure function of the trace.
 *
 * - `report.diagnosis`: the answers of `aws kms describe-custom-key-stores`, `aws kms describe-key`
 *   (every key), `aws cloudhsmv2 describe-clusters` and `aws cloudhsmv2 describe-backups` (the
 *   stores' clusters), taken through `Simulator.observe`, which counts no quota, draws no random
 *   number and traces no `api.call`: observing never changes what the run does. Taken when a
 *   client first sees an error (a failed call, a call that needed retries, or a failed operator
 *   step), again at the first error after each later fault, after a store newly turns FAILED and
 *   when an error message not seen before appears, and once at the end (after the fix).
 * - `report.step`: each timeline step as it starts, with its scenario parameters.
 * - `report.operator-call`: each API request an operator action makes, as the AWS CLI command a
 *   person would type and the response body the service returned.
 * - `report.names`: logical scenario names → real ids, at the end.
 *
 * Captures always happen, with or without `--report`, so a run's trace does not depend on whether
 * a report is written. Nothing recorded here holds a kmsuser password, plaintext or data key: CLI
 * commands show passwords as "$KMSUSER_PASSWORD", and bodies of cryptographic operations are never
 * recorded.
 */
import type { WireRequest, WireResponse } from '../protocol/wire.js';
import type { SimKernel } from '../sim/kernel.js';
import type { World } from '../world/world.js';

/**
 * What the capture reads from the running simulator, handed in by the scenario runner (report/
 * imports no scenario or simulator code; LAYERS.md). `observe` answers a read-only request without
 * counting quota, drawing a random number or tracing an `api.call` (Simulator.observe).
 */
export interface DiagnosisSource {
  readonly kernel: SimKernel;
  readonly world: World;
  observe(target: string, body: string): WireResponse;
}

/** Logical scenario names → real ids, as the runner resolved them. */
export interface CapturedNames {
  readonly clusters: ReadonlyMap<string, string>;
  readonly keyStores: ReadonlyMap<string, string>;
  readonly keys: ReadonlyMap<string, string>;
}

/** A timeline step as the scenario wrote it: one of fault, heal or action, plus its parameters. */
export interface StepToCapture {
  readonly fault?: string;
  readonly heal?: string;
  readonly action?: string;
  readonly [parameter: string]: unknown;
}

/** A finished workload call, as the capture needs it (scenarios' CallRecord has these members). */
export interface FinishedCall {
  readonly client: string;
  readonly operation: string;
  readonly ok: boolean;
  readonly errorName?: string | undefined;
  readonly message?: string | undefined;
  readonly attempts: number;
}

export type CaptureTrigger =
  | 'first-error'
  | 'error-after-fault'
  | 'connection-failed'
  | 'new-error'
  | 'end';

/** One command a person would type, and what it returned. */
export interface CapturedCommand {
  readonly cli: string;
  readonly service: 'kms' | 'cloudhsmv2';
  readonly operation: string;
  readonly status: number;
  /** The response body exactly as the service sent it. */
  readonly body: string;
}

/** What made a capture happen: the call or step that saw trouble (absent for the end capture). */
export interface CaptureCause {
  readonly client: string;
  readonly operation: string;
  readonly ok: boolean;
  readonly errorName: string | null;
  readonly message: string | null;
  readonly attempts: number;
}

/** Captures taken on trouble, besides the one at the end; more would bury the runbook in JSON. */
const MAX_TROUBLE_CAPTURES = 4;

/** Shown in place of any password in a command; the reader supplies their own. */
export const PASSWORD_PLACEHOLDER = '"$KMSUSER_PASSWORD"';

/** Request or response members that may hold secrets or data: never recorded. */
const SECRET_MEMBER = /password/i;
const DATA_MEMBER = /^(Plaintext|CiphertextBlob)$/;
const DATA_OPERATIONS = new Set([
  'Encrypt',
  'Decrypt',
  'ReEncrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateRandom',
]);

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function cliValue(member: string, value: unknown): string {
  if (SECRET_MEMBER.test(member)) return PASSWORD_PLACEHOLDER;
  if (DATA_MEMBER.test(member)) return `fileb://${kebab(member)}.bin`;
  if (member === 'Filters' && value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(
        ([name, values]) =>
          `${name}=${(Array.isArray(values) ? values : [values]).map(String).join(',')}`,
      )
      .join(' ');
  }
  if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    return value.map(shellWord).join(' ');
  if (typeof value === 'string') return shellWord(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return shellWord(JSON.stringify(value));
}

/** `TrentService.UpdateCustomKeyStore` + its JSON body → the AWS CLI command, passwords replaced. */
export function cliCommand(
  service: 'kms' | 'cloudhsmv2',
  operation: string,
  request: Readonly<Record<string, unknown>>,
): string {
  const words = [`aws ${service} ${kebab(operation)}`];
  for (const [member, value] of Object.entries(request)) {
    if (value === undefined || value === null) continue;
    words.push(`--${kebab(member)} ${cliValue(member, value)}`);
  }
  return words.join(' ');
}

function routeOf(target: string): { service: 'kms' | 'cloudhsmv2'; operation: string } {
  const [prefix, operation = ''] = target.split('.');
  return { service: prefix === 'BaldrApiService' ? 'cloudhsmv2' : 'kms', operation };
}

function parseBody(body: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body === '' ? '{}' : body);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Scenario parameters of a step, passwords replaced, for `report.step`. */
function stepParams(step: StepToCapture): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(step)) {
    if (name === 'at' || name === 'fault' || name === 'heal' || name === 'action') continue;
    params[name] = SECRET_MEMBER.test(name) ? '<redacted>' : value;
  }
  return params;
}

export class DiagnosisCapture {
  private troubleCaptures = 0;
  private armed: 'first-error' | 'error-after-fault' | undefined = 'first-error';
  /** `<store id>/<ConnectionErrorCode>` pairs a capture has already shown. */
  private readonly failuresShown = new Set<string>();
  /** Error messages (ids masked) seen so far: a new one is a new kind of trouble. */
  private readonly messagesSeen = new Set<string>();

  constructor(
    private readonly source: DiagnosisSource,
    private readonly names: CapturedNames,
  ) {}

  /**
   * A timeline step starts at `atMs` (scenario time): trace it. The runner gives an action step an
   * operator whose requests come back through `operatorCall`.
   */
  stepStarting(index: number, step: StepToCapture, atMs: number): void {
    const what =
      step.fault !== undefined
        ? `fault ${step.fault}`
        : step.heal !== undefined
          ? `heal ${step.heal}`
          : `action ${String(step.action)}`;
    this.source.kernel.record('report.step', {
      index,
      what,
      atMs,
      params: stepParams(step),
    });
    if (step.fault !== undefined && this.troubleCaptures > 0) this.armed = 'error-after-fault';
  }

  /** One API request an operator action of step `index` made, as the CLI command and its answer. */
  operatorCall(index: number, request: WireRequest, response: WireResponse): void {
    const { service, operation } = routeOf(request.target);
    this.source.kernel.record('report.operator-call', {
      step: index,
      service,
      operation,
      cli: cliCommand(service, operation, parseBody(request.body)),
      status: response.status,
      body: DATA_OPERATIONS.has(operation) ? null : response.body,
    });
  }

  /** A workload call finished: a failure, or a success that needed retries, is trouble the client saw. */
  callFinished(record: FinishedCall): void {
    if (record.ok && record.attempts <= 1) return;
    this.trouble({
      client: record.client,
      operation: record.operation,
      ok: record.ok,
      errorName: record.errorName ?? null,
      message: record.message ?? null,
      attempts: record.attempts,
    });
  }

  /** A timeline step finished; an operator step that failed is trouble too (expected or not). */
  stepFinished(
    what: string,
    outcome: { ok: true } | { ok: false; errorName: string; message: string },
  ): void {
    if (outcome.ok) return;
    this.trouble({
      client: 'operator',
      operation: what,
      ok: false,
      errorName: outcome.errorName,
      message: outcome.message,
      attempts: 1,
    });
  }

  /** The scenario's time is up: the final picture, and the names the report needs. */
  end(): void {
    this.capture('end', undefined);
    const entries = (map: ReadonlyMap<string, string>): Record<string, string> =>
      Object.fromEntries(map);
    this.source.kernel.record('report.names', {
      clusters: entries(this.names.clusters),
      keyStores: entries(this.names.keyStores),
      keys: entries(this.names.keys),
    });
  }

  private failedStores(): string[] {
    return [...this.source.world.keyStores.values()]
      .filter((store) => store.connectionState === 'FAILED')
      .map((store) => `${store.customKeyStoreId}/${store.connectionErrorCode ?? ''}`);
  }

  private trouble(cause: CaptureCause): void {
    const newlyFailed = this.failedStores().filter((failure) => !this.failuresShown.has(failure));
    const message = `${cause.errorName ?? ''}: ${(cause.message ?? '').replace(/arn:aws:kms:\S+|\b(cluster|hsm|backup|cks)-[a-z0-9]+/g, '<id>')}`;
    const newMessage = !cause.ok && !this.messagesSeen.has(message);
    if (!cause.ok) this.messagesSeen.add(message);
    const trigger: CaptureTrigger | undefined =
      this.armed ??
      (newlyFailed.length > 0 ? 'connection-failed' : newMessage ? 'new-error' : undefined);
    if (trigger === undefined || this.troubleCaptures >= MAX_TROUBLE_CAPTURES) return;
    this.troubleCaptures += 1;
    this.armed = undefined;
    this.capture(trigger, cause);
  }

  private capture(trigger: CaptureTrigger, cause: CaptureCause | undefined): void {
    for (const failure of this.failedStores()) this.failuresShown.add(failure);
    const commands = this.commands();
    this.source.kernel.record('report.diagnosis', {
      trigger,
      cause: cause ?? null,
      commands: commands.map((command) => ({ ...command })),
    });
  }

  /** The four commands of the runbooks' first step (docs/behaviour.md §7), for every store, key and cluster. */
  private commands(): CapturedCommand[] {
    const world = this.source.world;
    const requests: { target: string; body: Record<string, unknown> }[] = [];
    const stores = [...world.keyStores.values()];
    for (const store of stores)
      requests.push({
        target: 'TrentService.DescribeCustomKeyStores',
        body: { CustomKeyStoreId: store.customKeyStoreId },
      });
    for (const key of world.keys.values())
      requests.push({ target: 'TrentService.DescribeKey', body: { KeyId: key.keyId } });
    const clusterIds = [...new Set(stores.map((store) => store.clusterId))];
    if (clusterIds.length > 0) {
      requests.push({
        target: 'BaldrApiService.DescribeClusters',
        body: { Filters: { clusterIds } },
      });
      requests.push({
        target: 'BaldrApiService.DescribeBackups',
        body: { Filters: { clusterIds } },
      });
    }
    return requests.map(({ target, body }) => {
      const { service, operation } = routeOf(target);
      const response = this.source.observe(target, JSON.stringify(body));
      return {
        cli: cliCommand(service, operation, body),
        service,
        operation,
        status: response.status,
        body: response.body,
      };
    });
  }
}
