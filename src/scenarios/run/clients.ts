/**
 * The clients under test: real `KMSClient`s with the scenario's retry settings and timeouts,
 * talking to the simulator in-process, or the user's own code (client-modules.ts). Their retry
 * strategy is the SDK's own or the user's; the driver only virtualises time.
 *
 * Each client stamps its scenario name on its requests (`x-kmsim-client`, set by the in-process
 * handler on every attempt), so every attempt the simulator traces (`api.call`, `fault.connection`)
 * says which client sent it and client metrics can count attempts per client (issue #4 §4).
 */
import { basename } from 'node:path';
import type { KMSClient, KMSClientConfig } from '@aws-sdk/client-kms';
import type { Simulator } from '../../simulator.js';
import {
  type InProcessHandlerConfig,
  InProcessHttpHandler,
} from '../../transport/in-process-handler.js';
import {
  createKmsClient,
  fakeCredentials,
  handlerOptions,
  kmsEndpointUrl,
} from '../../transport/sdk-clients.js';
import type { MetricsClientSpec, ModuleClientFacts } from '../check/client-metrics.js';
import { durationMs } from '../duration.js';
import type { ClientSpec } from '../scenario.js';
import {
  ClientModuleError,
  clientModuleForm,
  importClientModule,
  type ClientModule,
} from './client-modules.js';

export const CLIENT_NAME_HEADER = 'x-kmsim-client';

/**
 * An SDK client kmsim calls, or an app workload function that does its own calling. `module` says
 * which of the user's modules it came from, if any (metrics label it by that, not by settings it
 * does not use).
 */
export type ScenarioClient = (
  | { readonly kind: 'sdk'; readonly client: KMSClient }
  | {
      readonly kind: 'app';
      readonly workload: NonNullable<ClientModule['workload']>;
      /** A fresh client config per call, whose handler counts that call's attempts. */
      readonly configFor: (onAttempt: () => void) => KMSClientConfig;
    }
) & { readonly module?: ModuleClientFacts };

/** The client's request-handler options, as the SDK's node handler takes them (in-process-handler.ts). */
function timeouts(spec: ClientSpec): InProcessHandlerConfig {
  return {
    ...(spec.requestTimeout !== undefined
      ? { requestTimeout: durationMs(spec.requestTimeout) }
      : {}),
    ...(spec.throwOnRequestTimeout !== undefined
      ? { throwOnRequestTimeout: spec.throwOnRequestTimeout }
      : {}),
    ...(spec.socketTimeout !== undefined ? { socketTimeout: durationMs(spec.socketTimeout) } : {}),
    ...(spec.connectionTimeout !== undefined
      ? { connectionTimeout: durationMs(spec.connectionTimeout) }
      : {}),
  };
}

/** kmsim's client config: region, endpoint, dummy credentials, and the in-process handler. */
function kmsimClientConfig(
  sim: Simulator,
  spec: ClientSpec,
  onAttempt?: () => void,
): KMSClientConfig {
  return {
    region: sim.region,
    endpoint: kmsEndpointUrl(sim.region),
    credentials: fakeCredentials(),
    maxAttempts: spec.maxAttempts ?? 3,
    retryMode: spec.retryMode ?? 'standard',
    requestHandler: new InProcessHttpHandler(sim, {
      ...timeouts(spec),
      clientName: spec.name,
      ...(onAttempt ? { onAttempt } : {}),
    }),
  };
}

/** Which module a client is: its form, and the file's name (a value has none). */
function moduleFacts(spec: ClientSpec, module: ClientModule): ModuleClientFacts {
  const form = module.workload
    ? 'workload'
    : module.createClient
      ? 'createClient'
      : 'retryStrategy';
  return { form, file: typeof spec.module === 'string' ? basename(spec.module) : null };
}

/**
 * The clients as metrics describe them: a module client by its module and form, any other by
 * the retry mode and maxAttempts kmsim gave its SDK client.
 */
export function metricsClientSpecs(
  specs: readonly ClientSpec[],
  clients: ReadonlyMap<string, ScenarioClient>,
): MetricsClientSpec[] {
  return specs.map((spec) => {
    const module = clients.get(spec.name)?.module;
    if (module) return { name: spec.name, module };
    return {
      name: spec.name,
      ...(spec.retryMode ? { retryMode: spec.retryMode } : {}),
      ...(spec.maxAttempts !== undefined ? { maxAttempts: spec.maxAttempts } : {}),
    };
  });
}

/** The client's module in its one form; a module that cannot be used is a ClientModuleError at `clients[index].module`. */
async function moduleOf(spec: ClientSpec, index: number): Promise<ClientModule | undefined> {
  if (spec.module === undefined) return undefined;
  const path = ['clients', index, 'module'];
  let loaded: unknown = spec.module;
  if (typeof spec.module === 'string') {
    try {
      loaded = await importClientModule(spec.module);
    } catch (error) {
      if (!(error instanceof ClientModuleError)) throw error;
      throw new ClientModuleError(`client ${spec.name}: ${error.message}`, path);
    }
  }
  const form = clientModuleForm(loaded);
  if (!form.ok)
    throw new ClientModuleError(
      `client ${spec.name}: module ${typeof spec.module === 'string' ? spec.module : '(value)'} ${form.message}`,
      path,
    );
  return form.module;
}

/**
 * A client built by the user's factory still sends through kmsim: whatever handler it set is
 * replaced by ours (keeping its timeouts), so no request leaves the process.
 */
function ensureInProcess(sim: Simulator, client: KMSClient, spec: ClientSpec): KMSClient {
  const config = client.config as { requestHandler?: unknown };
  if (!(config.requestHandler instanceof InProcessHttpHandler))
    config.requestHandler = new InProcessHttpHandler(sim, {
      ...handlerOptions(config.requestHandler),
      ...timeouts(spec),
      clientName: spec.name,
    });
  return client;
}

export async function buildClients(
  sim: Simulator,
  specs: readonly ClientSpec[],
): Promise<Map<string, ScenarioClient>> {
  const clients = new Map<string, ScenarioClient>();
  for (const [index, spec] of specs.entries()) {
    const module = await moduleOf(spec, index);
    const facts = module ? { module: moduleFacts(spec, module) } : {};
    if (module?.workload) {
      clients.set(spec.name, {
        ...facts,
        kind: 'app',
        workload: module.workload,
        configFor: (onAttempt) => kmsimClientConfig(sim, spec, onAttempt),
      });
    } else if (module?.createClient) {
      clients.set(spec.name, {
        ...facts,
        kind: 'sdk',
        client: ensureInProcess(sim, module.createClient(kmsimClientConfig(sim, spec)), spec),
      });
    } else {
      const strategy = module?.retryStrategy;
      clients.set(spec.name, {
        ...facts,
        kind: 'sdk',
        client: createKmsClient(
          sim,
          {
            retryMode: spec.retryMode ?? 'standard',
            maxAttempts: spec.maxAttempts ?? 3,
            // The SDK's own strategies keep their state on the config, so the handler chain can be
            // resolved once per command class (docs/fidelity.md "Resolved middleware"); a user's
            // strategy may be a legacy one that writes into the chain's context on every call.
            ...(strategy
              ? { retryStrategy: typeof strategy === 'function' ? strategy() : strategy }
              : { cacheMiddleware: true }),
          },
          { ...timeouts(spec), clientName: spec.name },
        ),
      });
    }
  }
  return clients;
}
