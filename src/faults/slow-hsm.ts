/**
 * A slow HSM (spec §10, §5.2: a busy cluster). Every request that uses the cluster takes
 * `latencyMs` more virtual time; clients with short timeouts see their own timeouts. Heal: normal speed.
 */
import { injected, refused, type FaultInjector } from './fault.js';
import { clusterParam } from './world-lookups.js';

export const slowHsm: FaultInjector = {
  name: 'slow-hsm',
  summary: 'every HSM operation on the cluster takes latencyMs longer',
  symptom: false,
  params: {
    clusterId: { type: 'string', required: true, description: 'the cluster' },
    latencyMs: { type: 'number', required: true, description: 'added virtual latency per request' },
  },
  inject(world, params) {
    const cluster = clusterParam(world, params.clusterId);
    if (!cluster.ok) return refused(cluster.message);
    const before = cluster.value.hsmLatencyMs;
    cluster.value.hsmLatencyMs = Number(params.latencyMs);
    world.record('fault.slow-hsm', {
      clusterId: cluster.value.clusterId,
      latencyMs: cluster.value.hsmLatencyMs,
    });
    return injected(() => {
      cluster.value.hsmLatencyMs = before;
    });
  },
};
