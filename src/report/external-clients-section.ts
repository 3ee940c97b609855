/**
 * The "Clients over the wire" section of a runbook (issue #9 §1-2), for runs served to other
 * processes (`kmsim serve --scenario`, `kmsim exec`): per external client, how its requests were
 * read (access key, calls grouped by amz-sdk-invocation-id or each attempt counted as a call) and
 * whether its clock was in step with virtual time. A clock out of step is a warning in bold: the
 * run's conclusions about that client's back-offs would be wrong. A pure function of the trace's
 * `metrics.total` events.
 */
import type { TraceEvent } from '../sim/trace.js';
import { code, table } from './markdown.js';
import { formatDuration } from './report-time.js';

interface ExternalFact {
  readonly client: string;
  readonly accessKeyId: string | undefined;
  readonly calls: number;
  readonly attempts: number;
  readonly ungroupedAttempts: number;
  readonly drift: {
    readonly samples: number;
    readonly maxAbsMs: number;
    readonly beyondTolerance: number;
    readonly toleranceMs: number;
  };
}

function externalFacts(trace: readonly TraceEvent[]): ExternalFact[] {
  const facts: ExternalFact[] = [];
  for (const event of trace) {
    if (event.kind !== 'metrics.total') continue;
    const external = event.data['external'] as Record<string, unknown> | undefined;
    if (!external || typeof external !== 'object') continue;
    const drift = (external['clockDrift'] ?? {}) as Record<string, unknown>;
    const number = (value: unknown): number => (typeof value === 'number' ? value : 0);
    facts.push({
      client: String(event.data['client']),
      accessKeyId:
        typeof external['accessKeyId'] === 'string' ? external['accessKeyId'] : undefined,
      calls: number(event.data['calls']),
      attempts: number(event.data['attempts']),
      ungroupedAttempts: number(external['ungroupedAttempts']),
      drift: {
        samples: number(drift['samples']),
        maxAbsMs: number(drift['maxAbsMs']),
        beyondTolerance: number(drift['beyondTolerance']),
        toleranceMs: number(drift['toleranceMs']),
      },
    });
  }
  return facts;
}

/** The section's lines; none for a run without external clients. */
export function externalClientsSection(trace: readonly TraceEvent[]): string[] {
  const facts = externalFacts(trace);
  if (facts.length === 0) return [];
  const rows = facts.map((fact) => [
    code(fact.client),
    fact.accessKeyId ? code(fact.accessKeyId) : '—',
    String(fact.calls),
    String(fact.attempts),
    fact.ungroupedAttempts === 0
      ? 'by amz-sdk-invocation-id'
      : `${fact.ungroupedAttempts} attempt(s) without an invocation id, each its own call`,
    fact.drift.samples === 0
      ? 'no X-Amz-Date'
      : `${fact.drift.beyondTolerance === 0 ? 'in step' : '**out of step**'}: up to ${formatDuration(fact.drift.maxAbsMs)} (tolerance ${formatDuration(fact.drift.toleranceMs)})`,
  ]);
  const warnings = facts
    .filter((fact) => fact.drift.beyondTolerance > 0)
    .map(
      (fact) =>
        `**Warning: ${code(fact.client)}'s clock was out of step with virtual time on ${fact.drift.beyondTolerance} of ${fact.drift.samples} requests.** Its back-offs and timeouts did not last what this report assumes; run it under \`kmsim exec\` (libfaketime) at the server's time scale.`,
    );
  const notes = facts
    .filter((fact) => fact.ungroupedAttempts > 0)
    .map(
      (fact) =>
        `${code(fact.client)} sent no \`amz-sdk-invocation-id\`, so its retries cannot be told from new calls: every attempt counts as a call here.`,
    );
  return [
    '## Clients over the wire',
    '',
    'These clients ran in their own processes; the server named each request by the access key id of its SigV4 signature and read its SDK headers.',
    '',
    ...table(['Client', 'Access key', 'Calls', 'Attempts', 'Attempts grouped', 'Clock'], rows),
    '',
    ...warnings.flatMap((line) => [line, '']),
    ...notes.flatMap((line) => [line, '']),
  ];
}
