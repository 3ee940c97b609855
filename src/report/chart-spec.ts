/**
 * The outcome chart as a Vega specification: stacked calls/s areas by outcome, numbered marker rules
 * for faults, heals and operator actions, the ConnectionState band of each key store under the
 * plot, three legends and a numbered key of the markers. Every position comes from chart-layout.ts
 * (autosize is off), every colour from chart-colors.ts; Vega draws axes, areas and legends.
 */
import type { Spec, TextEncodeEntry, TextMark } from 'vega';
import type { ChartData } from './chart-data.js';
import {
  MARKER_COLORS,
  MARKER_KINDS,
  MARKER_LEGEND,
  seriesColors,
  stateColor,
  statesShown,
} from './chart-colors.js';
import {
  BAND_H,
  KEY_LABEL_DX,
  KEY_TIME_DX,
  PLOT_H,
  PLOT_W,
  PLOT_X,
  WIDTH,
  type ChartLayout,
} from './chart-layout.js';
import { formatClock, formatSpan, timeTicksMs } from './chart-time.js';

const FONT = 'Helvetica, Arial, sans-serif';
const TEXT_COLOR = '#212121';
const MUTED_COLOR = '#616161';

/** Legend label of a series: its name and how many calls it counts. */
export function seriesLabel(name: string, calls: number): string {
  return `${name}: ${calls} call${calls === 1 ? '' : 's'}`;
}

function scales(data: ChartData): Spec['scales'] {
  const series = data.series.map((entry) => seriesLabel(entry.name, entry.calls));
  const states = statesShown(
    data.bands.flatMap((band) => band.segments.map((segment) => segment.state)),
  );
  const kinds = MARKER_KINDS.filter((kind) => data.markers.some((marker) => marker.kind === kind));
  return [
    {
      name: 'x',
      type: 'linear',
      domain: [data.fromMs, data.toMs],
      range: [0, PLOT_W],
      zero: false,
    },
    {
      name: 'y',
      type: 'linear',
      domain: [0, data.maxRate > 0 ? data.maxRate : 1],
      range: [PLOT_H, 0],
      nice: true,
      zero: true,
    },
    {
      name: 'outcome',
      type: 'ordinal',
      domain: series.length ? series : ['no calls'],
      range: series.length ? seriesColors(data.series.map((entry) => entry.name)) : ['#ffffff'],
    },
    {
      name: 'state',
      type: 'ordinal',
      domain: states.length ? states : ['no key store'],
      range: states.length ? states.map(stateColor) : ['#ffffff'],
    },
    {
      name: 'markerKind',
      type: 'ordinal',
      domain: kinds.map((kind) => MARKER_LEGEND[kind]),
      range: kinds.map((kind) => MARKER_COLORS[kind]),
    },
    {
      name: 'markerColor',
      type: 'ordinal',
      domain: [...MARKER_KINDS],
      range: MARKER_KINDS.map((kind) => MARKER_COLORS[kind]),
    },
  ];
}

function datasets(data: ChartData, layout: ChartLayout): Spec['data'] {
  const labels = new Map(
    data.series.map((entry) => [entry.name, seriesLabel(entry.name, entry.calls)]),
  );
  return [
    {
      name: 'points',
      values: data.points.map((point) => ({ ...point, series: labels.get(point.series) })),
    },
    {
      name: 'markers',
      values: layout.markers.map((marker) => ({
        atMs: marker.atMs,
        kind: marker.kind,
        number: String(marker.number),
        labelY: -6 - marker.row * 13,
      })),
    },
    { name: 'segments', values: layout.segments.map((segment) => ({ ...segment })) },
    { name: 'storeLabels', values: layout.storeLabels.map((label) => ({ ...label })) },
    { name: 'key', values: layout.keyEntries.map((entry) => ({ ...entry })) },
  ];
}

