/**
 * report/: pure functions of a run's trace (ARCHITECTURE "Layers"), plus the CLI's progress line.
 *
 * Runbook reports (issue #5 §1, §3): runbook-report.ts renders one report from the trace and the
 * scenario file's text; run-facts.ts reads the trace into facts; incident.ts tells cause steps from
 * fix steps and computes recovery; symptoms-cause.ts, diagnosis-section.ts, fix-section.ts and
 * recovery-timeline.ts render the sections; runbook-guidance.ts holds the spec's reading aids
 * (ConnectionErrorCode meanings, runbook rows; what a fault models and what its heal means for a
 * person come from the fault definitions, handed in as RunbookInput.faults); diagnosis-capture.ts
 * records, while a scenario runs, what the Diagnosis section shows; scenario-header.ts
 * reads a scenario's header comment; report-index.ts writes the README index; markdown.ts and
 * report-time.ts are small formatters.
 *
 * Run chart (issue #5 §2, issue 14): outcome-chart.ts draws the SVG itself from chart-data (what
 * the trace says), chart-time and chart-scale (axes), chart-layout (where everything goes),
 * chart-panels (client, background-load and latency panels), chart-colors and chart-svg (the SVG
 * text). Progress of long runs (issue #5 §5): progress.ts.
 */
export {
  renderRunbookReport,
  runbookIndexEntry,
  type RunbookInput,
  type RunbookOutcome,
} from './runbook-report.js';
export { renderReportIndex, type IndexEntry } from './report-index.js';
export { renderOutcomeChart, type OutcomeChartOptions } from './outcome-chart.js';
