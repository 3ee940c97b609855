import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/sim/trace.js';
import { renderOutcomeChart, scenarioWindow } from '../../src/report/outcome-chart.js';
import { chartData } from '../../src/report/chart-data.js';
import {
  bucketSizeMs,
  formatClock,
  MAX_BUCKETS,
  MIN_BUCKETS,
  timeTicksMs,
} from '../../src/report/chart-time.js';
import { formatNumber, linearScale, logScale } from '../../src/report/chart-scale.js';
import { loadScenarioFile } from '../../src/scenarios/file/loader.js';
import { runScenario } from '../../src/scenarios/run/runner.js';

/** Builds a trace the way TraceLog does: seq in order, atMs never going back. */
function traceOf(events: [number, string, Record<string, unknown>][]): TraceEvent[] {
  return events.map(([atMs, kind, data], seq) => ({ seq, atMs, kind, data }));
}

const START = 480_000;
const call = (
  atMs: number,
  ok: boolean,
  errorName: string | null = null,
): [number, string, Record<string, unknown>] => [
  START + atMs,
  'client.call',
  { client: 'app', operation: 'Encrypt', ok, errorName, attempts: 1, startMs: atMs },
];

/** Ten minutes: calls every 5 s; a partition from 2m to 4m; a store FAILED then reconnected; a second store deleted. */
function handMadeTrace(): TraceEvent[] {
  const events: [number, string, Record<string, unknown>][] = [
    [
      360_000,
      'kms.key-store.connection',
      { customKeyStoreId: 'cks-aaaaaaaaaaaaaaaaa', state: 'CONNECTING' },
    ],
    [
      360_000,
      'kms.key-store.connection',
      { customKeyStoreId: 'cks-bbbbbbbbbbbbbbbbb', state: 'CONNECTING' },
    ],
    [
      START,
      'kms.key-store.connection',
      { customKeyStoreId: 'cks-aaaaaaaaaaaaaaaaa', state: 'CONNECTED', clusterId: 'cluster-x' },
    ],
    [
      START,
      'kms.key-store.connection',
      { customKeyStoreId: 'cks-bbbbbbbbbbbbbbbbb', state: 'CONNECTED', clusterId: 'cluster-y' },
    ],
    [START, 'scenario.start', { name: 'hand-made' }],
  ];
  for (let t = 0; t < 600_000; t += 5_000) {
    const failing = t >= 120_000 && t < 300_000;
    events.push(
      call(
        t + 3,
        !failing,
        failing ? (t < 200_000 ? 'KMSInvalidStateException' : 'KMSInternalException') : null,
      ),
    );
    if (t === 120_000) {
      events.push([
        START + t + 3,
        'fault.injected',
        {
          fault: 'network-partition',
          faultId: 'fault-1',
          params: { clusterId: 'cluster-x' },
          symptom: false,
        },
      ]);
      events.push([
        START + t + 3,
        'scenario.step',
        { index: 0, what: 'fault network-partition', ok: true, errorName: null },
      ]);
      events.push([
        START + t + 4,
        'fault.injected',
        {
          fault: 'connection-reset',
          faultId: 'fault-2',
          params: { service: 'kms', durationMs: 30_000 },
          symptom: false,
        },
      ]);
    }
    if (t === 140_000)
      events.push([
        START + t + 3,
        'kms.key-store.connection',
        {
          customKeyStoreId: 'cks-aaaaaaaaaaaaaaaaa',
          state: 'FAILED',
          connectionErrorCode: 'NETWORK_ERRORS',
        },
      ]);
    if (t === 200_000)
      events.push([
        START + t + 4,
        'scenario.step',
        {
          index: 1,
          what: 'action create-key',
          ok: false,
          errorName: 'CloudHsmClusterInvalidConfigurationException',
        },
      ]);
    if (t === 240_000) {
      events.push([
        START + t + 3,
        'fault.healed',
        { fault: 'network-partition', faultId: 'fault-1' },
      ]);
      events.push([
        START + t + 3,
        'scenario.step',
        { index: 2, what: 'heal network-partition', ok: true, errorName: null },
      ]);
      events.push([
        START + t + 5,
        'scenario.step',
        { index: 3, what: 'action connect-key-store', ok: true, errorName: null },
      ]);
      events.push([
        START + t + 5,
        'kms.key-store.connection',
        { customKeyStoreId: 'cks-aaaaaaaaaaaaaaaaa', state: 'CONNECTING' },
      ]);
    }
    if (t === 300_000)
      events.push([
        START + t + 3,
        'kms.key-store.connection',
        { customKeyStoreId: 'cks-aaaaaaaaaaaaaaaaa', state: 'CONNECTED', clusterId: 'cluster-x' },
      ]);
    if (t === 400_000)
      events.push([
        START + t + 3,
        'kms.key-store.deleted',
        { customKeyStoreId: 'cks-bbbbbbbbbbbbbbbbb' },
      ]);
  }
  return traceOf(events);
}