function axes(data: ChartData, layout: ChartLayout): NonNullable<Spec['axes']> {
  const ticks = timeTicksMs(data.fromMs, data.toMs);
  const tickLabels = Object.fromEntries(ticks.map((tick) => [String(tick), formatClock(tick)]));
  return [
    {
      orient: 'left',
      scale: 'y',
      title: 'calls/s',
      tickCount: 5,
      grid: true,
      gridScale: 'x',
      gridColor: '#e6e6e6',
      domain: false,
      labelFont: FONT,
      titleFont: FONT,
      labelFontSize: 10,
      titleFontSize: 11,
      titleColor: TEXT_COLOR,
    },
    {
      orient: 'bottom',
      scale: 'x',
      offset: layout.bandsH + 4,
      values: ticks,
      labelFont: FONT,
      titleFont: FONT,
      labelFontSize: 10,
      titleFontSize: 11,
      titleColor: TEXT_COLOR,
      title: 'virtual time since the scenario started (m:ss)',
      encode: {
        labels: { update: { text: { signal: `${JSON.stringify(tickLabels)}[datum.value]` } } },
      },
    },
  ];
}

function areaMarks(): NonNullable<Spec['marks']> {
  return [
    {
      type: 'group',
      from: { facet: { name: 'seriesPoints', data: 'points', groupby: 'series' } },
      marks: [
        {
          type: 'area',
          from: { data: 'seriesPoints' },
          encode: {
            enter: {
              x: { scale: 'x', field: 'atMs' },
              y: { scale: 'y', field: 'y1' },
              y2: { scale: 'y', field: 'y0' },
              fill: { scale: 'outcome', field: 'series' },
              interpolate: { value: 'step-after' },
            },
          },
        },
      ],
    },
  ];
}

function markerMarks(layout: ChartLayout): NonNullable<Spec['marks']> {
  const bottom = PLOT_H + layout.bandsH;
  return [
    {
      type: 'rule',
      from: { data: 'markers' },
      encode: {
        enter: {
          x: { scale: 'x', field: 'atMs' },
          y: { value: -4 },
          y2: { value: bottom },
          stroke: { scale: 'markerColor', field: 'kind' },
          strokeWidth: { value: 1.5 },
          strokeDash: { signal: "datum.kind === 'fault' ? [5, 3] : []" },
        },
      },
    },
    {
      type: 'text',
      from: { data: 'markers' },
      encode: {
        enter: {
          x: { scale: 'x', field: 'atMs' },
          y: { field: 'labelY' },
          text: { field: 'number' },
          align: { value: 'center' },
          font: { value: FONT },
          fontSize: { value: 11 },
          fontWeight: { value: 'bold' },
          fill: { scale: 'markerColor', field: 'kind' },
        },
      },
    },
  ];
}

function bandMarks(): NonNullable<Spec['marks']> {
  return [
    {
      type: 'rect',
      from: { data: 'segments' },
      encode: {
        enter: {
          x: { scale: 'x', field: 'fromMs' },
          x2: { scale: 'x', field: 'toMs' },
          y: { field: 'y' },
          height: { value: BAND_H },
          fill: { scale: 'state', field: 'state' },
        },
      },
    },
    {
      type: 'text',
      from: { data: 'segments' },
      encode: {
        enter: {
          x: { scale: 'x', field: 'fromMs', offset: 4 },
          y: { field: 'y', offset: BAND_H / 2 },
          baseline: { value: 'middle' },
          text: { field: 'text' },
          font: { value: FONT },
          fontSize: { value: 9 },
          fill: { value: TEXT_COLOR },
        },
      },
    },
    {
      type: 'text',
      from: { data: 'storeLabels' },
      encode: {
        enter: {
          x: { value: 0 },
          y: { field: 'y' },
          text: { field: 'text' },
          font: { value: FONT },
          fontSize: { value: 10 },
          fill: { value: MUTED_COLOR },
        },
      },
    },
  ];
}

