/**
 * The outcome chart of a run (issue #5 §2), a pure function of its trace: client calls per second by
 * outcome over virtual time (success and one series per exception name, stacked), numbered markers
 * where faults were injected, healed or ended and where the operator acted, and each custom key
 * store's ConnectionState as a coloured band under the plot, with legends and a marker key.
 *
 * The result is one SVG document that GitHub shows through `![...](chart.svg)`: explicit size and
 * viewBox, a white background, generic font families only, no scripts, no external resources.
 * The same trace and options always give the same bytes (no dates, no random ids, text widths
 * estimated rather than measured).
 *
 * Drawn with Vega (vega.github.io), headless: it supplies the axes, ticks, stacked areas and
 * legends; this module decides what to draw and where.
 */
import type { TraceEvent } from '../sim/trace.js';
import { chartData } from './chart-data.js';
import { MARKER_KINDS } from './chart-colors.js';
import { layoutChart } from './chart-layout.js';
import { outcomeChartSpec } from './chart-spec.js';
import { renderSvgSync } from './chart-vega.js';
import { statesShown } from './chart-colors.js';

export interface OutcomeChartOptions {
  readonly title: string;
  /** Window start in trace time (the `atMs` of trace events), usually the `scenario.start` event's. */
  readonly startMs: number;
  /** Window end in trace time, exclusive: usually `startMs` plus the scenario's virtual duration. */
  readonly endMs: number;
}

/** The window of a scenario run in trace time: from its `scenario.start` event for `virtualDurationMs`. */
export function scenarioWindow(
  trace: readonly TraceEvent[],
  virtualDurationMs: number,
): { startMs: number; endMs: number } {
  const start = trace.find((event) => event.kind === 'scenario.start');
  if (!start) throw new Error('the trace has no scenario.start event');
  return { startMs: start.atMs, endMs: start.atMs + virtualDurationMs };
}

/** The chart as an SVG document (UTF-8 text ending in a newline). */
export function renderOutcomeChart(
  trace: readonly TraceEvent[],
  options: OutcomeChartOptions,
): string {
  const data = chartData(trace, options.startMs, options.endMs);
  const legendEntries = Math.max(
    data.series.length,
    statesShown(data.bands.flatMap((band) => band.segments.map((segment) => segment.state))).length,
    MARKER_KINDS.filter((kind) => data.markers.some((marker) => marker.kind === kind)).length,
    1,
  );
  const layout = layoutChart(data, legendEntries);
  return `${renderSvgSync(outcomeChartSpec(data, layout, options.title))}\n`;
}
