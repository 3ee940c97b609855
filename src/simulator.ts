/**
 * The Simulator: one object that owns the deterministic kernel, the world and both services, and
 * serves all three transports through `handleWire`. Pass it explicitly; there is nothing global.
 *
 *   const sim = new Simulator({ seed: 42 });
 *   const kms = createKmsClient(sim);              // in-process, no sockets
 *   const stop = sim.intercept();                  // or: any client for kms.<region>.amazonaws.com
 *   sim.advanceSeconds(120);                       // completes connects, HSM creation, ...
 */
import { SimulatorBug } from './protocol/aws-error.js';
import { errorResponse } from './protocol/json-response.js';
import {
  type Dispatched,
  dispatchOperation,
  unservedOperationMessage,
  type ServiceDefinition,
  type ServiceOperation,
} from './protocol/service-dispatch.js';
import type { WireRequest, WireResponse } from './protocol/wire.js';
import { CloudHsmService, CLOUDHSM_TARGET_PREFIX } from './cloudhsm/cloudhsm-service.js';
import { CloudHsmError, type CloudHsmErrorName } from './cloudhsm/errors.js';
import { CLOUDHSM_INPUT_SHAPES, type CloudHsmOperationName } from './cloudhsm/input-shapes.js';
import { CLOUDHSM_OPERATIONS } from './cloudhsm/operations/index.js';
import { runControlAction } from './control/control-actions.js';
import { ActiveFaults } from './faults/active-faults.js';
import type { FaultName } from './faults/catalogue.js';
import { KMS_UNIVERSAL_ERRORS, KmsError, type KmsErrorName } from './kms/errors.js';
import { KMS_INPUT_SHAPES, type KmsOperationName } from './kms/input-shapes.js';
import { KMS_OPERATIONS } from './kms/operations/index.js';
import { KmsService, KMS_TARGET_PREFIX } from './kms/kms-service.js';
import { VirtualTimeDriver } from './sim/driver.js';
import { SimKernel } from './sim/kernel.js';
import type { RequestLatency } from './sim/request-latency.js';
import { canonicalJson } from './sim/trace.js';
import type { ConnectionFault } from './world/client-network.js';
import {
  interceptAws,
  type AwsInterception,
  type InterceptOptions,
} from './transport/msw-interceptor.js';
import type {
  ControlResult,
  ClientTimeoutEvent,
  SimEndpoint,
  TraceLinesPage,
} from './transport/sim-endpoint.js';
import type { WorldTimings } from './world/timings.js';
import type { CapacitySettings } from './world/hsm-capacity.js';
import type { LatencySettings } from './world/latency-model.js';
import type { QuotaLimits } from './world/request-quotas.js';
import { World } from './world/world.js';
import { worldSnapshot } from './world/world-snapshot.js';

interface Route {
  readonly service: 'kms' | 'cloudhsmv2';
  readonly operation: string;
  readonly known: boolean;
}

/** Which service a request is for, by its target, or by its host when the target is unknown (docs/behaviour.md §1.1). */
function routeOf(request: WireRequest): Route {
  const dot = request.target.indexOf('.');
  const prefix = dot < 0 ? request.target : request.target.slice(0, dot);
  const operation = dot < 0 ? '' : request.target.slice(dot + 1);
  if (prefix === KMS_TARGET_PREFIX) return { service: 'kms', operation, known: true };
  if (prefix === CLOUDHSM_TARGET_PREFIX) return { service: 'cloudhsmv2', operation, known: true };
  return {
    service: request.host?.startsWith('cloudhsmv2.') ? 'cloudhsmv2' : 'kms',
    operation,
    known: false,
  };
}

/** Distinct targets whose route is kept; past this, routes are worked out per request (bounded memory). */
const ROUTE_CACHE_LIMIT = 512;

