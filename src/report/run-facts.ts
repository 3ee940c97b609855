/**
 * The facts a runbook report states, read from a run's trace and nothing else (ARCHITECTURE:
 * reports are pure functions of the trace). Times are milliseconds since the `scenario.start`
 * event. Every later section formats these; none of them looks anywhere else.
 */
import { abandonedApiCalls } from './abandoned-attempts.js';
import type { TraceEvent } from '../sim/trace.js';

export interface CallFact {
  readonly client: string;
  readonly operation: string;
  readonly ok: boolean;
  readonly errorName: string | undefined;
  readonly message: string | undefined;
  readonly errorCode: string | undefined;
  readonly httpStatusCode: number | undefined;
  readonly attempts: number;
  readonly startMs: number;
  /** When the caller saw the outcome. */
  readonly endMs: number;
}

/** An attempt the SDK made that failed, whether or not its caller saw it. */
export interface AttemptErrorFact {
  readonly client: string;
  readonly operation: string;
  readonly error: string;
  readonly atMs: number;
}

/** A client's requestTimeout that passed with only a warning (throwOnRequestTimeout false): the request went on. */
export interface RequestTimeoutWarningFact {
  readonly client: string;
  readonly operation: string;
  readonly timeoutMs: number;
  readonly atMs: number;
}

/**
 * An attempt its client abandoned at its own requestTimeout (with throwOnRequestTimeout) or
 * socketTimeout: the TimeoutError came from the client's request handler, not from KMS
 * (abandoned-attempts.ts).
 */
export interface ClientTimeoutFact {
  readonly client: string;
  readonly operation: string;
  readonly setting: 'requestTimeout' | 'socketTimeout';
  readonly timeoutMs: number;
  readonly atMs: number;
  /** The HSM time the service spent on the abandoned request (its `api.call`), when traced. */
  readonly hsmLatencyMs: number | undefined;
}

export interface OperatorCallFact {
  readonly cli: string;
  readonly service: string;
  readonly operation: string;
  readonly status: number;
  readonly body: string | null;
  readonly atMs: number;
}

export interface StepFact {
  readonly index: number;
  /** `fault <name>`, `heal <name>` or `action <name>`. */
  readonly what: string;
  readonly kind: 'fault' | 'heal' | 'action';
  readonly name: string;
  readonly atMs: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly finishedAtMs: number | undefined;
  readonly ok: boolean | undefined;
  readonly errorName: string | undefined;
  readonly message: string | undefined;
  readonly operatorCalls: readonly OperatorCallFact[];
}

export interface FaultFact {
  readonly faultId: string;
  readonly fault: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly symptom: boolean;
  readonly atMs: number;
  readonly healedAtMs: number | undefined;
}

export interface CapturedCommandFact {
  readonly cli: string;
  readonly service: string;
  readonly operation: string;
  readonly status: number;
  readonly body: string;
}

export interface CaptureFact {
  readonly atMs: number;
  readonly trigger: string;
  readonly cause: {
    client: string;
    operation: string;
    ok: boolean;
    errorName: string | null;
    message: string | null;
    attempts: number;
  } | null;
  readonly commands: readonly CapturedCommandFact[];
}

/** A state change of a key store, HSM, cluster or backup. */
export interface StateFact {
  readonly atMs: number;
  readonly id: string;
  readonly state: string;
  readonly detail: string | undefined;
  /** The cluster an HSM or backup belongs to, the AZ of an HSM. */
  readonly clusterId: string | undefined;
  readonly availabilityZone: string | undefined;
}

export interface LoadFact {
  readonly load: string;
  readonly arrivals: number;
  readonly ok: number;
  readonly throttled: number;
  readonly sessionsExhausted: number;
  readonly unavailable: number;
}

