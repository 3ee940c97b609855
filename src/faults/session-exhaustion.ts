/**
 * PKCS#11 session exhaustion on the cluster (docs/behaviour.md §4.6, §10 "Session exhaustion burst"). Spec says:
 * KMSInternalException (HTTP 500), which the SDKs retry with backoff; KMS no longer throttles for it.
 * `count` limits how many requests fail (default: all until healed). Heal: sessions free again.
 */
import { defineFault, injected, onCluster, refused } from './fault.js';
import { clusterParam } from './world-lookups.js';

export const sessionExhaustion = defineFault({
  name: 'session-exhaustion',
  summary: 'no free PKCS#11 session: crypto requests fail with KMSInternalException (retried)',
  symptom: false,
  healable: true,
  params: {
    cluster: onCluster(),
    count: {
      kind: 'number',
      required: false,
      min: 1,
      integer: true,
      description: 'how many requests fail (default: until healed)',
    },
  },
  schedule: {
    byDefault: true,
    draw: { count: { draw: 'multiples', of: 1, from: 1, to: 10, optional: true } },
  },
  runbook: { heal: 'Nothing: the burst that used every PKCS#11 session passes.' },
  inject(world, params) {
    const cluster = clusterParam(world, params.clusterId);
    if (!cluster.ok) return refused(cluster.message);
    cluster.value.sessionsExhausted = {
      remaining: typeof params.count === 'number' ? params.count : Infinity,
    };
    world.record('fault.session-exhaustion', {
      clusterId: cluster.value.clusterId,
      count: typeof params.count === 'number' ? params.count : null,
    });
    return injected(() => {
      cluster.value.sessionsExhausted = undefined;
    });
  },
});
