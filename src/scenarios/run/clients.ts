/**
 * The clients under test: real `KMSClient`s with the scenario's retry settings and timeouts,
 * talking to the simulator in-process, or the user's own code (client-modules.ts). Their retry
 * strategy is the SDK's own or the user's; the driver only virtualises time.
 *
 * Each client stamps its scenario name on its requests (`x-kmsim-client`, set by the in-process
 * handler on every attempt), so every attempt the simulator traces (`api.call`, `fault.connection`)
 * says which client sent it and client metrics can count attempts per client (issue #4 §4).
 */
import type { KMSClient, KMSClientConfig } from '@aws-sdk/client-kms';
import type { Simulator } from '../../simulator.js';
import { InProcessHttpHandler } from '../../transport/in-process-handler.js';
import {
  createKmsClient,
  fakeCredentials,
  handlerOptions,
  kmsEndpointUrl,
} from '../../transport/sdk-clients.js';
import { durationMs } from '../duration.js';
import type { ClientSpec } from '../scenario.js';
import {
  ClientModuleError,
  clientModuleForm,
  importClientModule,
  type ClientModule,
} from './client-modules.js';

export const CLIENT_NAME_HEADER = 'x-kmsim-client';

/** An SDK client kmsim calls, or an app workload function that does its own calling. */
export type ScenarioClient =
  | { readonly kind: 'sdk'; readonly client: KMSClient }
  | {
      readonly kind: 'app';
      readonly workload: NonNullable<ClientModule['workload']>;
      /** A fresh client config per call, whose handler counts that call's attempts. */
      readonly configFor: (onAttempt: () => void) => KMSClientConfig;
    };

function timeouts(spec: ClientSpec): { requestTimeout?: number; connectionTimeout?: number } {
  return {
    ...(spec.requestTimeout !== undefined
      ? { requestTimeout: durationMs(spec.requestTimeout) }
      : {}),
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

async function moduleOf(spec: ClientSpec): Promise<ClientModule | undefined> {
  if (spec.module === undefined) return undefined;
  const loaded =
    typeof spec.module === 'string' ? await importClientModule(spec.module) : spec.module;
  const form = clientModuleForm(loaded);
  if (!form.ok)
    throw new ClientModuleError(
      `client ${spec.name}: module ${typeof spec.module === 'string' ? spec.module : '(value)'} ${form.message}`,
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
  for (const spec of specs) {
    const module = await moduleOf(spec);
    if (module?.workload) {
      clients.set(spec.name, {
        kind: 'app',
        workload: module.workload,
        configFor: (onAttempt) => kmsimClientConfig(sim, spec, onAttempt),
      });
    } else if (module?.createClient) {
      clients.set(spec.name, {
        kind: 'sdk',
        client: ensureInProcess(sim, module.createClient(kmsimClientConfig(sim, spec)), spec),
      });
    } else {
      const strategy = module?.retryStrategy;
      clients.set(spec.name, {
        kind: 'sdk',
        client: createKmsClient(
          sim,
          {
            retryMode: spec.retryMode ?? 'standard',
            maxAttempts: spec.maxAttempts ?? 3,
            ...(strategy
              ? { retryStrategy: typeof strategy === 'function' ? strategy() : strategy }
              : {}),
          },
          { ...timeouts(spec), clientName: spec.name },
        ),
      });
    }
  }
  return clients;
}
