/**
 * Colours of the outcome chart, fixed so the same outcome or state looks the same in every report:
 * success green, errors from a palette chosen to stay apart from green and from each other, the
 * ConnectionState band from "good" (green) through "in between" (amber, grey) to "failed" (red).
 */
import { SUCCESS_SERIES, type MarkerKind } from './chart-data.js';

const SUCCESS_COLOR = '#2e7d32';
/** Errors in stacking order take these in turn (red, orange, purple, brown, pink, teal, olive, grey). */
const ERROR_COLORS = [
  '#d62728',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#7f7f7f',
];

export function seriesColors(names: readonly string[]): string[] {
  let nextError = 0;
  return names.map((name) =>
    name === SUCCESS_SERIES ? SUCCESS_COLOR : ERROR_COLORS[nextError++ % ERROR_COLORS.length]!,
  );
}

/** Every ConnectionState (docs/behaviour.md §4.2) in the order the legend lists them. */
export const CONNECTION_STATES = [
  'CONNECTED',
  'CONNECTING',
  'DISCONNECTING',
  'DISCONNECTED',
  'FAILED',
] as const;

const STATE_COLORS: Readonly<Record<string, string>> = {
  CONNECTED: '#81c784',
  CONNECTING: '#ffd54f',
  DISCONNECTING: '#ffb74d',
  DISCONNECTED: '#bdbdbd',
  FAILED: '#e57373',
};
const UNKNOWN_STATE_COLOR = '#90a4ae';

export function stateColor(state: string): string {
  return STATE_COLORS[state] ?? UNKNOWN_STATE_COLOR;
}

/** The states the chart's bands use, known ones in legend order, then any others by name. */
export function statesShown(states: Iterable<string>): string[] {
  const seen = new Set(states);
  const known: string[] = CONNECTION_STATES.filter((state) => seen.has(state));
  const others = [...seen]
    .filter((state) => !(CONNECTION_STATES as readonly string[]).includes(state))
    .sort();
  return [...known, ...others];
}

export const MARKER_KINDS: readonly MarkerKind[] = ['fault', 'heal', 'action'];

export const MARKER_COLORS: Readonly<Record<MarkerKind, string>> = {
  fault: '#b71c1c',
  heal: '#1b5e20',
  action: '#0d47a1',
};

export const MARKER_LEGEND: Readonly<Record<MarkerKind, string>> = {
  fault: 'fault injected',
  heal: 'fault healed or ended',
  action: 'operator action',
};
