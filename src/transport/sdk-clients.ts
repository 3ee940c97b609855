/**
 * Factories for the real AWS SDK clients wired to a simulator in-process. The user's config is
 * passed through untouched (their retry strategy is the thing under test: ARCHITECTURE "Time and
 * randomness"); we only fill in what a client needs to run without an AWS account, and we always
 * install our own request handler so no request can leave the process.
 */
import { KMSClient, type KMSClientConfig } from '@aws-sdk/client-kms';
import { CloudHSMV2Client, type CloudHSMV2ClientConfig } from '@aws-sdk/client-cloudhsm-v2';
import { InProcessHttpHandler } from './in-process-handler.js';
import type { SimEndpoint } from './sim-endpoint.js';

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
 * A real `KMSClient` whose requests go to `sim` without sockets. Any member of `config` wins over
 * our defaults except `requestHandler`, which is always the in-process handler.
 */
export function createKmsClient(sim: SimEndpoint, config?: KMSClientConfig): KMSClient {
  return new KMSClient({
    region: sim.region,
    credentials: fakeCredentials(),
    endpoint: kmsEndpointUrl(
      config?.region && typeof config.region === 'string' ? config.region : sim.region,
    ),
    ...definedMembers(config),
    requestHandler: new InProcessHttpHandler(sim),
  });
}

/**
 * A real `CloudHSMV2Client` (older SDK generation, see in-process-handler.ts) whose requests go to
 * `sim` without sockets. Same override rules as {@link createKmsClient}.
 */
export function createCloudHsmClient(
  sim: SimEndpoint,
  config?: CloudHSMV2ClientConfig,
): CloudHSMV2Client {
  return new CloudHSMV2Client({
    region: sim.region,
    credentials: fakeCredentials(),
    endpoint: cloudHsmEndpointUrl(
      config?.region && typeof config.region === 'string' ? config.region : sim.region,
    ),
    ...definedMembers(config),
    requestHandler: new InProcessHttpHandler(sim),
  });
}
