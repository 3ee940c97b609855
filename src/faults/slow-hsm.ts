/**
 * A slow HSM (docs/behaviour.md §10, §5.2: a busy cluster). Every request that uses the cluster takes
 * `latencyMs` more virtual time; clients with short timeouts see their own timeouts. Heal: normal speed.
 */
import { defineFault, injected, onCluster, refused } from './fault.js';
import { clusterParam } from './world-lookups.js';

export const slowHsm = defineFault({
  name: 'slow-hsm',
  summary: 'every HSM operation on the cluster takes latencyMs longer',
  symptom: false,
  healable: true,
  params: {
    cluster: onCluster(),
    latency: {
      kind: 'duration',
      required: true,
      as: 'latencyMs',
      description: 'added virtual latency per request',
    },
  },
  // 100 ms to 5 s: slow enough to matter, short of every client's timeout.
  schedule: { byDefault: true, draw: { latency: { draw: 'multiples', of: 100, from: 1, to: 50 } } },
  runbook: {
    heal: 'Nothing in KMS: the HSMs return to their normal speed (remove whatever slowed them).',
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
});
