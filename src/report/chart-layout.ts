/**
 * Where everything on the run chart goes, in pixels, computed from the data alone so the picture
 * depends on the trace only: panels stacked top to bottom on one shared time axis, each with its
 * title and legend rows above the plot; the marker numbers above the first plot; the key stores'
 * ConnectionState bands, the time axis, the band and marker legend, and the numbered marker key
 * below. Text widths are estimated from character counts (chart-svg.ts), never measured.
 */
import type { BandSegment, ChartData, ChartMarker } from './chart-data.js';
import { formatClock } from './chart-time.js';
import { textWidth } from './chart-svg.js';

export const WIDTH = 900;
export const PLOT_X = 74;
export const PLOT_W = WIDTH - PLOT_X - 24;
const TITLE_BLOCK_H = 52;
const PANEL_TITLE_H = 18;
export const LEGEND_ROW_H = 15;
const PANEL_GAP_H = 16;
export const MARKER_ROW_H = 13;
const MAX_MARKER_ROWS = 4;
/** Marker numbers closer than this (px) go on different rows above the first plot. */
const MARKER_MIN_GAP_PX = 18;
const BAND_LABEL_H = 13;
export const BAND_H = 14;
const BAND_ROW_H = BAND_LABEL_H + BAND_H + 5;
const AXIS_H = 40;
const KEY_TITLE_H = 18;
export const KEY_ROW_H = 15;
/** Offsets of the key's time and label text from its number (px). */
export const KEY_TIME_DX = 22;
export const KEY_LABEL_DX = 72;
/** Legend swatch width and the gap after an entry (px). */
export const SWATCH_W = 18;
const LEGEND_ENTRY_GAP = 16;

export type LegendSymbol = 'area' | 'line' | 'dashed';

export interface LegendEntry {
  readonly symbol: LegendSymbol;
  readonly color: string;
  readonly label: string;
}

/** A legend entry at its place: x of the swatch, y of the row's middle. */
export interface PlacedLegendEntry extends LegendEntry {
  readonly x: number;
  readonly y: number;
}

/** What a panel needs laid out: its title, legend and plot height. */
export interface PanelFrame {
  readonly title: string;
  readonly legend: readonly LegendEntry[];
  readonly plotH: number;
}

export interface PlacedPanel extends PanelFrame {
  readonly titleY: number;
  readonly legendEntries: readonly PlacedLegendEntry[];
  readonly plotY: number;
}

export interface PlacedMarker extends ChartMarker {
  readonly x: number;
  /** Label row above the first plot: 0 is nearest the plot. */
  readonly row: number;
}

export interface PlacedSegment extends BandSegment {
  readonly x: number;
  readonly width: number;
  readonly y: number;
  /** Text written inside the segment when it fits, else empty. */
  readonly text: string;
}

export interface KeyEntry {
  readonly x: number;
  readonly y: number;
  readonly number: string;
  readonly time: string;
  readonly label: string;
  readonly kind: string;
}

export interface ChartLayout {
  readonly height: number;
  readonly panels: readonly PlacedPanel[];
  readonly markers: readonly PlacedMarker[];
  readonly segments: readonly PlacedSegment[];
  readonly storeLabels: readonly { readonly y: number; readonly text: string }[];
  /** Top and bottom of the band area (equal when there is no band). */
  readonly bandsTop: number;
  readonly bandsBottom: number;
  readonly axisY: number;
  readonly footerLegend: readonly PlacedLegendEntry[];
  readonly keyTitleY: number;
  readonly keyEntries: readonly KeyEntry[];
}

/** x of a time (ms since the chart's zero), relative to the plot's left edge. */
export function xPixel(data: ChartData, atMs: number): number {
  return ((atMs - data.fromMs) / (data.toMs - data.fromMs)) * PLOT_W;
}

/** Legend entries left to right from `x`, wrapping at the right edge; rows start at `top`. */
export function placeLegend(
  entries: readonly LegendEntry[],
  x: number,
  top: number,
): { placed: PlacedLegendEntry[]; rows: number } {
  const placed: PlacedLegendEntry[] = [];
  let cursor = x;
  let row = 0;
  for (const entry of entries) {
    const width = SWATCH_W + 5 + textWidth(entry.label);
    if (cursor > x && cursor + width > WIDTH - 8) {
      row += 1;
      cursor = x;
    }
    placed.push({ ...entry, x: cursor, y: top + row * LEGEND_ROW_H + LEGEND_ROW_H / 2 });
    cursor += width + LEGEND_ENTRY_GAP;
  }
  return { placed, rows: entries.length === 0 ? 0 : row + 1 };
}