function legends(data: ChartData, layout: ChartLayout): NonNullable<Spec['legends']> {
  const common = {
    orient: 'none' as const,
    legendY: layout.legendY,
    titleFont: FONT,
    labelFont: FONT,
    titleFontSize: 11,
    labelFontSize: 11,
    labelLimit: 1000,
    titleLimit: 1000,
    rowPadding: 4,
    titleColor: TEXT_COLOR,
    labelColor: TEXT_COLOR,
  };
  const result: NonNullable<Spec['legends']> = [
    {
      ...common,
      fill: 'outcome',
      legendX: PLOT_X,
      symbolType: 'square',
      title: `Client calls by outcome (${formatSpan(data.bucketMs)} buckets)`,
    },
  ];
  if (data.bands.length > 0)
    result.push({
      ...common,
      fill: 'state',
      legendX: PLOT_X + 340,
      symbolType: 'square',
      title: 'Key store ConnectionState',
    });
  if (data.markers.length > 0)
    result.push({
      ...common,
      stroke: 'markerKind',
      legendX: PLOT_X + 560,
      symbolType: 'stroke',
      symbolStrokeWidth: 2,
      title: 'Markers',
      // The legend's fault line is dashed like the fault markers.
      encode: {
        symbols: {
          update: {
            strokeDash: {
              signal: `datum.value === ${JSON.stringify(MARKER_LEGEND.fault)} ? [5, 3] : []`,
            },
          },
        },
      },
    });
  return result;
}

function keyMarks(layout: ChartLayout): NonNullable<Spec['marks']> {
  if (layout.keyEntries.length === 0) return [];
  const text = (x: number, field: string, extra: TextEncodeEntry = {}): TextMark => ({
    type: 'text',
    from: { data: 'key' },
    encode: {
      enter: {
        x: { field: 'x', offset: x },
        y: { field: 'y' },
        baseline: { value: 'top' },
        text: { field },
        font: { value: FONT },
        fontSize: { value: 11 },
        fill: { value: TEXT_COLOR },
        ...extra,
      },
    },
  });
  return [
    {
      type: 'text',
      encode: {
        enter: {
          x: { value: PLOT_X },
          y: { value: layout.keyTitleY },
          baseline: { value: 'top' },
          text: { value: 'Marker key (time since the scenario started)' },
          font: { value: FONT },
          fontSize: { value: 11 },
          fontWeight: { value: 'bold' },
          fill: { value: TEXT_COLOR },
        },
      },
    },
    text(0, 'number', {
      fontWeight: { value: 'bold' },
      fill: { scale: 'markerColor', field: 'kind' },
    }),
    text(KEY_TIME_DX, 'time', { fill: { value: MUTED_COLOR } }),
    // A label too long even for one column is cut with an ellipsis rather than leave the picture.
    text(KEY_LABEL_DX, 'label', { limit: { value: WIDTH - PLOT_X - KEY_LABEL_DX - 8 } }),
  ];
}

export function outcomeChartSpec(data: ChartData, layout: ChartLayout, title: string): Spec {
  const subtitle = `Client calls per second by outcome over virtual time; ${formatSpan(data.bucketMs)} buckets, counted when each call ended.`;
  return {
    width: WIDTH,
    height: layout.height,
    padding: 0,
    autosize: 'none',
    background: '#ffffff',
    data: datasets(data, layout),
    scales: scales(data),
    legends: legends(data, layout),
    marks: [
      {
        type: 'text',
        encode: {
          enter: {
            x: { value: PLOT_X },
            y: { value: 20 },
            text: { value: title },
            font: { value: FONT },
            fontSize: { value: 15 },
            fontWeight: { value: 'bold' },
            fill: { value: TEXT_COLOR },
          },
        },
      },
      {
        type: 'text',
        encode: {
          enter: {
            x: { value: PLOT_X },
            y: { value: 38 },
            text: { value: subtitle },
            font: { value: FONT },
            fontSize: { value: 11 },
            fill: { value: MUTED_COLOR },
          },
        },
      },
      {
        type: 'group',
        encode: {
          enter: {
            x: { value: PLOT_X },
            y: { value: layout.plotY },
            width: { value: PLOT_W },
            height: { value: PLOT_H },
          },
        },
        axes: axes(data, layout),
        marks: [...areaMarks(), ...bandMarks(), ...markerMarks(layout)],
      },
      ...keyMarks(layout),
    ],
  };
}