/** Operations that only read the world, the only ones `observe` answers (issue #5 §1 diagnosis). */
const READ_ONLY_OPERATIONS: Readonly<Record<'kms' | 'cloudhsmv2', ReadonlySet<string>>> = {
  kms: new Set([
    'DescribeCustomKeyStores',
    'DescribeKey',
    'GetKeyLastUsage',
    'GetKeyPolicy',
    'GetKeyRotationStatus',
    'ListAliases',
    'ListGrants',
    'ListKeyPolicies',
    'ListKeyRotations',
    'ListKeys',
    'ListResourceTags',
    'ListRetirableGrants',
  ]),
  cloudhsmv2: new Set(['DescribeBackups', 'DescribeClusters']),
};

/** Request id of every observation: fixed, so observing draws nothing from the id factory's stream. */
export const OBSERVE_REQUEST_ID = '00000000-0000-0000-0000-000000000000';

/** The read-only operations of both services without the KMS front door (which counts quotas). */
function readOnlyDefinitions(world: World): Record<'kms' | 'cloudhsmv2', ServiceDefinition> {
  const pick = (
    all: readonly {
      name: string;
      errors: readonly string[];
      run(world: World, input: never, latency: RequestLatency): Record<string, unknown>;
    }[],
    names: ReadonlySet<string>,
    shapes: Record<string, ServiceOperation['shape']>,
  ): Map<string, ServiceOperation> =>
    new Map(
      all
        .filter((operation) => names.has(operation.name))
        .map((operation) => [
          operation.name,
          {
            shape: shapes[operation.name]!,
            errors: operation.errors,
            run: (input: never, latency: RequestLatency) => operation.run(world, input, latency),
          },
        ]),
    );
  return {
    kms: {
      name: 'KMS',
      operations: pick(
        KMS_OPERATIONS,
        READ_ONLY_OPERATIONS.kms,
        KMS_INPUT_SHAPES as unknown as Record<KmsOperationName, ServiceOperation['shape']>,
      ),
      universalErrors: KMS_UNIVERSAL_ERRORS,
      makeError: (name, message) => new KmsError(name, message),
    },
    cloudhsmv2: {
      name: 'CloudHSMV2',
      operations: pick(
        CLOUDHSM_OPERATIONS,
        READ_ONLY_OPERATIONS.cloudhsmv2,
        CLOUDHSM_INPUT_SHAPES as unknown as Record<
          CloudHsmOperationName,
          ServiceOperation['shape']
        >,
      ),
      universalErrors: [
        'ValidationException',
        'SerializationException',
        'UnknownOperationException',
      ],
      makeError: (name, message) => new CloudHsmError(name, message),
    },
  };
}

export interface SimulatorOptions {
  readonly seed?: number | string;
  /** Defaults to us-east-1 (issue #2 §7c). */
  readonly region?: string;
  /** Defaults to 111122223333 (issue #2 §7c). */
  readonly accountId?: string;
  /** Wall-clock instant that virtual time 0 stands for on the wire (default 2026-01-01T00:00:00Z). */
  readonly epochMs?: number;
  readonly timings?: Partial<WorldTimings>;
  readonly quotas?: Partial<QuotaLimits>;
  readonly capacity?: Partial<CapacitySettings>;
  /** Per-operation latency; `NO_LATENCY` answers in the same virtual instant. */
  readonly latency?: LatencySettings;
  /** Keep only the newest this many trace events in memory (serve mode does); default: all. */
  readonly traceRetain?: number;
}

export class Simulator implements SimEndpoint {
  /**
   * Public API: the deterministic kernel (virtual clock, event queue, seeded random streams, ids,
   * trace). Hand it to `new VirtualTimeDriver(sim.kernel)` to run your own code in this
   * simulator's virtual time; schedule on it, or read `sim.kernel.trace`, in tests.
   */
  readonly kernel: SimKernel;
  /**
   * Public API, read-only by convention: the emulated account (clusters, HSMs, backups, key
   * stores, keys, aliases) for assertions and diagnosis. Change it only through the services,
   * `runAction` or `inject`, so every change is traced.
   */
  readonly world: World;
  readonly kms: KmsService;
  readonly cloudHsm: CloudHsmService;
  /** Simulator bugs seen so far; a run with any is a failed run (ARCHITECTURE convention 5). */
  readonly bugs: SimulatorBug[] = [];
  /** Injected faults, by id; see src/faults/. */
  readonly faults: ActiveFaults;
  private observer: Record<'kms' | 'cloudhsmv2', ServiceDefinition> | undefined;
  /**
   * The `api.call` trace event of each request served during a VirtualTimeDriver run, for a client
   * timeout that abandons it: only such a run has the timers that fire one (in-process-handler.ts).
   */
  private readonly apiCallSeqs = new WeakMap<WireRequest, number>();
  /**
   * Routes of the known targets seen, so a request's operation name is one interned string (the
   * trace keys its strings by it) and no route is rebuilt per request (issue #12).
   */
  private readonly routes = new Map<string, Route>();

