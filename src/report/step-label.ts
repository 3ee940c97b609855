/**
 * How traces and schedules name a timeline step: `fault <name>`, `heal <name>`, `call <service.Op>`
 * or `action <name>`.
 */
export function stepLabel(step: {
  readonly fault?: string;
  readonly heal?: string;
  readonly call?: unknown;
  readonly action?: unknown;
}): string {
  if (step.fault !== undefined) return `fault ${step.fault}`;
  if (step.heal !== undefined) return `heal ${step.heal}`;
  if (step.call !== undefined) return `call ${String(step.call)}`;
  return `action ${String(step.action)}`;
}