/** A 15-minute window: the chart trims it to the ten minutes in which something happened. */
const OPTIONS = {
  title: 'key store: hand-made <partition> & recovery',
  startMs: START,
  endMs: START + 900_000,
};

/**
 * One minute of a client `batch` calling every second, whose calls from 0:20 to 0:29 succeed only
 * after a throttled first attempt, beside a background load: 2,000 requests a second for 30 s,
 * of which the store admits 1,800 (500 while its cluster is busy, from 0:20), under an account
 * quota of 2,500.
 */
function loadTrace(accountSymmetricRps = 2_500): TraceEvent[] {
  const events: [number, string, Record<string, unknown>][] = [
    [START, 'scenario.start', { name: 'load' }],
  ];
  for (let second = 0; second < 60; second++) {
    const sent = START + second * 1000 + 100;
    const throttledFirst = second >= 20 && second < 30;
    events.push([
      sent,
      'api.call',
      {
        client: 'batch',
        operation: 'Encrypt',
        status: throttledFirst ? 400 : 200,
        errorType: throttledFirst ? 'ThrottlingException' : null,
      },
    ]);
    if (throttledFirst)
      events.push([
        sent + 300,
        'api.call',
        { client: 'batch', operation: 'Encrypt', status: 200, errorType: null },
      ]);
    events.push([
      sent + (throttledFirst ? 305 : 5),
      'client.call',
      {
        client: 'batch',
        operation: 'Encrypt',
        ok: true,
        errorName: null,
        attempts: throttledFirst ? 2 : 1,
        startMs: second * 1000 + 100,
      },
    ]);
  }
  const busy = (second: number): boolean => second >= 20;
  events.push(
    [START + 60_000, 'metrics.total', { client: 'batch', retryMode: 'standard', maxAttempts: 3 }],
    [
      START + 60_000,
      'load.seconds',
      {
        load: 'background',
        customKeyStoreId: 'cks-ccccccccccccccccc',
        startMs: START,
        ok: Array.from({ length: 30 }, (_, s) => (busy(s) ? 500 : 1_800)),
        throttled: Array.from({ length: 30 }, (_, s) => (busy(s) ? 1_500 : 200)),
        sessionsExhausted: Array(30).fill(0),
        unavailable: Array(30).fill(0),
        storeLimitRps: Array.from({ length: 30 }, (_, s) => (busy(s) ? 500 : 1_800)),
        accountSymmetricRps,
      },
    ],
  );
  return traceOf(events.sort((a, b) => a[0] - b[0]));
}

/**
 * A small well-formedness check: every tag closes in order, attributes are name="value", and `&`
 * only starts an entity. Enough to catch what a hand-assembled or mis-escaped SVG gets wrong.
 */