  constructor(options: SimulatorOptions = {}) {
    this.kernel = new SimKernel({
      seed: options.seed ?? 1,
      ...(options.epochMs !== undefined ? { epochMs: options.epochMs } : {}),
      ...(options.traceRetain !== undefined ? { traceRetain: options.traceRetain } : {}),
    });
    this.world = new World(this.kernel, {
      region: options.region ?? 'us-east-1',
      accountId: options.accountId ?? '111122223333',
      ...(options.timings ? { timings: options.timings } : {}),
      ...(options.quotas ? { quotas: options.quotas } : {}),
      ...(options.capacity ? { capacity: options.capacity } : {}),
      ...(options.latency ? { latency: options.latency } : {}),
    });
    this.kms = new KmsService(this.world);
    this.cloudHsm = new CloudHsmService(this.world);
    this.faults = new ActiveFaults(this.world);
  }

  get seed(): string {
    return this.kernel.seed;
  }

  get region(): string {
    return this.world.region;
  }

  get accountId(): string {
    return this.world.accountId;
  }

  get nowMs(): number {
    return this.kernel.nowMs;
  }

  /**
   * Routes one JSON 1.1 request by its target (docs/behaviour.md §1.1). Never rejects. The request's latency
   * (the operation's own, plus the HSM time the dispatch returns) is waited in virtual time while a
   * VirtualTimeDriver run drives this simulator's kernel; otherwise it is only recorded (serve mode
   * answers at once, issue #2 §7c; so does a call from inside another simulator's run).
   */
  async handleWire(request: WireRequest): Promise<WireResponse> {
    // Only a response that waits out its latency keeps what it occupies that long (issue #9 §3).
    const waits = VirtualTimeDriver.active?.drives(this.kernel) === true;
    const { response, latencyMs: hsmMs } = this.serve(request, waits);
    if (!waits) {
      // Nothing waits for the latency: its draw is only kept in step (LatencyModel.skip).
      this.world.latency.skip(this.route(request).operation);
      return response;
    }
    const latencyMs = hsmMs + this.world.latency.sample(this.route(request).operation);
    if (latencyMs > 0) {
      await new Promise<void>((resolve) =>
        this.kernel.schedule(latencyMs, 'response latency', resolve),
      );
    }
    return response;
  }

  /**
   * handleWire outside any VirtualTimeDriver run, where it never waits: the same work (the answer,
   * then the latency sample skipped, which keeps the operation's latency stream where handleWire
   * leaves it), with no promise. Undefined while a driver run is active: then the caller awaits handleWire.
   */
  handleWireNow(request: WireRequest): WireResponse | undefined {
    if (VirtualTimeDriver.active !== undefined) return undefined;
    const { response } = this.serve(request, false);
    this.world.latency.skip(this.route(request).operation);
    return response;
  }

  connectionFault(request: WireRequest): ConnectionFault | undefined {
    const { service, operation } = this.route(request);
    const rule = this.world.clientNetwork.faults.match(service, operation, this.kernel.nowMs);
    if (rule)
      this.kernel.record('fault.connection', {
        client: request.headers['x-kmsim-client'] ?? null,
        service,
        operation,
        kind: rule.verdict.kind,
        ruleId: rule.id,
      });
    return rule?.verdict;
  }

