import { describe, expect, it } from 'vitest';
import * as vega from 'vega';
import type { TraceEvent } from '../../src/sim/trace.js';
import { renderOutcomeChart, scenarioWindow } from '../../src/report/outcome-chart.js';
import { chartData } from '../../src/report/chart-data.js';
import { layoutChart } from '../../src/report/chart-layout.js';
import { outcomeChartSpec } from '../../src/report/chart-spec.js';
import { evaluatedView, renderSvgSync } from '../../src/report/chart-vega.js';
import {
  bucketSizeMs,
  formatClock,
  MAX_BUCKETS,
  MIN_BUCKETS,
  timeTicksMs,
} from '../../src/report/chart-time.js';
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

const OPTIONS = {
  title: 'key store: hand-made <partition> & recovery',
  startMs: START,
  endMs: START + 600_000,
};

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

describe('report: outcome chart', () => {
  it('the same trace gives the same bytes, whatever was drawn before', () => {
    const trace = handMadeTrace();
    const first = renderOutcomeChart(trace, OPTIONS);
    renderOutcomeChart(trace, { ...OPTIONS, title: 'another chart in between' });
    expect(renderOutcomeChart(handMadeTrace(), OPTIONS)).toBe(first);
  });

  it('is one well-formed SVG document GitHub can show: size, viewBox, white background, no scripts or outside resources', () => {
    const svg = renderOutcomeChart(handMadeTrace(), OPTIONS);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>\n')).toBe(true);
    const root = /^<svg[^>]*>/.exec(svg)![0];
    const width = /\swidth="(\d+)"/.exec(root)![1];
    const height = /\sheight="(\d+)"/.exec(root)![1];
    expect(root).toContain(`viewBox="0 0 ${width} ${height}"`);
    expect(svg).toContain(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
    expect(svg).not.toMatch(
      /<script|<foreignObject|<image|\bon[a-z]+="|@import|url\(|href="(?!#)/i,
    );
    expect(svg).toContain('hand-made &lt;partition&gt; &amp; recovery');
  });

  it('shows one series per outcome, the y axis in calls/s, the markers and a ConnectionState band per store', () => {
    const svg = renderOutcomeChart(handMadeTrace(), OPTIONS);
    for (const text of [
      'calls/s',
      'success: 84 calls',
      'KMSInvalidStateException: 16 calls',
      'KMSInternalException: 20 calls',
      'Client calls by outcome (10 s buckets)',
      'fault network-partition',
      'fault connection-reset',
      'connection-reset ends (its duration)',
      'heal network-partition',
      'create-key (failed: CloudHsmClusterInvalidConfigurationException)',
      'connect-key-store',
      'key store cks-aaaaaaaaaaaaaaaaa',
      'key store cks-bbbbbbbbbbbbbbbbb',
      'FAILED NETWORK_ERRORS',
      'Key store ConnectionState',
      'CONNECTING',
      'fault injected',
      'fault healed or ended',
      'operator action',
    ]) {
      expect(svg, text).toContain(`>${text}<`);
    }
    expect(svg).toContain('>2:00<');
    expect(svg).toContain('>10:00<');
  });

  it('reads the trace into stacked buckets, time-ordered markers and band segments', () => {
    const data = chartData(handMadeTrace(), OPTIONS.startMs, OPTIONS.endMs);
    expect(data.bucketMs).toBe(10_000);
    expect(data.series.map((entry) => entry.name)).toEqual([
      'success',
      'KMSInternalException',
      'KMSInvalidStateException',
    ]);
    // Two calls per 10 s bucket: 0.2 calls/s stacked, whatever the outcome.
    const top = data.points.filter((point) => point.series === 'KMSInvalidStateException');
    expect(new Set(top.map((point) => Math.round(point.y1 * 1000) / 1000))).toEqual(new Set([0.2]));
    expect(data.maxRate).toBeCloseTo(0.2, 10);
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

  it('draws the same SVG synchronously as Vega does with its own asynchronous toSVG()', async () => {
    const trace = handMadeTrace();
    const data = chartData(trace, OPTIONS.startMs, OPTIONS.endMs);
    const spec = outcomeChartSpec(data, layoutChart(data, 5), OPTIONS.title);
    const sync = renderSvgSync(spec);
    const view = evaluatedView(spec);
    vega.resetSVGDefIds();
    expect(await view.toSVG()).toBe(sync);
    view.finalize();
  });

  it('picks 60 to 200 buckets for runs from a minute to a day, and labels time as m:ss', () => {
    for (const runMs of [
      60_000,
      120_000,
      660_000,
      840_000,
      2_760_000,
      3_600_000,
      6 * 3_600_000,
      24 * 3_600_000,
    ]) {
      const buckets = runMs / bucketSizeMs(runMs);
      expect(buckets, `${runMs} ms`).toBeGreaterThanOrEqual(MIN_BUCKETS);
      expect(buckets, `${runMs} ms`).toBeLessThanOrEqual(MAX_BUCKETS);
    }
    expect(bucketSizeMs(5_000)).toBe(100);
    expect(['0:00', '5:00', '20:00.1', '1:02:03', '-2:00'].join()).toBe(
      [0, 300_000, 1_200_137, 3_723_000, -120_000].map(formatClock).join(),
    );
    expect(timeTicksMs(0, 600_000)).toEqual([
      0, 60_000, 120_000, 180_000, 240_000, 300_000, 360_000, 420_000, 480_000, 540_000, 600_000,
    ]);
  });

  it('an empty window still draws axes and says there were no calls', () => {
    const trace = traceOf([[0, 'scenario.start', { name: 'nothing' }]]);
    const svg = renderOutcomeChart(trace, { title: 'nothing happens', startMs: 0, endMs: 60_000 });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('>calls/s<');
    expect(svg).toContain('>no calls<');
    expect(() => renderOutcomeChart(trace, { title: 'backwards', startMs: 10, endMs: 10 })).toThrow(
      RangeError,
    );
  });

  it('charts a shipped scenario run: its exception, its fix and its band', async () => {
    const loaded = loadScenarioFile('scenarios/operator-disconnect-reconnect.yaml');
    if (!loaded.ok) throw new Error(loaded.messages.join('\n'));
    const result = await runScenario(loaded.scenario);
    const trace = result.traceJsonLines
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TraceEvent);
    const svg = renderOutcomeChart(trace, {
      title: result.name,
      ...scenarioWindow(trace, result.virtualDurationMs),
    });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toMatch(/>KMSInvalidStateException: \d+ calls</);
    expect(svg).toContain('>connect-key-store<');
    expect(svg).toContain('>DISCONNECTED<');
  });
});