export interface ExpectationFact {
  readonly description: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface RunFacts {
  readonly name: string;
  readonly seed: number | string | undefined;
  /** Trace time of scenario time 0. */
  readonly originMs: number;
  /** Scenario time of the end capture (the end of the scenario's duration). */
  readonly endMs: number;
  readonly calls: readonly CallFact[];
  readonly attemptErrors: readonly AttemptErrorFact[];
  /** From the trace's `client.request-timeout` events that only warned. */
  readonly requestTimeoutWarnings: readonly RequestTimeoutWarningFact[];
  /** From the trace's `client.request-timeout` / `client.socket-timeout` events that failed an attempt. */
  readonly clientTimeouts: readonly ClientTimeoutFact[];
  readonly steps: readonly StepFact[];
  readonly faults: readonly FaultFact[];
  readonly captures: readonly CaptureFact[];
  readonly keyStores: readonly StateFact[];
  readonly hsms: readonly StateFact[];
  readonly clusters: readonly StateFact[];
  readonly backupsReady: readonly StateFact[];
  /** kmsuser password changes made in the cluster (CloudHSM CLI), by cluster. */
  readonly kmsuserPasswordSets: readonly { atMs: number; clusterId: string }[];
  readonly loads: readonly LoadFact[];
  /** Requests refused by a key's hot-key limit (docs/behaviour.md §5.1), from the trace's `kms.throttled`. */
  readonly hotKeyThrottles: readonly { atMs: number; keyId: string; operation: string }[];
  readonly expectations: readonly ExpectationFact[];
  /** Logical name → id, and id → logical name. */
  readonly names: {
    readonly byName: ReadonlyMap<string, string>;
    readonly byId: ReadonlyMap<string, string>;
  };
}

type Data = Readonly<Record<string, unknown>>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function namesOf(events: readonly TraceEvent[]): RunFacts['names'] {
  const byName = new Map<string, string>();
  const byId = new Map<string, string>();
  const last = [...events].reverse().find((event) => event.kind === 'report.names');
  for (const group of ['clusters', 'keyStores', 'keys']) {
    for (const [name, id] of Object.entries(
      (last?.data[group] as Record<string, string> | undefined) ?? {},
    )) {
      byName.set(`${group}/${name}`, id);
      byId.set(id, name);
    }
  }
  return { byName, byId };
}

function stepsOf(events: readonly TraceEvent[], originMs: number): StepFact[] {
  const steps = new Map<number, StepFact & { operatorCalls: OperatorCallFact[] }>();
  for (const event of events) {
    const data = event.data as Data;
    const index = num(data.index) ?? num(data.step);
    if (event.kind === 'report.step' && index !== undefined) {
      const what = String(data.what);
      const [kind, name = ''] = what.split(' ') as ['fault' | 'heal' | 'action', string];
      steps.set(index, {
        index,
        what,
        kind,
        name,
        atMs: event.atMs - originMs,
        params: (data.params as Data) ?? {},
        finishedAtMs: undefined,
        ok: undefined,
        errorName: undefined,
        message: undefined,
        operatorCalls: [],
      });
    } else if (event.kind === 'scenario.step' && index !== undefined && steps.has(index)) {
      const step = steps.get(index)!;
      steps.set(index, {
        ...step,
        finishedAtMs: event.atMs - originMs,
        ok: data.ok === true,
        errorName: text(data.errorName),
        message: text(data.message),
      });
    } else if (event.kind === 'report.operator-call' && index !== undefined && steps.has(index)) {
      steps.get(index)!.operatorCalls.push({
        cli: String(data.cli),
        service: String(data.service),
        operation: String(data.operation),
        status: Number(data.status),
        body: text(data.body) ?? null,
        atMs: event.atMs - originMs,
      });
    }
  }
  return [...steps.values()].sort((a, b) => a.atMs - b.atMs || a.index - b.index);
}

function faultsOf(events: readonly TraceEvent[], originMs: number): FaultFact[] {
  const faults: FaultFact[] = [];
  for (const event of events) {
    const data = event.data as Data;
    if (event.kind === 'fault.injected') {
      faults.push({
        faultId: String(data.faultId),
        fault: String(data.fault),
        params: (data.params as Data) ?? {},
        symptom: data.symptom === true,
        atMs: event.atMs - originMs,
        healedAtMs: undefined,
      });
    } else if (event.kind === 'fault.healed') {
      const at = faults.findIndex((fault) => fault.faultId === data.faultId);
      if (at >= 0) faults[at] = { ...faults[at]!, healedAtMs: event.atMs - originMs };
    }
  }
  return faults;
}

function stateFact(
  event: TraceEvent,
  originMs: number,
  id: unknown,
  state: unknown,
  detail?: unknown,
): StateFact {
  const data = event.data as Data;
  return {
    atMs: event.atMs - originMs,
    id: String(id),
    state: String(state),
    detail: text(detail),
    clusterId: text(data.clusterId),
    availabilityZone: text(data.availabilityZone),
  };
}

function callOf(event: TraceEvent, originMs: number): CallFact {
  const data = event.data as Data;
  return {
    client: String(data.client),
    operation: String(data.operation),
    ok: data.ok === true,
    errorName: text(data.errorName),
    message: text(data.message),
    errorCode: text(data.errorCode),
    httpStatusCode: num(data.httpStatusCode),
    attempts: num(data.attempts) ?? 1,
    startMs: num(data.startMs) ?? event.atMs - originMs,
    endMs: event.atMs - originMs,
  };
}

function attemptErrorOf(
  event: TraceEvent,
  originMs: number,
  abandoned: ReadonlySet<number>,
): AttemptErrorFact | undefined {
  const data = event.data as Data;
  if (typeof data.client !== 'string') return undefined;
  // An attempt its client abandoned with a TimeoutError failed, whatever the service answered later.
  if (event.kind === 'api.call' && abandoned.has(event.seq))
    return {
      client: data.client,
      operation: String(data.operation),
      error: 'TimeoutError',
      atMs: event.atMs - originMs,
    };
  if (event.kind === 'api.call' && data.status !== 200)
    return {
      client: data.client,
      operation: String(data.operation),
      error: String(data.errorType ?? `HTTP ${String(data.status)}`),
      atMs: event.atMs - originMs,
    };
  if (event.kind === 'fault.connection')
    return {
      client: data.client,
      operation: String(data.operation),
      error: data.kind === 'reset' ? 'ECONNRESET' : 'TimeoutError',
      atMs: event.atMs - originMs,
    };
  return undefined;
}

function loadsOf(events: readonly TraceEvent[]): LoadFact[] {
  const totals = new Map<
    string,
    {
      arrivals: number;
      ok: number;
      throttled: number;
      sessionsExhausted: number;
      unavailable: number;
    }
  >();
  for (const event of events) {
    if (event.kind !== 'load.window') continue;
    const data = event.data as Data;
    const load = String(data.load);
    const total = totals.get(load) ?? {
      arrivals: 0,
      ok: 0,
      throttled: 0,
      sessionsExhausted: 0,
      unavailable: 0,
    };
    for (const member of [
      'arrivals',
      'ok',
      'throttled',
      'sessionsExhausted',
      'unavailable',
    ] as const)
      total[member] += num(data[member]) ?? 0;
    totals.set(load, total);
  }
  return [...totals].map(([load, total]) => ({ load, ...total }));
}

/** Everything the report needs, from the trace alone. */
export function runFacts(events: readonly TraceEvent[]): RunFacts {
  const setup = events.find((event) => event.kind === 'scenario.setup');
  const originMs = events.find((event) => event.kind === 'scenario.start')?.atMs ?? 0;
  const endCapture = events.find(
    (event) => event.kind === 'report.diagnosis' && event.data.trigger === 'end',
  );
  const facts = {
    calls: [] as CallFact[],
    attemptErrors: [] as AttemptErrorFact[],
    requestTimeoutWarnings: [] as RequestTimeoutWarningFact[],
    clientTimeouts: [] as ClientTimeoutFact[],
    captures: [] as CaptureFact[],
    keyStores: [] as StateFact[],
    hsms: [] as StateFact[],
    clusters: [] as StateFact[],
    backupsReady: [] as StateFact[],
    kmsuserPasswordSets: [] as { atMs: number; clusterId: string }[],
    hotKeyThrottles: [] as { atMs: number; keyId: string; operation: string }[],
    expectations: [] as ExpectationFact[],
  };
  const abandoned = abandonedApiCalls(events);
  // The HSM time of each abandoned request, by its api.call's sequence number.
  const abandonedHsmMs = new Map<number, number | undefined>();
  for (const event of events) {
    const data = event.data as Data;
    const attemptError = attemptErrorOf(event, originMs, abandoned);
    if (attemptError) facts.attemptErrors.push(attemptError);
    if (event.kind === 'api.call' && abandoned.has(event.seq))
      abandonedHsmMs.set(event.seq, num(data.hsmLatencyMs));
    if (event.kind === 'client.call') facts.calls.push(callOf(event, originMs));
    else if (
      (event.kind === 'client.request-timeout' || event.kind === 'client.socket-timeout') &&
      data.thrown === true &&
      typeof data.client === 'string'
    )
      facts.clientTimeouts.push({
        client: data.client,
        operation: String(data.operation),
        setting: event.kind === 'client.request-timeout' ? 'requestTimeout' : 'socketTimeout',
        timeoutMs: num(data.timeoutMs) ?? 0,
        atMs: event.atMs - originMs,
        hsmLatencyMs:
          typeof data.apiCallSeq === 'number' ? abandonedHsmMs.get(data.apiCallSeq) : undefined,
      });
    else if (
      event.kind === 'client.request-timeout' &&
      data.thrown === false &&
      typeof data.client === 'string'
    )
      facts.requestTimeoutWarnings.push({
        client: data.client,
        operation: String(data.operation),
        timeoutMs: num(data.timeoutMs) ?? 0,
        atMs: event.atMs - originMs,
      });
    else if (event.kind === 'report.diagnosis')
      facts.captures.push({
        atMs: event.atMs - originMs,
        trigger: String(data.trigger),
        cause: (data.cause as CaptureFact['cause']) ?? null,
        commands: (data.commands as CapturedCommandFact[]) ?? [],
      });
    else if (event.kind === 'kms.key-store.connection')
      facts.keyStores.push(
        stateFact(event, originMs, data.customKeyStoreId, data.state, data.connectionErrorCode),
      );
    else if (event.kind === 'cloudhsm.hsm.state') {
      // A lost HSM's last event does not repeat its AZ; an earlier one of the same HSM has it.
      const fact = stateFact(event, originMs, data.hsmId, data.state);
      const zone =
        fact.availabilityZone ??
        facts.hsms.find((earlier) => earlier.id === fact.id && earlier.availabilityZone)
          ?.availabilityZone;
      facts.hsms.push({ ...fact, availabilityZone: zone });
    } else if (event.kind === 'cloudhsm.cluster.state')
      facts.clusters.push(stateFact(event, originMs, data.clusterId, data.state));
    else if (event.kind === 'cloudhsm.backup.ready')
      facts.backupsReady.push(stateFact(event, originMs, data.backupId, 'READY'));
    else if (event.kind === 'cloudhsm.kmsuser.password-set')
      facts.kmsuserPasswordSets.push({
        atMs: event.atMs - originMs,
        clusterId: String(data.clusterId),
      });
    else if (event.kind === 'kms.throttled' && data.quota === 'hot-key')
      facts.hotKeyThrottles.push({
        atMs: event.atMs - originMs,
        keyId: String(data.keyId),
        operation: String(data.operation),
      });
    else if (event.kind === 'scenario.expectation')
      facts.expectations.push({
        description: String(data.description),
        passed: data.passed === true,
        detail: String(data.detail ?? ''),
      });
  }
  return {
    name: String(setup?.data.name ?? ''),
    seed: (setup?.data.seed as number | string | undefined) ?? undefined,
    originMs,
    endMs: (endCapture?.atMs ?? events.at(-1)?.atMs ?? originMs) - originMs,
    steps: stepsOf(events, originMs),
    faults: faultsOf(events, originMs),
    loads: loadsOf(events),
    names: namesOf(events),
    ...facts,
  };
}

/** `app-key (8b9e…)`-style label: the logical name when the trace has one, else the id. */
export function labelOf(facts: RunFacts, id: string): string {
  const name = facts.names.byId.get(id);
  return name === undefined ? `\`${id}\`` : `\`${name}\` (\`${id}\`)`;
}
