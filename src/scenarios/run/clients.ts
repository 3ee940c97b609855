/**
 * The clients under test: real `KMSClient`s with the scenario's retry settings, talking to the
 * simulator in-process. Their retry strategy is the SDK's own; the driver only virtualises time.
 *
 * Each client stamps its scenario name on its requests (`x-kmsim-client`), so every attempt the
 * simulator traces (`api.call`, `fault.connection`) says which client sent it and client metrics
 * can count attempts per client (issue #4 §4).
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { Simulator } from '../../simulator.js';
import { createKmsClient } from '../../transport/sdk-clients.js';
import type { ClientSpec } from '../scenario.js';

export const CLIENT_NAME_HEADER = 'x-kmsim-client';

/**
 * Adds the client-name header in the build step: that step runs once per call, before the retry
 * middleware (finalizeRequest step), which sends the same request object on every attempt, so each
 * attempt carries the header.
 */
function stampClientName(client: KMSClient, name: string): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> } | undefined;
      if (request && typeof request.headers === 'object')
        request.headers[CLIENT_NAME_HEADER] = name;
      return next(args);
    },
    { step: 'build', name: 'kmsimClientNameMiddleware' },
  );
}

export function buildClients(sim: Simulator, specs: readonly ClientSpec[]): Map<string, KMSClient> {
  const clients = new Map<string, KMSClient>();
  for (const spec of specs) {
    const client = createKmsClient(sim, {
      retryMode: spec.retryMode ?? 'standard',
      maxAttempts: spec.maxAttempts ?? 3,
    });
    stampClientName(client, spec.name);
    clients.set(spec.name, client);
  }
  return clients;
}