/** Greedy rows: each marker number takes the lowest row whose last number is far enough left. */
function placeMarkers(data: ChartData): PlacedMarker[] {
  const lastX: number[] = [];
  return data.markers.map((marker) => {
    const x = xPixel(data, marker.atMs);
    let row = lastX.findIndex((previous) => x - previous >= MARKER_MIN_GAP_PX);
    if (row < 0)
      row = lastX.length < MAX_MARKER_ROWS ? lastX.length : lastX.indexOf(Math.min(...lastX));
    lastX[row] = x;
    return { ...marker, x, row };
  });
}

function segmentText(segment: BandSegment, widthPx: number): string {
  const full = segment.errorCode ? `${segment.state} ${segment.errorCode}` : segment.state;
  for (const candidate of [full, segment.errorCode ?? segment.state])
    if (textWidth(candidate, 9) + 8 <= widthPx) return candidate;
  return '';
}

/** Columns of the marker key: two when every label fits half the width, else one. */
export function keyColumns(markers: readonly ChartMarker[]): number {
  const widest = Math.max(0, ...markers.map((marker) => KEY_LABEL_DX + textWidth(marker.label)));
  return widest > (WIDTH - PLOT_X) / 2 - 12 ? 1 : 2;
}

function keyEntries(markers: readonly ChartMarker[], top: number): KeyEntry[] {
  const columns = keyColumns(markers);
  const rows = Math.ceil(markers.length / columns);
  const columnW = (WIDTH - PLOT_X) / columns;
  return markers.map((marker, index) => ({
    x: PLOT_X + Math.floor(index / rows) * columnW,
    y: top + (index % rows) * KEY_ROW_H,
    number: String(marker.number),
    time: formatClock(marker.atMs),
    label: marker.label,
    kind: marker.kind,
  }));
}

export function layoutChart(
  data: ChartData,
  frames: readonly PanelFrame[],
  footer: readonly LegendEntry[],
): ChartLayout {
  const markers = placeMarkers(data);
  const markerRows = markers.length === 0 ? 0 : Math.max(...markers.map((m) => m.row)) + 1;
  let cursor = TITLE_BLOCK_H;
  const panels = frames.map((frame, index): PlacedPanel => {
    const titleY = cursor + 12;
    cursor += PANEL_TITLE_H;
    const legend = placeLegend(frame.legend, PLOT_X, cursor);
    cursor += legend.rows * LEGEND_ROW_H + 4;
    if (index === 0 && markerRows > 0) cursor += markerRows * MARKER_ROW_H + 4;
    const plotY = cursor;
    cursor += frame.plotH + PANEL_GAP_H;
    return { ...frame, titleY, legendEntries: legend.placed, plotY };
  });
  cursor -= PANEL_GAP_H - 6;
  const bandsTop = cursor;
  const segments: PlacedSegment[] = [];
  const storeLabels: { y: number; text: string }[] = [];
  for (const band of data.bands) {
    storeLabels.push({ y: cursor + 10, text: `key store ${band.customKeyStoreId}` });
    const y = cursor + BAND_LABEL_H;
    for (const segment of band.segments) {
      const x = xPixel(data, segment.fromMs);
      const width = xPixel(data, segment.toMs) - x;
      segments.push({ ...segment, x, width, y, text: segmentText(segment, width) });
    }
    cursor += BAND_ROW_H;
  }
  const bandsBottom = cursor;
  const axisY = cursor + 2;
  cursor = axisY + AXIS_H;
  const footerLegend = placeLegend(footer, PLOT_X, cursor);
  cursor += footerLegend.rows * LEGEND_ROW_H + 10;
  const keyTitleY = cursor;
  const entries = keyEntries(data.markers, keyTitleY + KEY_TITLE_H);
  const keyH =
    data.markers.length === 0
      ? 0
      : KEY_TITLE_H + Math.ceil(data.markers.length / keyColumns(data.markers)) * KEY_ROW_H;
  return {
    height: Math.ceil(keyTitleY + keyH + 6),
    panels,
    markers,
    segments,
    storeLabels,
    bandsTop,
    bandsBottom,
    axisY,
    footerLegend: footerLegend.placed,
    keyTitleY,
    keyEntries: entries,
  };
}
