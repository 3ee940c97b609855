/**
 * The run chart of a scenario (issue #5 §2, issue 14), a pure function of its trace: one panel per
 * client (calls/s by outcome, wire attempts/s, failed attempts/s), a background-load panel (served
 * against throttled, with the key store's limit and the account quota), a latency panel (p50 and
 * p99 per client), numbered markers where faults were injected, healed or ended and where the
 * operator acted, each custom key store's ConnectionState as a band, the shared time axis trimmed
 * to the data and the timeline, legends and a marker key.
 *
 * The result is one SVG document that GitHub shows through `![...](chart.svg)`: explicit size and
 * viewBox, a white background, generic font families only, no scripts, no external resources. The
 * same trace and options always give the same bytes (no dates, no ids, rounded coordinates, text
 * widths estimated rather than measured).
 *
 * Drawn directly from the layout chart-layout.ts computes, without a charting library: the layout
 * already fixed every position, so a library would only add a dependency, a second model of the
 * same picture and most of the rendering time.
 */
import type { TraceEvent } from '../sim/trace.js';
import { type ChartData, chartData } from './chart-data.js';
import {
  MARKER_COLORS,
  MARKER_KINDS,
  MARKER_LEGEND,
  outcomeColors,
  stateColor,
  statesShown,
} from './chart-colors.js';
import {
  BAND_H,
  type ChartLayout,
  KEY_LABEL_DX,
  KEY_TIME_DX,
  type LegendEntry,
  layoutChart,
  MARKER_ROW_H,
  type PlacedLegendEntry,
  PLOT_W,
  PLOT_X,
  SWATCH_W,
  WIDTH,
  xPixel,
} from './chart-layout.js';
import { chartPanels, markerRules } from './chart-panels.js';
import { fitText, group, line, rect, svgDocument, text } from './chart-svg.js';
import { formatClock, formatSpan, timeTicksMs } from './chart-time.js';

const MUTED_COLOR = '#616161';

