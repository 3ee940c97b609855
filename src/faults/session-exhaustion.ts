/**
 * PKCS#11 session exhaustion on the cluster (spec §4.6, §10 "Session exhaustion burst"). Spec says:
 * KMSInternalException (HTTP 500), which the SDKs retry with backoff; KMS no longer throttles for it.
 * `count` limits how many requests fail (default: all until healed). Heal: sessions free again.
 */
import { injected, refused, type FaultInjector } from './fault.js';
import { clusterParam } from './world-lookups.js';

export const sessionExhaustion: FaultInjector = {
  name: 'session-exhaustion',
  summary: 'no free PKCS#11 session: crypto requests fail with KMSInternalException (retried)',
  symptom: false,
  params: {
    clusterId: { type: 'string', required: true, description: 'the cluster' },
    count: {
      type: 'number',
      required: false,
      description: 'how many requests fail (default: until healed)',
    },
  },
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
};