  recordClientTimeout(event: ClientTimeoutEvent, request?: WireRequest): void {
    const { setting, ...data } = event;
    const apiCallSeq = request === undefined ? undefined : this.apiCallSeqs.get(request);
    this.kernel.record(
      setting === 'requestTimeout' ? 'client.request-timeout' : 'client.socket-timeout',
      { ...data, ...(apiCallSeq === undefined ? {} : { apiCallSeq }) },
    );
  }

  /**
   * The synchronous core of handleWire, for callers that stay inside one virtual instant: the
   * response does not wait out its latency, so the request holds a PKCS#11 session only while it
   * is answered here.
   */
  handleWireSync(request: WireRequest): WireResponse {
    return this.serve(request, false).response;
  }

  /**
   * One request, answered in this instant, with the HSM time it took. `responseWaits`: the caller
   * waits that time out in virtual time before answering (a driver run), so the request occupies
   * its PKCS#11 session until the HSM is done (world/hsm-capacity.ts).
   */
  /** Made once, not per request (issue #12). */
  private readonly onBug = (bug: SimulatorBug, operation: string): void =>
    this.reportBug(bug, operation);

  private route(request: WireRequest): Route {
    const cached = this.routes.get(request.target);
    if (cached !== undefined) return cached;
    const route = routeOf(request);
    if (route.known && this.routes.size < ROUTE_CACHE_LIMIT) this.routes.set(request.target, route);
    return route;
  }

  private serve(request: WireRequest, responseWaits: boolean): Dispatched {
    const requestId = this.kernel.ids.requestId();
    const { service, operation, known } = this.route(request);
    const context = { requestId, responseWaits, onBug: this.onBug };
    const forced = known
      ? this.world.forcedErrors.rules.match(service, operation, this.kernel.nowMs)
      : undefined;
    let dispatched: Dispatched;
    if (forced) {
      // A flagged symptom, not a derived effect (issue #3 §2 force-error).
      const { errorName, message } = forced.verdict;
      const error =
        service === 'kms'
          ? new KmsError(errorName as KmsErrorName, message)
          : new CloudHsmError(errorName as CloudHsmErrorName, message);
      this.kernel.record('fault.forced-error', {
        service,
        operation,
        errorName,
        ruleId: forced.id,
        flagged: true,
      });
      dispatched = { response: errorResponse(requestId, error), latencyMs: 0 };
    } else if (known && service === 'kms') {
      dispatched = this.kms.dispatch(operation, request.body, context);
    } else if (known) {
      dispatched = this.cloudHsm.dispatch(operation, request.body, context);
    } else {
      // No or unknown target: answer in the style of the service the host names (docs/behaviour.md §1.1),
      // with a message that quotes the target (docs/fidelity.md).
      const message =
        request.target === ''
          ? unservedOperationMessage(service === 'kms' ? 'KMS' : 'CloudHSMV2', '')
          : `kmsim does not serve the target ${request.target}: it names neither ${KMS_TARGET_PREFIX} (KMS) nor ${CLOUDHSM_TARGET_PREFIX} (CloudHSM v2).`;
      const error =
        service === 'kms'
          ? new KmsError('UnknownOperationException', message)
          : new CloudHsmError('UnknownOperationException', message);
      dispatched = { response: errorResponse(requestId, error), latencyMs: 0 };
    }
    const response = dispatched.response;
    // Which scenario client sent it (scenarios/run/clients.ts sets the header; issue #4 §4).
    const seq = this.kernel.recordApiCall(
      request.headers['x-kmsim-client'] ?? null,
      service,
      operation || request.target,
      response.status,
      response.status === 200 ? null : (response.headers['x-amzn-errortype'] ?? null),
      dispatched.latencyMs,
    );
    // A WeakMap entry per request was 3% of a request and work for the collector (issue #12); a
    // timeout can only be traced under a driver run, and the in-process handler serves its request
    // in the same turn as it sets the timers, so this is the run they were set in.
    if (VirtualTimeDriver.active !== undefined) this.apiCallSeqs.set(request, seq);
    return dispatched;
  }