function xmlProblems(text: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const token =
    /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;
  for (const match of text.matchAll(token)) {
    const [whole, closing, name, , selfClosing] = match;
    if (whole === '<' || whole.startsWith('&'))
      problems.push(`stray ${JSON.stringify(whole)} at ${match.index}`);
    else if (!name) continue;
    else if (closing) {
      const open = stack.pop();
      if (open !== name)
        problems.push(`</${name}> closes <${open ?? 'nothing'}> at ${match.index}`);
    } else if (!selfClosing) stack.push(name);
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  return problems;
}

const svgText = (svg: string): string[] =>
  [...svg.matchAll(/>([^<>]+)</g)].map((match) => match[1]!.replace(/&amp;/g, '&'));

describe('report: run chart', () => {
  it('the same trace gives the same bytes, whatever was drawn before', () => {
    const first = renderOutcomeChart(handMadeTrace(), OPTIONS);
    renderOutcomeChart(loadTrace(), {
      title: 'another chart in between',
      startMs: START,
      endMs: START + 120_000,
    });
    expect(renderOutcomeChart(handMadeTrace(), OPTIONS)).toBe(first);
  });

  it('is one well-formed SVG document GitHub can show: size, viewBox, white background, no scripts or outside resources', () => {
    for (const svg of [
      renderOutcomeChart(handMadeTrace(), OPTIONS),
      renderOutcomeChart(loadTrace(), { title: 'load', startMs: START, endMs: START + 120_000 }),
    ]) {
      expect(xmlProblems(svg)).toEqual([]);
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg.endsWith('</svg>\n')).toBe(true);
      const root = /^<svg[^>]*>/.exec(svg)![0];
      const width = /\swidth="(\d+)"/.exec(root)![1];
      const height = /\sheight="(\d+)"/.exec(root)![1];
      expect(root).toContain(`viewBox="0 0 ${width} ${height}"`);
      expect(svg).toContain(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
      expect(svg).not.toMatch(/<script|<foreignObject|<image|\bon[a-z]+="|@import|url\(|href=/i);
      // Coordinates are rounded: no long fractions that would differ between machines.
      expect(svg).not.toMatch(/="[^"]*\d\.\d{2,}/);
    }
    expect(renderOutcomeChart(handMadeTrace(), OPTIONS)).toContain(
      'hand-made &lt;partition&gt; &amp; recovery',
    );
  });

  it('one panel per client with its outcomes, attempts and failed attempts; the markers, the bands and the time axis trimmed to the data', () => {
    const texts = svgText(renderOutcomeChart(handMadeTrace(), OPTIONS));
    for (const expected of [
      'Client app: calls/s by outcome, and its wire attempts/s',
      'success: 84 calls',
      'KMSInvalidStateException: 16 calls',
      'KMSInternalException: 20 calls',
      'attempts: 0',
      'per second',
      'fault network-partition',
      'fault connection-reset',
      'connection-reset ends (its duration)',
      'heal network-partition',
      'create-key (failed: CloudHsmClusterInvalidConfigurationException)',
      'connect-key-store',
      'key store cks-aaaaaaaaaaaaaaaaa',
      'key store cks-bbbbbbbbbbbbbbbbb',
      'FAILED NETWORK_ERRORS',
      'key store CONNECTING',
      'fault injected',
      'fault healed or ended',
      'operator action',
      '10 s buckets. Calls are counted when they end, wire attempts when they are sent; numbered lines mark faults and operator actions.',
      '2:00',
      '10:00',
      'Call latency per client (virtual time from call to answer, retries included): p50 solid, p99 dashed',
      'app p50',
      'app p99',
    ])
      expect(texts, expected).toContain(expected);
    // The window was 15 minutes; nothing happened after 10.
    expect(texts).not.toContain('11:00');
    expect(texts).not.toContain('15:00');
    // No background load: no load panel.
    expect(texts.some((text) => text.startsWith('Background load'))).toBe(false);
  });

  it('reads the trace into per-client rates, time-ordered markers and band segments', () => {
    const data = chartData(handMadeTrace(), OPTIONS.startMs, OPTIONS.endMs);
    expect([data.bucketMs, data.fromMs, data.toMs, data.buckets]).toEqual([10_000, 0, 600_000, 60]);
    const [app] = data.clients;
    expect(app!.outcomes.map((series) => [series.name, series.total])).toEqual([
      ['success', 84],
      ['KMSInternalException', 20],
      ['KMSInvalidStateException', 16],
    ]);
    // Two calls per 10 s bucket: 0.2 calls/s in every bucket, whatever the outcome.
    const perBucket = app!.outcomes[0]!.values.map(
      (value, index) =>
        (value ?? 0) +
        (app!.outcomes[1]!.values[index] ?? 0) +
        (app!.outcomes[2]!.values[index] ?? 0),
    );
    expect(new Set(perBucket.map((value) => Math.round(value * 1000) / 1000))).toEqual(
      new Set([0.2]),
    );
    // Each call ended at the virtual instant it started: p50 = p99 = 0 ms in every bucket.
    expect(new Set([...app!.p50, ...app!.p99])).toEqual(new Set([0]));
    expect(
      data.markers.map((marker) => [marker.number, marker.atMs, marker.kind, marker.label]),
    ).toEqual([
      [1, 120_003, 'fault', 'fault network-partition'],
      [2, 120_004, 'fault', 'fault connection-reset'],
      [3, 150_004, 'heal', 'connection-reset ends (its duration)'],
      [4, 200_004, 'action', 'create-key (failed: CloudHsmClusterInvalidConfigurationException)'],
      [5, 240_003, 'heal', 'heal network-partition'],
      [6, 240_005, 'action', 'connect-key-store'],
    ]);
    expect(
      data.bands.map((band) => [
        band.customKeyStoreId,
        band.segments.map((s) => [s.fromMs, s.toMs, s.state, s.errorCode]),
      ]),
    ).toEqual([
      [
        'cks-aaaaaaaaaaaaaaaaa',
        [
          [0, 140_003, 'CONNECTED', undefined],
          [140_003, 240_005, 'FAILED', 'NETWORK_ERRORS'],
          [240_005, 300_003, 'CONNECTING', undefined],
          [300_003, 600_000, 'CONNECTED', undefined],
        ],
      ],
      ['cks-bbbbbbbbbbbbbbbbb', [[0, 400_003, 'CONNECTED', undefined]]],
    ]);
  });

  it('a throttled attempt shows although its call succeeded after a retry, and the latency it cost', () => {
    const data = chartData(loadTrace(), START, START + 120_000);
    expect([data.bucketMs, data.toMs]).toEqual([1_000, 60_000]);
    const [batch] = data.clients;
    expect([batch!.retryMode, batch!.maxAttempts]).toEqual(['standard', 3]);
    expect(batch!.outcomes.map((series) => [series.name, series.total])).toEqual([['success', 60]]);
    expect([batch!.attempts.total, batch!.failedAttempts.map((s) => [s.name, s.total])]).toEqual([
      70,
      [['ThrottlingException', 10]],
    ]);
    const throttled = batch!.failedAttempts[0]!.values;
    expect(throttled.slice(18, 32)).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    expect(batch!.attempts.values.slice(18, 32)).toEqual([
      1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1,
    ]);
    expect([batch!.p50[5], batch!.p50[25], batch!.p99[25]]).toEqual([5, 305, 305]);
    const svg = renderOutcomeChart(loadTrace(), {
      title: 'load',
      startMs: START,
      endMs: START + 120_000,
    });
    const texts = svgText(svg);
    for (const expected of [
      'Client batch (standard retry mode, maxAttempts 3): calls/s by outcome, and its wire attempts/s',
      'success: 60 calls',
      'attempts: 70',
      'ThrottlingException attempts: 10',
    ])
      expect(texts, expected).toContain(expected);
    // The failed attempts are a dashed line in the colour of their error.
    expect(svg).toMatch(
      /<path d="M[^"]+" fill="none" stroke="#d62728" stroke-width="1.8" stroke-dasharray="5 3"\/>/,
    );
  });

  it('background load: served and throttled per second, the store limit (its quota, lower while busy) and the account quota when it is near', () => {
    const data = chartData(loadTrace(), START, START + 120_000);
    const [load] = data.loads;
    expect(load!.outcomes.map((series) => [series.outcome, series.total])).toEqual([
      ['served', 20 * 1_800 + 10 * 500],
      ['throttled', 20 * 200 + 10 * 1_500],
    ]);
    expect(load!.outcomes[0]!.values.slice(18, 31)).toEqual([
      1_800, 1_800, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 0,
    ]);
    expect(load!.storeLimitRps.slice(18, 31)).toEqual([
      1_800,
      1_800,
      500,
      500,
      500,
      500,
      500,
      500,
      500,
      500,
      500,
      500,
      null,
    ]);
    expect(data.accountQuotaRps).toBe(2_500);
    const texts = svgText(
      renderOutcomeChart(loadTrace(), { title: 'load', startMs: START, endMs: START + 120_000 }),
    );
    for (const expected of [
      'Background load (background): requests/s by outcome, against the limits that throttle it',
      'served: 41,000',
      'throttled: 19,000',
      'limit of key store cks-ccccccccccccccccc: its 1,800/s quota, lower while its cluster is busy',
      'account symmetric quota: 2,500/s',
      'requests/s',
    ])
      expect(texts, expected).toContain(expected);
    // A Region default far above the load is left out rather than squash the panel.
    const regionDefault = svgText(
      renderOutcomeChart(loadTrace(100_000), {
        title: 'load',
        startMs: START,
        endMs: START + 120_000,
      }),
    );
    expect(regionDefault.some((text) => text.startsWith('account symmetric quota'))).toBe(false);
  });

  it('buckets: within 20..100 per chart, a multiple of a client’s call interval when it can be, never a comb of empty buckets', () => {
    for (const runMs of [60_000, 120_000, 660_000, 840_000, 2_760_000, 3_600_000, 6 * 3_600_000]) {
      const buckets = runMs / bucketSizeMs(runMs);
      expect(buckets, `${runMs} ms`).toBeGreaterThanOrEqual(MIN_BUCKETS);
      expect(buckets, `${runMs} ms`).toBeLessThanOrEqual(MAX_BUCKETS);
    }
    expect(bucketSizeMs(5_000)).toBe(100);
    expect(bucketSizeMs(60_000)).toBe(1_000);
    // Calls every 10 s over 8 minutes: 10 s buckets, not 5 s (a comb) or 15 s (one, two, one…).
    expect(bucketSizeMs(480_000, 10_004)).toBe(10_000);
    // Calls every 250 ms over a minute: the bucket stays at 1 s.
    expect(bucketSizeMs(61_000, 250)).toBe(1_000);
    expect(['0:00', '5:00', '20:00.1', '1:02:03', '-2:00'].join()).toBe(
      [0, 300_000, 1_200_137, 3_723_000, -120_000].map(formatClock).join(),
    );
    expect(timeTicksMs(0, 600_000)).toEqual([
      0, 60_000, 120_000, 180_000, 240_000, 300_000, 360_000, 420_000, 480_000, 540_000, 600_000,
    ]);
  });

  it('value axes: nice linear ticks from zero, powers of ten for latency, numbers written the same everywhere', () => {
    expect(linearScale(0.2, 100).ticks.map((tick) => tick.label)).toEqual([
      '0',
      '0.05',
      '0.1',
      '0.15',
      '0.2',
    ]);
    expect(linearScale(2_700, 100).ticks.map((tick) => tick.label)).toEqual([
      '0',
      '1,000',
      '2,000',
      '3,000',
    ]);
    expect(linearScale(0, 100).ticks.map((tick) => tick.label)).toEqual([
      '0',
      '0.25',
      '0.5',
      '0.75',
      '1',
    ]);
    const scale = linearScale(2_700, 100);
    expect([scale.y(0), scale.y(3_000)]).toEqual([100, 0]);
    expect(logScale([3, 13_495], 120).ticks.map((tick) => tick.label)).toEqual([
      '1 ms',
      '10 ms',
      '100 ms',
      '1 s',
      '10 s',
      '100 s',
    ]);
    expect([formatNumber(75_908), formatNumber(0.025), formatNumber(1 / 3)]).toEqual([
      '75,908',
      '0.025',
      '0.333',
    ]);
  });

  it('an empty window still draws the time axis and says there were no calls', () => {
    const trace = traceOf([[0, 'scenario.start', { name: 'nothing' }]]);
    const svg = renderOutcomeChart(trace, { title: 'nothing happens', startMs: 0, endMs: 60_000 });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svgText(svg)).toContain('no client calls');
    expect(svgText(svg)).toContain('0:00');
    expect(() => renderOutcomeChart(trace, { title: 'backwards', startMs: 10, endMs: 10 })).toThrow(
      RangeError,
    );
  });

  it('charts a shipped scenario run: one panel per client, the load against the 1,800/s quota, latency, and an axis that ends with the data', async () => {
    const loaded = loadScenarioFile('scenarios/load-burst-standard-vs-adaptive.yaml');
    if (!loaded.ok) throw new Error(loaded.messages.join('\n'));
    const result = await runScenario(loaded.scenario);
    const trace = result.traceJsonLines
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TraceEvent);
    const window = scenarioWindow(trace, result.virtualDurationMs);
    expect(window.endMs - window.startMs).toBe(120_000);
    const svg = renderOutcomeChart(trace, { title: result.name, ...window });
    expect(xmlProblems(svg)).toEqual([]);
    const texts = svgText(svg);
    expect(texts.filter((text) => text.startsWith('Client '))).toEqual([
      'Client adaptive (adaptive retry mode, maxAttempts 3): calls/s by outcome, and its wire attempts/s',
      'Client standard (standard retry mode, maxAttempts 3): calls/s by outcome, and its wire attempts/s',
    ]);
    expect(texts.some((text) => /^ThrottlingException attempts: \d+$/.test(text))).toBe(true);
    expect(texts).toContain(
      `limit of key store ${/cks-[0-9a-f]+/.exec(svg)![0]}: its 1,800/s quota`,
    );
    expect(texts.some((text) => /^throttled: [\d,]+$/.test(text))).toBe(true);
    expect(texts).toContain('standard p99');
    // One minute of workload and load in a two-minute scenario: the axis stops at 1:00-ish.
    expect(texts).toContain('1:00');
    expect(texts).not.toContain('1:30');
    expect(texts).not.toContain('2:00');
  });
});
