/**
 * The serve-mode control API under `/_sim/`: health, world snapshot, time jumps, out-of-band
 * actions and the trace. Pure request → response over the SimEndpoint (no sockets here); the HTTP
 * server owns the I/O and turns a throw from this file into a 500 JSON reply.
 *
 *   GET  /_sim/health   → 200 {"ok":true}, answered at once, even while time is moving
 *   GET  /_sim/clock    → 200 {"ok":true,"nowMs":...,"moving":bool}, at once: where virtual time is
 *                        and whether a jump is being worked through
 *   GET  /_sim/world    → 200 worldSnapshot()
 *   POST /_sim/advance  {"seconds": n}  → 200 {"ok":true,"nowMs":...} | 400 naming `seconds`
 *                        (at most MAX_JUMP_SECONDS per request: issue #11 §2)
 *   POST /_sim/actions  {...}           → runAction: 200 when ok, 400 when not
 *   GET  /_sim/trace    → 200 application/x-ndjson: the trace events still in memory
 *   GET  /_sim/trace?after=SEQ&limit=N → 200 one page: up to N events after sequence number SEQ
 *
 * The trace a server keeps is bounded (serve keeps the newest events only; issue 11 §10), and so is
 * a page. Every trace answer says what is there: `x-kmsim-trace-first-seq` (the oldest event still
 * kept; older ones were dropped), `x-kmsim-trace-recorded` (events ever recorded) and
 * `x-kmsim-trace-last-seq` (the last event in this answer: the `after` of the next page).
 *   GET  /_sim/report   → 200 text/plain: the scenario's PASS/FAIL lines so far | 404 without one
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

/**
 * The longest single jump: ten years. Time passing costs in proportion to the events in it (daily
 * backups, retention, background load), and everything it does is traced, so one request may not
 * ask for an unbounded amount of work; a caller who wants more jumps again (issue #11 §2).
 */
export const MAX_JUMP_SECONDS = 10 * 365 * 24 * 3600;

async function advance(
  bodyText: string,
  sim: SimEndpoint,
  follower: WallClockFollower,
): Promise<PlainResponse> {
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
  if (seconds > MAX_JUMP_SECONDS) {
    return problem(
      400,
      `field "seconds" is too large: ${seconds}; one jump may cover at most ${MAX_JUMP_SECONDS} seconds (10 years) of virtual time, because every event in it is simulated and traced; jump again to go further`,
    );
  }
  // Virtual time is integer ms (sim/clock.ts); sub-millisecond fractions are rounded.
  const deltaMs = Math.round(seconds * 1000);
  if (!Number.isSafeInteger(Math.max(sim.nowMs, follower.targetMs()) + deltaMs)) {
    return problem(400, `field "seconds" is too large: ${seconds}`);
  }
  await follower.jump(deltaMs);
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
  /** False for routes that must answer without waiting for virtual time to catch up (health). */
  readonly readsClock: boolean;
  readonly run: (
    bodyText: string,
    sim: SimEndpoint,
    follower: WallClockFollower,
    query: URLSearchParams,
  ) => PlainResponse | Promise<PlainResponse>;
}

const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  [
    '/_sim/health',
    {
      method: 'GET',
      readsClock: false,
      run: () => jsonReply(200, { ok: true }),
    },
  ],
  [
    '/_sim/clock',
    {
      method: 'GET',
      readsClock: false,
      run: (_body, sim, follower) =>
        jsonReply(200, { ok: true, nowMs: sim.nowMs, moving: follower.moving }),
    },
  ],
  [
    '/_sim/world',
    { method: 'GET', readsClock: true, run: (_body, sim) => jsonReply(200, sim.worldSnapshot()) },
  ],
  // The jump itself catches up with the wall clock first (wall-clock-follower.ts).
  ['/_sim/advance', { method: 'POST', readsClock: false, run: advance }],
  ['/_sim/actions', { method: 'POST', readsClock: true, run: (body, sim) => actions(body, sim) }],
  [
    '/_sim/trace',
    {
      method: 'GET',
      readsClock: true,
      run: (_body, sim, _follower, query) => trace(sim, query),
    },
  ],
  [
    '/_sim/report',
    {
      method: 'GET',
      readsClock: true,
      run: (_body, sim) => {
        const report = sim.report?.();
        if (!report)
          return problem(
            404,
            'no scenario is being served: start kmsim serve with --scenario FILE (or use kmsim exec) for a report',
          );
        return {
          status: 200,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          body: `${report.lines.join('\n')}\n`,
        };
      },
    },
  ],
]);

export function isControlPath(path: string): boolean {
  return path === '/_sim' || path.startsWith(CONTROL_PREFIX);
}

/**
 * Answers one control request, bringing virtual time up to the wall clock first for routes that
 * read the world. May throw if the simulator does; the server reports that as a 500.
 */
export async function handleControl(
  method: string,
  path: string,
  bodyText: string,
  sim: SimEndpoint,
  follower: WallClockFollower,
  query: URLSearchParams = new URLSearchParams(),
): Promise<PlainResponse> {
  const route = ROUTES.get(path);
  if (!route) {
    return problem(404, `no control endpoint ${path}; known: ${[...ROUTES.keys()].join(', ')}`);
  }
  if (method !== route.method) {
    return problem(405, `${path} takes ${route.method}, not ${method}`, { allow: route.method });
  }
  if (route.readsClock) await follower.sync();
  return await route.run(bodyText, sim, follower, query);
}
