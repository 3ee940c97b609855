/**
 * Colours of the run chart, fixed so the same outcome or state looks the same in every report:
 * success green, each error name one colour from a palette chosen to stay apart from green and
 * from each other (the same colour for failed calls and failed attempts of that name, in every
 * panel), clients in distinct dark hues for the latency lines, background load served green and
 * throttled red, and the ConnectionState band from "good" (green) through "in between" (amber,
 * grey) to "failed" (red).
 */
import { SUCCESS_SERIES, type LoadOutcome, type MarkerKind } from './chart-data.js';

export const SUCCESS_COLOR = '#2e7d32';
export const ATTEMPTS_COLOR = '#212121';
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

/** Colour of every outcome name: success green, error names (sorted) through the palette. */
export function outcomeColors(names: Iterable<string>): ReadonlyMap<string, string> {
  const errors = [...new Set(names)].filter((name) => name !== SUCCESS_SERIES).sort();
  return new Map([
    [SUCCESS_SERIES, SUCCESS_COLOR],
    ...errors.map((name, index): [string, string] => [
      name,
      ERROR_COLORS[index % ERROR_COLORS.length]!,
    ]),
  ]);
}

/** Latency lines, one hue per client in name order. */
const CLIENT_COLORS = ['#1565c0', '#6a1b9a', '#00838f', '#ef6c00', '#4e342e', '#ad1457', '#558b2f'];

export function clientColor(index: number): string {
  return CLIENT_COLORS[index % CLIENT_COLORS.length]!;
}

/** Background load outcomes; a second or third load takes the lighter shades. */
const LOAD_COLORS: Readonly<Record<LoadOutcome, readonly string[]>> = {
  served: ['#66bb6a', '#a5d6a7', '#2e7d32'],
  throttled: ['#e53935', '#ef9a9a', '#b71c1c'],
  'sessions exhausted': ['#8e24aa', '#ce93d8', '#4a148c'],
  unavailable: ['#9e9e9e', '#e0e0e0', '#616161'],
};

export function loadColor(outcome: LoadOutcome, loadIndex: number): string {
  const shades = LOAD_COLORS[outcome];
  return shades[loadIndex % shades.length]!;
}

export const STORE_LIMIT_COLOR = '#212121';
export const ACCOUNT_QUOTA_COLOR = '#e65100';

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
