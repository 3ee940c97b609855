/**
 * The serve-mode control API under `/_sim/`: health, world snapshot, time jumps, out-of-band
 * actions and the trace. Pure request → response over the SimEndpoint (no sockets here); the HTTP
 * server owns the I/O and turns a throw from this file into a 500 JSON reply.
 *
 *   GET  /_sim/health   → 200 {"ok":true}
 *   GET  /_sim/world    → 200 worldSnapshot()
 *   POST /_sim/advance  {"seconds": n}  → 200 {"ok":true,"nowMs":...} | 400 naming `seconds`
 *   POST /_sim/actions  {...}           → runAction: 200 when ok, 400 when not
 *   GET  /_sim/trace    → 200 application/x-ndjson: the trace events still in memory
 *   GET  /_sim/trace?after=SEQ&limit=N → 200 one page: up to N events after sequence number SEQ
 *
 * The trace a server keeps is bounded (serve keeps the newest events only; issue 11 §10), and so is
 * a page. Every trace answer says what is there: `x-kmsim-trace-first-seq` (the oldest event still
 * kept; older ones were dropped), `x-kmsim-trace-recorded` (events ever recorded) and
 * `x-kmsim-trace-last-seq` (the last event in this answer: the `after` of the next page).
 */
import type { SimEndpoint } from './sim-endpoint.js';
import type { WallClockFollower } from './wall-clock-follower.js';

export const CONTROL_PREFIX = '/_sim/';

export interface PlainResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function jsonReply(
  status: number,
  value: unknown,
  extraHeaders: Record<string, string> = {},
): PlainResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...extraHeaders },
    body: JSON.stringify(value),
  };
}

function problem(
  status: number,
  message: string,
  extraHeaders: Record<string, string> = {},
): PlainResponse {
  return jsonReply(status, { ok: false, message }, extraHeaders);
}

type Parsed =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reply: PlainResponse };

/** Parses a control body, naming the problem when it is not JSON (brief: never a bare 400). */
function parseJsonBody(bodyText: string, example: string): Parsed {
  if (bodyText.trim() === '') {
    return {
      ok: false,
      reply: problem(400, `request body is empty; expected JSON like ${example}`),
    };
  }
  try {
    return { ok: true, value: JSON.parse(bodyText) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      reply: problem(
        400,
        `request body is not valid JSON (${reason}); expected JSON like ${example}`,
      ),
    };
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ADVANCE_EXAMPLE = '{"seconds": 60}';

function advance(bodyText: string, sim: SimEndpoint, follower: WallClockFollower): PlainResponse {
  const parsed = parseJsonBody(bodyText, ADVANCE_EXAMPLE);
  if (!parsed.ok) return parsed.reply;
  if (!isPlainObject(parsed.value)) {
    return problem(400, `request body must be a JSON object like ${ADVANCE_EXAMPLE}`);
  }
  if (!('seconds' in parsed.value)) {
    return problem(
      400,
      `field "seconds" is required: a finite number >= 0, e.g. ${ADVANCE_EXAMPLE}`,
    );
  }
  const seconds = parsed.value['seconds'];
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    return problem(
      400,
      `field "seconds" must be a finite number >= 0, got ${JSON.stringify(seconds)}`,
    );
  }
  // Virtual time is integer ms (sim/clock.ts); sub-millisecond fractions are rounded.
  const deltaMs = Math.round(seconds * 1000);
  if (!Number.isSafeInteger(sim.nowMs + deltaMs)) {
    return problem(400, `field "seconds" is too large: ${seconds}`);
  }
  follower.jump(deltaMs);
  return jsonReply(200, { ok: true, nowMs: sim.nowMs });
}

function actions(bodyText: string, sim: SimEndpoint): PlainResponse {
  const parsed = parseJsonBody(bodyText, '{"action": "..."}');
  if (!parsed.ok) return parsed.reply;
  const result = sim.runAction(parsed.value);
  return jsonReply(result.ok ? 200 : 400, result);
}

/** A page holds at most this many events; without `limit`, a page holds TRACE_PAGE_DEFAULT. */
export const TRACE_PAGE_MAX = 10_000;
const TRACE_PAGE_DEFAULT = 1_000;

/** A whole number from a query parameter, or the message naming it. */
function wholeNumber(
  query: URLSearchParams,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number | string {
  const text = query.get(name);
  if (text === null) return fallback;
  const value = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  return Number.isSafeInteger(value) && value >= min && value <= max
    ? value
    : `query parameter "${name}" must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`;
}

function trace(sim: SimEndpoint, query: URLSearchParams): PlainResponse {
  const paged = query.has('after') || query.has('limit');
  const after = wholeNumber(query, 'after', -1, Number.MAX_SAFE_INTEGER, -1);
  if (typeof after === 'string') return problem(400, after);
  const limit = wholeNumber(
    query,
    'limit',
    1,
    TRACE_PAGE_MAX,
    paged ? TRACE_PAGE_DEFAULT : Number.MAX_SAFE_INTEGER,
  );
  if (typeof limit === 'string') return problem(400, limit);
  const page = sim.tracePage(after, limit);
  return {
    status: 200,
    headers: {
      'content-type': 'application/x-ndjson',
      'x-kmsim-trace-first-seq': String(page.firstSeq),
      'x-kmsim-trace-recorded': String(page.recorded),
      'x-kmsim-trace-last-seq': String(page.lastSeq),
    },
    body: page.lines.length > 0 ? `${page.lines.join('\n')}\n` : '',
  };
}

interface Route {
  readonly method: 'GET' | 'POST';
  readonly run: (
    bodyText: string,
    sim: SimEndpoint,
    follower: WallClockFollower,
    query: URLSearchParams,
  ) => PlainResponse;
}

const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['/_sim/health', { method: 'GET', run: () => jsonReply(200, { ok: true }) }],
  ['/_sim/world', { method: 'GET', run: (_body, sim) => jsonReply(200, sim.worldSnapshot()) }],
  ['/_sim/advance', { method: 'POST', run: advance }],
  ['/_sim/actions', { method: 'POST', run: (body, sim) => actions(body, sim) }],
  ['/_sim/trace', { method: 'GET', run: (_body, sim, _follower, query) => trace(sim, query) }],
]);

export function isControlPath(path: string): boolean {
  return path === '/_sim' || path.startsWith(CONTROL_PREFIX);
}

/**
 * Answers one control request. The follower has already synced virtual time to the wall clock.
 * May throw if the simulator does; the server reports that as a 500.
 */
export function handleControl(
  method: string,
  path: string,
  bodyText: string,
  sim: SimEndpoint,
  follower: WallClockFollower,
  query: URLSearchParams = new URLSearchParams(),
): PlainResponse {
  const route = ROUTES.get(path);
  if (!route) {
    return problem(404, `no control endpoint ${path}; known: ${[...ROUTES.keys()].join(', ')}`);
  }
  if (method !== route.method) {
    return problem(405, `${path} takes ${route.method}, not ${method}`, { allow: route.method });
  }
  return route.run(bodyText, sim, follower, query);
}