  /**
   * Answers a read-only request (`TrentService.DescribeKey`, `BaldrApiService.DescribeClusters`, ...)
   * as the service would at this instant, for reports that show what a person diagnosing the run
   * would see (issue #5 §1). It leaves no mark: no quota counted, no request id or other random
   * draw, no `api.call` trace, no forced error or connection fault applied (latency belongs to each
   * request's own dispatch, so there is none to carry over). Any other operation is refused, so an observation cannot change the
   * world.
   */
  observe(target: string, body = '{}'): WireResponse {
    const { service, operation, known } = routeOf({ target, body, headers: {} });
    if (!known || !READ_ONLY_OPERATIONS[service].has(operation))
      throw new Error(`observe: ${target} is not a read-only operation`);
    this.observer ??= readOnlyDefinitions(this.world);
    // DescribeKey on a predefined AWS alias would create the AWS managed key; not while observing.
    this.world.readOnly = true;
    try {
      return dispatchOperation(this.observer[service], operation, body, {
        requestId: OBSERVE_REQUEST_ID,
        onBug: (bug, op) => this.reportBug(bug, op),
      }).response;
    } finally {
      this.world.readOnly = false;
    }
  }

  private reportBug(bug: SimulatorBug, operation: string): void {
    this.bugs.push(bug);
    this.kernel.record('simulator.bug', { operation, message: bug.message.split('\n')[0] });
  }

  /** Throws if any simulator bug was seen; call at the end of a run or a test. */
  assertNoBugs(): void {
    if (this.bugs.length > 0)
      throw new SimulatorBug(
        `${this.bugs.length} simulator bug(s): ${this.bugs.map((bug) => bug.message).join(' | ')}`,
      );
  }

  advanceMs(deltaMs: number): void {
    this.kernel.advanceBy(deltaMs);
  }

  advanceSeconds(seconds: number): void {
    this.kernel.advanceBy(Math.round(seconds * 1000));
  }

  advanceToMs(targetMs: number): void {
    if (targetMs > this.kernel.nowMs) this.kernel.runUntil(Math.floor(targetMs));
  }

  advanceToMsBounded(targetMs: number, maxEvents: number): boolean {
    if (targetMs <= this.kernel.nowMs) return true;
    return this.kernel.runUntilBounded(Math.floor(targetMs), maxEvents);
  }

  worldSnapshot(): Record<string, unknown> {
    return worldSnapshot(this.world);
  }

  runAction(request: unknown): ControlResult {
    return runControlAction({ world: this.world, faults: this.faults }, request);
  }

  /** Activates an INITIALIZED cluster and creates `kmsuser` (the CloudHSM CLI step; docs/behaviour.md §2.5). */
  activateCluster(clusterId: string, kmsuserPassword: string): void {
    const result = this.runAction({ action: 'activate-cluster', clusterId, kmsuserPassword });
    if (!result.ok) throw new Error(`activate-cluster: ${result.message}`);
  }

  /**
   * Injects a fault from the catalogue (src/faults/catalogue.ts), with parameters in the
   * injector's terms (real ids: clusterId, customKeyStoreId, ...); returns its id for heal().
   */
  inject(fault: FaultName, params: Record<string, unknown> = {}): string {
    const result = this.faults.inject(fault, params);
    if (!result.ok) throw new Error(`inject ${fault}: ${result.message}`);
    return result.faultId;
  }

  heal(faultId: string): void {
    const result = this.faults.heal({ faultId });
    if (!result.ok) throw new Error(`heal ${faultId}: ${result.message}`);
  }

  traceJsonLines(): string {
    return this.kernel.trace.toJsonLines();
  }

  tracePage(after: number, limit: number): TraceLinesPage {
    const page = this.kernel.trace.page(after, limit);
    return { ...page, lines: page.events.map((event) => canonicalJson(event)) };
  }

  traceFingerprint(): string {
    return this.kernel.trace.fingerprint();
  }

  /**
   * Routes every request for kms.<region>.amazonaws.com and cloudhsmv2.<region>.amazonaws.com in
   * this process to the simulator (msw, `onUnhandledRequest: 'error'`). Close it to restore the network.
   */
  intercept(options?: InterceptOptions): AwsInterception {
    return interceptAws(this, options);
  }
}
