/** How traces and schedules name a timeline step: `fault <name>`, `heal <name>` or `action <name>`. */
export function stepLabel(step: {
  readonly fault?: string;
  readonly heal?: string;
  readonly action?: unknown;
}): string {
  if (step.fault !== undefined) return `fault ${step.fault}`;
  if (step.heal !== undefined) return `heal ${step.heal}`;
  return `action ${String(step.action)}`;
}
