/**
 * Factories for the real AWS SDK clients wired to a simulator in-process. The user's config is
 * passed through untouched (their retry strategy is the thing under test: ARCHITECTURE "Time and
 * randomness"); we only fill in what a client needs to run without an AWS account, and we always
 * install our own request handler so no request can leave the process.
 */
import { KMSClient, type KMSClientConfig } from '@aws-sdk/client-kms';
import type { CloudHSMV2Client, CloudHSMV2ClientConfig } from '@aws-sdk/client-cloudhsm-v2';
import { InProcessHttpHandler, type InProcessHandlerConfig } from './in-process-handler.js';
import type { SimEndpoint } from './sim-endpoint.js';
import { cloudHsmSdk } from './lazy-sdk.js';

/**
 * Obviously fake static credentials: the simulator never verifies SigV4 (docs/behaviour.md §1.1), but the SDK
 * insists on signing, and without these it would go looking in the environment, files and IMDS.
 * A fresh object per client: the new SDK generation writes a `$source` marker into the
 * credentials object it is given (a frozen or shared object breaks or leaks between clients).
 */
export function fakeCredentials(): { accessKeyId: string; secretAccessKey: string } {
  return {
    accessKeyId: 'AKIAKMSIMFAKEEXAMPLE',
    secretAccessKey: 'kmsim/fake/secret/not-a-real-aws-key/EXAMPLE',
  };
}

/** Endpoint the real client would resolve for the service (docs/behaviour.md §1.1 "Endpoint prefix"). */
export function kmsEndpointUrl(region: string): string {
  return `https://kms.${region}.amazonaws.com`;
}

export function cloudHsmEndpointUrl(region: string): string {
  return `https://cloudhsmv2.${region}.amazonaws.com`;
}

/** Copies the members the user actually set, so `{ region: undefined }` keeps our default. */
function definedMembers<T extends object>(config: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  if (!config) return out;
  for (const [key, value] of Object.entries(config)) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/**
 * The options a user gives as `requestHandler: { requestTimeout, throwOnRequestTimeout,
 * socketTimeout, connectionTimeout, logger }` (the SDK's shorthand for its node handler's options),
 * passed on to the in-process handler, which honours them as the node handler does. A handler
 * instance the user built is replaced (no request may leave the process), so nothing is taken from it.
 */
export function handlerOptions(requestHandler: unknown): InProcessHandlerConfig {
  if (!requestHandler || typeof requestHandler !== 'object') return {};
  if (typeof (requestHandler as { handle?: unknown }).handle === 'function') return {};
  const { requestTimeout, throwOnRequestTimeout, socketTimeout, connectionTimeout, logger } =
    requestHandler as InProcessHandlerConfig;
  return definedMembers({
    requestTimeout,
    throwOnRequestTimeout,
    socketTimeout,
    connectionTimeout,
    logger,
  }) as InProcessHandlerConfig;
}

/**
 * What every in-process client is given: the simulator's region, fake credentials and the
 * endpoint the real client would resolve (for the region the user chose, if any), then the members
 * the user set, then — always — the in-process handler, with the timeouts of a `requestHandler`
 * options object and `extra`.
 */
function inProcessConfig<T extends { region?: unknown; requestHandler?: unknown }>(
  sim: SimEndpoint,
  config: T | undefined,
  endpointUrl: (region: string) => string,
  extra: InProcessHandlerConfig = {},
) {
  return {
    region: sim.region,
    credentials: fakeCredentials(),
    endpoint: endpointUrl(
      config?.region && typeof config.region === 'string' ? config.region : sim.region,
    ),
    ...definedMembers(config),
    requestHandler: new InProcessHttpHandler(sim, {
      ...handlerOptions(config?.requestHandler),
      ...extra,
    }),
  };
}

/**
 * A real `KMSClient` whose requests go to `sim` without sockets. Any member of `config` wins over
 * our defaults except `requestHandler`, which is always the in-process handler (given the
 * timeouts of a `requestHandler` options object, and `extra`).
 */
export function createKmsClient(
  sim: SimEndpoint,
  config?: KMSClientConfig,
  extra: InProcessHandlerConfig = {},
): KMSClient {
  return new KMSClient(inProcessConfig(sim, config, kmsEndpointUrl, extra));
}

/**
 * A real `CloudHSMV2Client` (older SDK generation, see in-process-handler.ts) whose requests go to
 * `sim` without sockets. Same override rules as {@link createKmsClient}.
 */
export function createCloudHsmClient(
  sim: SimEndpoint,
  config?: CloudHSMV2ClientConfig,
): CloudHSMV2Client {
  const { CloudHSMV2Client } = cloudHsmSdk();
  return new CloudHSMV2Client(inProcessConfig(sim, config, cloudHsmEndpointUrl));
}
