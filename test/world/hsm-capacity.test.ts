/** world/hsm-capacity.ts (issue #4 §2): queueing latency, load balancing, sessions, unrelated load. */
import { describe, expect, it } from 'vitest';
import { ClusterCapacity } from '../../src/world/hsm-capacity.js';

describe('world: HSM capacity', () => {
  it('an idle HSM serves in its service time; a queue raises latency request by request', () => {
    const capacity = new ClusterCapacity({ hsmOpsPerSecond: 1_000, sessionsPerCluster: 100 });
    const latencies = [0, 1, 2].map(
      () => (capacity.admit(0, ['hsm-a']) as { latencyMs: number }).latencyMs,
    );
    expect(latencies).toEqual([1, 2, 3]);
  });

  it('requests go to the HSM that frees up first', () => {
    const capacity = new ClusterCapacity({ hsmOpsPerSecond: 1_000, sessionsPerCluster: 100 });
    const latencies = [0, 1, 2, 3].map(
      () => (capacity.admit(0, ['hsm-a', 'hsm-b']) as { latencyMs: number }).latencyMs,
    );
    expect(latencies).toEqual([1, 1, 2, 2]);
  });

  it('sessions: the request that finds every session busy fails; finished requests free theirs', () => {
    const capacity = new ClusterCapacity({ hsmOpsPerSecond: 1_000, sessionsPerCluster: 2 });
    expect(capacity.admit(0, ['hsm-a']).ok).toBe(true);
    expect(capacity.admit(0, ['hsm-a']).ok).toBe(true);
    expect(capacity.admit(0, ['hsm-a'])).toEqual({ ok: false, reason: 'sessions-exhausted' });
    expect(capacity.sessionsInUse(1)).toBe(1);
    expect(capacity.admit(1, ['hsm-a']).ok).toBe(true);
  });

  it('sessions: a request answered at once holds its session only while it is answered (issue #9 §3)', () => {
    const capacity = new ClusterCapacity({ hsmOpsPerSecond: 1_000, sessionsPerCluster: 2 });
    // Frozen time: thousands of sequential requests in one instant, each released as it is answered.
    for (let i = 0; i < 2_000; i++)
      expect(capacity.admit(0, ['hsm-a'], 'while-answering').ok).toBe(true);
    expect(capacity.sessionsInUse(0)).toBe(0);
    // They still took HSM time: the queue they left raises the latency of the next request.
    expect(
      (capacity.admit(0, ['hsm-a'], 'while-answering') as { latencyMs: number }).latencyMs,
    ).toBe(2_001);
    // Requests that wait in virtual time still hold theirs until done, and count against the limit.
    expect(capacity.admit(0, ['hsm-a'], 'until-done').ok).toBe(true);
    expect(capacity.admit(0, ['hsm-a'], 'until-done').ok).toBe(true);
    expect(capacity.admit(0, ['hsm-a'], 'while-answering')).toEqual({
      ok: false,
      reason: 'sessions-exhausted',
    });
  });

  it('unrelated load takes capacity: the rate left for KMS, and slower service', () => {
    const capacity = new ClusterCapacity({ hsmOpsPerSecond: 2_000, sessionsPerCluster: 100 });
    expect(capacity.availableRps(2)).toBe(4_000);
    capacity.unrelatedLoadRps = 3_500;
    expect(capacity.availableRps(2)).toBe(500);
    expect((capacity.admit(0, ['hsm-a', 'hsm-b']) as { latencyMs: number }).latencyMs).toBe(4);
    capacity.unrelatedLoadRps = 10_000;
    expect(capacity.availableRps(2)).toBe(0);
  });
});
