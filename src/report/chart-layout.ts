/**
 * Where everything on the outcome chart goes, in pixels, computed here rather than by the renderer's
 * autosize so the picture depends on the trace only. Text widths are estimated from character
 * counts (never measured with a font on this machine), so layout is the same everywhere.
 */
import type { BandSegment, ChartData, ChartMarker } from './chart-data.js';
import { formatClock } from './chart-time.js';

export const WIDTH = 900;
export const PLOT_X = 64;
export const PLOT_W = WIDTH - PLOT_X - 28;
export const PLOT_H = 220;
const TITLE_BLOCK_H = 48;
const MARKER_ROW_H = 13;
const MAX_MARKER_ROWS = 4;
/** Marker numbers closer than this (px) go on different rows above the plot. */
const MARKER_MIN_GAP_PX = 18;
const BAND_GAP_H = 10;
const BAND_LABEL_H = 12;
export const BAND_H = 14;
const BAND_ROW_H = BAND_LABEL_H + BAND_H + 6;
const AXIS_H = 46;
const LEGEND_TITLE_H = 18;
const LEGEND_ENTRY_H = 16;
const KEY_TITLE_H = 18;
const KEY_ROW_H = 15;
/** The key uses two columns when every entry fits in half the width, else one. */
const MAX_KEY_COLUMNS = 2;
/** Offsets of the key's time and label text from its number (px). */
export const KEY_TIME_DX = 22;
export const KEY_LABEL_DX = 72;
/** A generous average character width (px) for 9–11 px sans-serif text. */
const CHAR_W_PX = 6.2;

export interface PlacedMarker extends ChartMarker {
  readonly x: number;
  /** Label row above the plot: 0 is nearest the plot. */
  readonly row: number;
}

export interface PlacedSegment extends BandSegment {
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
  readonly plotY: number;
  readonly bandsH: number;
  readonly markers: readonly PlacedMarker[];
  readonly segments: readonly PlacedSegment[];
  readonly storeLabels: readonly { readonly y: number; readonly text: string }[];
  readonly legendY: number;
  readonly keyTitleY: number;
  readonly keyEntries: readonly KeyEntry[];
}

export function xPixel(data: ChartData, atMs: number): number {
  return ((atMs - data.fromMs) / (data.toMs - data.fromMs)) * PLOT_W;
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
  for (const text of [full, segment.errorCode ?? segment.state]) {
    if (text.length * CHAR_W_PX * 0.85 + 8 <= widthPx) return text;
  }
  return '';
}

/** Columns of the marker key: as many as fit the longest label. */
export function keyColumns(markers: readonly ChartMarker[]): number {
  const widest = Math.max(
    0,
    ...markers.map((marker) => KEY_LABEL_DX + marker.label.length * CHAR_W_PX),
  );
  let columns = MAX_KEY_COLUMNS;
  while (columns > 1 && widest > (WIDTH - PLOT_X) / columns - 12) columns--;
  return columns;
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

export function layoutChart(data: ChartData, legendEntries: number): ChartLayout {
  const markers = placeMarkers(data);
  const markerRows =
    markers.length === 0 ? 0 : Math.max(...markers.map((marker) => marker.row)) + 1;
  const plotY = TITLE_BLOCK_H + markerRows * MARKER_ROW_H + 8;
  const bandsTop = PLOT_H + BAND_GAP_H;
  const segments: PlacedSegment[] = [];
  const storeLabels: { y: number; text: string }[] = [];
  data.bands.forEach((band, index) => {
    const y = bandsTop + index * BAND_ROW_H + BAND_LABEL_H;
    storeLabels.push({ y: y - 3, text: `key store ${band.customKeyStoreId}` });
    for (const segment of band.segments)
      segments.push({
        ...segment,
        y,
        text: segmentText(segment, xPixel(data, segment.toMs) - xPixel(data, segment.fromMs)),
      });
  });
  const bandsH = data.bands.length === 0 ? 0 : BAND_GAP_H + data.bands.length * BAND_ROW_H;
  const legendY = plotY + PLOT_H + bandsH + AXIS_H;
  const keyTitleY = legendY + LEGEND_TITLE_H + legendEntries * LEGEND_ENTRY_H + 10;
  const entries = keyEntries(data.markers, keyTitleY + KEY_TITLE_H);
  const keyH =
    data.markers.length === 0
      ? 0
      : KEY_TITLE_H + Math.ceil(data.markers.length / keyColumns(data.markers)) * KEY_ROW_H;
  return {
    height: keyTitleY + keyH + 8,
    plotY,
    bandsH,
    markers,
    segments,
    storeLabels,
    legendY,
    keyTitleY,
    keyEntries: entries,
  };
}
