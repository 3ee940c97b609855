/**
 * The clients under test: real `KMSClient`s with the scenario's retry settings, talking to the
 * simulator in-process. Their retry strategy is the SDK's own; the driver only virtualises time.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { Simulator } from '../simulator.js';
import { createKmsClient } from '../transport/sdk-clients.js';
import type { ClientSpec } from './scenario.js';

export function buildClients(sim: Simulator, specs: readonly ClientSpec[]): Map<string, KMSClient> {
  const clients = new Map<string, KMSClient>();
  for (const spec of specs) {
    clients.set(spec.name, createKmsClient(sim, { retryMode: spec.retryMode ?? 'standard', maxAttempts: spec.maxAttempts ?? 3 }));
  }
  return clients;
}