export interface OutcomeChartOptions {
  readonly title: string;
  /** Window start in trace time (the `atMs` of trace events), usually the `scenario.start` event's. */
  readonly startMs: number;
  /** Window end in trace time, exclusive; the chart ends earlier when nothing happens after that. */
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

function legendEntry(entry: PlacedLegendEntry): string {
  const swatch =
    entry.symbol === 'area'
      ? rect(entry.x + 4, entry.y - 5, 10, 10, { fill: entry.color })
      : line(entry.x, entry.y, entry.x + SWATCH_W, entry.y, {
          stroke: entry.color,
          'stroke-width': 2,
          'stroke-dasharray': entry.symbol === 'dashed' ? '5 3' : undefined,
        });
  return `${swatch}\n${text(entry.x + SWATCH_W + 5, entry.y, entry.label, { baseline: 'middle' })}`;
}

/** ConnectionStates and marker kinds that appear, for the legend under the time axis. */
function footerLegend(data: ChartData): LegendEntry[] {
  const states = statesShown(data.bands.flatMap((band) => band.segments.map((s) => s.state)));
  const kinds = MARKER_KINDS.filter((kind) => data.markers.some((marker) => marker.kind === kind));
  return [
    ...states.map((state) => ({
      symbol: 'area' as const,
      color: stateColor(state),
      label: `key store ${state}`,
    })),
    ...kinds.map((kind) => ({
      symbol: kind === 'fault' ? ('dashed' as const) : ('line' as const),
      color: MARKER_COLORS[kind],
      label: MARKER_LEGEND[kind],
    })),
  ];
}

function bands(data: ChartData, layout: ChartLayout): string[] {
  if (data.bands.length === 0) return [];
  return [
    ...layout.storeLabels.map((label) =>
      text(PLOT_X, label.y, label.text, { size: 10, fill: MUTED_COLOR }),
    ),
    ...layout.segments.map((segment) =>
      rect(segment.x + PLOT_X, segment.y, segment.width, BAND_H, {
        fill: stateColor(segment.state),
      }),
    ),
    ...layout.segments
      .filter((segment) => segment.text !== '')
      .map((segment) =>
        text(segment.x + PLOT_X + 4, segment.y + BAND_H / 2, segment.text, {
          size: 9,
          baseline: 'middle',
        }),
      ),
    ...markerRules(data, layout.bandsTop + 12, layout.bandsBottom - 4),
  ];
}

function timeAxis(data: ChartData, layout: ChartLayout): string[] {
  const y = layout.axisY;
  return [
    line(PLOT_X, y, PLOT_X + PLOT_W, y, { stroke: '#9e9e9e', 'stroke-width': 1 }),
    ...timeTicksMs(data.fromMs, data.toMs).flatMap((tick) => {
      const x = PLOT_X + xPixel(data, tick);
      return [
        line(x, y, x, y + 5, { stroke: '#9e9e9e', 'stroke-width': 1 }),
        text(x, y + 17, formatClock(tick), { size: 10, anchor: 'middle' }),
      ];
    }),
    text(PLOT_X + PLOT_W / 2, y + 33, 'virtual time since the scenario started (m:ss)', {
      anchor: 'middle',
    }),
  ];
}

function markerNumbers(layout: ChartLayout): string[] {
  const first = layout.panels[0];
  if (!first) return [];
  return layout.markers.map((marker) =>
    text(PLOT_X + marker.x, first.plotY - 5 - marker.row * MARKER_ROW_H, String(marker.number), {
      weight: 'bold',
      anchor: 'middle',
      fill: MARKER_COLORS[marker.kind],
    }),
  );
}

function markerKey(layout: ChartLayout): string[] {
  if (layout.keyEntries.length === 0) return [];
  return [
    text(PLOT_X, layout.keyTitleY + 11, 'Marker key (time since the scenario started)', {
      weight: 'bold',
    }),
    ...layout.keyEntries.flatMap((entry) => [
      text(entry.x, entry.y + 11, entry.number, {
        weight: 'bold',
        fill: MARKER_COLORS[entry.kind as keyof typeof MARKER_COLORS],
      }),
      text(entry.x + KEY_TIME_DX, entry.y + 11, entry.time, { fill: MUTED_COLOR }),
      text(
        entry.x + KEY_LABEL_DX,
        entry.y + 11,
        fitText(entry.label, WIDTH - entry.x - KEY_LABEL_DX - 8),
      ),
    ]),
  ];
}

/** Bold 15 px, smaller for a long title so that it stays inside the picture (down to 11 px). */
export function titleSize(title: string): number {
  const available = WIDTH - PLOT_X - 10;
  // Bold sans-serif runs wider than the layout's estimate for regular text.
  const fits = Math.floor(available / (Math.max(1, title.length) * 0.66));
  return Math.max(11, Math.min(15, fits));
}

/** The chart as an SVG document (UTF-8 text ending in a newline). */
export function renderOutcomeChart(
  trace: readonly TraceEvent[],
  options: OutcomeChartOptions,
): string {
  const data = chartData(trace, options.startMs, options.endMs);
  const colors = outcomeColors(
    data.clients.flatMap((client) => [
      ...client.outcomes.map((series) => series.name),
      ...client.failedAttempts.map((series) => series.name),
    ]),
  );
  const panels = chartPanels(data, colors);
  const layout = layoutChart(data, panels, footerLegend(data));
  const subtitle = `${formatSpan(data.bucketMs)} buckets. Calls are counted when they end, wire attempts when they are sent; numbered lines mark faults and operator actions.`;
  return svgDocument(WIDTH, layout.height, [
    text(PLOT_X, 22, options.title, { size: titleSize(options.title), weight: 'bold' }),
    text(PLOT_X, 40, subtitle, { fill: MUTED_COLOR }),
    ...layout.panels.map((placed, index) =>
      group([
        text(PLOT_X, placed.titleY, placed.title, { size: 12, weight: 'bold' }),
        ...placed.legendEntries.map(legendEntry),
        ...panels[index]!.draw(placed.plotY),
      ]),
    ),
    group(markerNumbers(layout)),
    group(bands(data, layout)),
    group(timeAxis(data, layout)),
    group(layout.footerLegend.map(legendEntry)),
    group(markerKey(layout)),
  ]);
}
