/**
 * docs/scenario-reference.md and docs/scenario.schema.json, generated (issue #13 §5): every key of
 * a scenario file with its type, whether it is required and its default, from SCENARIO_SCHEMA; each
 * expectation with its fields; every fault and operator action with its parameters (step-reference.ts).
 * Tests check the committed files equal this output; `npm run docs:reference` rewrites both.
 */
import { renderStepReference } from './step-reference.js';
import { EXPECTATION_TYPES, SCENARIO_SCHEMA } from './schema.js';

interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly items?: SchemaNode;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly oneOf?: readonly SchemaNode[];
  readonly duration?: boolean;
  readonly hint?: string;
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly pattern?: string;
  readonly minItems?: number;
}

const ROOT = SCENARIO_SCHEMA as SchemaNode;

function typeText(node: SchemaNode): string {
  if (node.duration) return node.type === 'array' ? 'list of durations' : 'duration';
  if (node.const !== undefined) return `\`${String(node.const)}\``;
  if (node.enum) return `one of ${node.enum.map((value) => `\`${String(value)}\``).join(', ')}`;
  if (node.type === 'array' && node.items) {
    if (node.items.duration && node.minItems === 2) return '[from, to] durations';
    return `list of ${typeText(node.items)}`;
  }
  if (
    node.type === 'object' &&
    node.additionalProperties &&
    typeof node.additionalProperties === 'object' &&
    !node.properties
  )
    return `map of ${typeText(node.additionalProperties)}`;
  if (node.type === 'object' && node.properties) return 'mapping (below)';
  const base = Array.isArray(node.type) ? node.type.join(' or ') : String(node.type ?? 'any');
  const range = [
    node.minimum !== undefined ? `≥ ${node.minimum}` : '',
    node.exclusiveMinimum !== undefined ? `> ${node.exclusiveMinimum}` : '',
    node.maximum !== undefined ? `≤ ${node.maximum}` : '',
  ].filter(Boolean);
  return range.length > 0 ? `${base} (${range.join(', ')})` : base;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function table(node: SchemaNode, skip: readonly string[] = []): string[] {
  const required = new Set(node.required ?? []);
  const rows = Object.entries(node.properties ?? {})
    .filter(([key]) => !skip.includes(key))
    .map(
      ([key, child]) =>
        `| \`${key}\` | ${cell(typeText(child))} | ${required.has(key) ? 'yes' : 'no'} | ${child.default !== undefined ? `\`${String(child.default)}\`` : ''} | ${cell(child.hint ?? '')} |`,
    );
  return [
    '| key | type | required | default | notes |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ];
}

function section(
  title: string,
  node: SchemaNode,
  text: string[] = [],
  skip: readonly string[] = [],
): string[] {
  return [`### ${title}`, '', ...(text.length > 0 ? [...text, ''] : []), ...table(node, skip)];
}

function child(node: SchemaNode, ...path: string[]): SchemaNode {
  let current = node;
  for (const key of path) {
    const next = current.properties?.[key];
    current = next?.items ?? next ?? current;
  }
  return current;
}

const EXPECTATION_NOTES: Readonly<Record<string, string>> = {
  error:
    'At least one call in the window failed with `exception`. `message` is the whole message, `messageContains` a substring, `messageMatches` a regular expression; all take placeholders (`{key:app-key}` is the key ARN, `{keyId:…}`, `{keyStore:…}`, `{cluster:…}` the ids).',
  'no-error': 'No call ending in the window failed (with `exception`, if given).',
  attempts: 'Every call started in the window made between `min` and `max` SDK attempts.',
  'connection-state': 'The key store is in `state` (and `errorCode`) at `at`.',
  'key-state': 'The key is in `state` at `at`.',
  recovery: 'The first successful call after `after` ends within `within`.',
  success: 'At least `min` calls ending in the window succeeded.',
  'nothing-lost':
    'Every ciphertext a client was given decrypts to its plaintext at the end (keys in `except` excused).',
  load: 'Background load outcome counts, summed over metrics windows starting in `between`, are within `min`..`max` (or above 0).',
  latency:
    'Per-call virtual latency (start to end, retries and backoff included) at `percentile` over the calls started in the window is ≥ `atLeast` and ≤ `atMost`.',
  'error-attempts':
    'Every call that failed with `exception` made between `min` and `max` attempts.',
  'no-retry-of-non-retryable':
    'No call that failed with an error the SDK does not retry (e.g. KMSInvalidStateException) made more than one attempt.',
};

export function renderScenarioReference(): string {
  const expectations = (child(ROOT, 'expect') as SchemaNode).oneOf ?? [];
  return [
    '# Scenario file reference',
    '',
    '<!-- Generated from src/scenarios/file/schema.ts, src/faults/ and src/scenarios/file/step-catalogue.ts by `npm run docs:reference`; do not edit. -->',
    '',
    'A scenario is a YAML file (or a TypeScript object of type `Scenario`). Durations are `<number><unit>` runs such as `250ms`, `30s`, `5m`, `1h30m`, or a number of milliseconds; times count from the scenario start. Editors can complete keys with [scenario.schema.json](scenario.schema.json) (for VS Code YAML: `# yaml-language-server: $schema=../docs/scenario.schema.json`).',
    '',
    '## Keys',
    '',
    ...section('Top level', ROOT),
    ...section('`world`', child(ROOT, 'world')),
    ...section('`world.limits`', child(ROOT, 'world', 'limits')),
    ...section(
      '`world.latency.<operation>`',
      child(ROOT, 'world', 'latency').additionalProperties as SchemaNode,
      ['Per operation (or `default`): a latency distribution in virtual ms.'],
    ),
    ...section('`world.clusters[]`', child(ROOT, 'world', 'clusters'), [
      "`fromBackupOf: <cluster>` restores the cluster from that cluster's newest backup, so the two share backup history (KMS refuses a key store on the second with CloudHsmClusterInUseException).",
    ]),
    ...section('`world.keyStores[]`', child(ROOT, 'world', 'keyStores')),
    ...section('`world.keys[]`', child(ROOT, 'world', 'keys')),
    ...section('`clients[]`', child(ROOT, 'clients'), [
      "A client is a real KMSClient with these settings, or your own code: `module` names a .js/.mjs/.ts file (relative to the scenario file) exporting exactly one of `createClient(config)` (returns your KMSClient built from kmsim's config), `retryStrategy` (a RetryStrategyV2, or a function returning one) or `workload(call)` (your app code, called once per workload call with `call.clientConfig`, `call.keyId`, `call.plaintext`, ...; its attempts are the requests it sends). A TypeScript-object scenario may give the module value itself. `requestTimeout`, `throwOnRequestTimeout`, `socketTimeout` and `connectionTimeout` go to the request handler and run in virtual time, with the meaning the pinned SDK's node handler (@smithy/node-http-handler 4.14.2) gives them: past `requestTimeout` the handler only warns (the report counts the warnings) unless `throwOnRequestTimeout: true`, which fails the attempt with TimeoutError; `socketTimeout` fails a request that has had no answer for that long (one of 6s or more is armed 3s after the request starts); `connectionTimeout` ends a connection attempt that hangs (only a connection-timeout fault makes one hang). The SDK retries every such TimeoutError.",
    ]),
    ...section('`workloads[]`', child(ROOT, 'workloads'), [
      'Give either `every` with `until` (and optionally `from`), or `at`.',
    ]),
    ...section('`load[]`', child(ROOT, 'load')),
    ...section('`timeline[]`', child(ROOT, 'timeline'), [
      'The step keys themselves; each fault or action adds its parameters (below).',
    ]),
    '## Expectations',
    '',
    `Types: ${EXPECTATION_TYPES.map((type) => `\`${type}\``).join(', ')}.`,
    '',
    ...expectations.flatMap((branch) => {
      const type = String(branch.properties?.['type']?.const);
      return section(`\`${type}\``, branch, [EXPECTATION_NOTES[type] ?? ''], ['type']);
    }),
    '## The whole-second quota trap',
    '',
    'KMS request quotas count requests per one-second window (docs/behaviour.md §5.1), and scenario time 0 is a whole virtual second. A workload that calls on whole seconds (`every: 1s`, `every: 10s`, `at: [5s]`) lands first in each window, before any background load arriving later in the same second, so it takes a token while there are tokens and is never throttled even when the `load` beside it is. To see your client throttled, offset it (`from: 500ms`), call faster than once a second, or raise the load until the quota is spent before your call arrives.',
    '',
    renderStepReference(),
  ].join('\n');
}

function editorNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(editorNode);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'duration') continue;
    if (key === 'hint') out['description'] = value;
    else if (key === 'discriminator') continue;
    else out[key] = editorNode(value);
  }
  if ((node as SchemaNode).duration) {
    if ((node as SchemaNode).type === undefined) {
      out['type'] = ['string', 'number'];
      out['description'] ??= 'a duration such as 250ms, 30s, 5m, 1h30m, or milliseconds';
    }
  }
  return out;
}

/** SCENARIO_SCHEMA as a plain JSON Schema (draft-07) for editors: kmsim's own keywords become descriptions. */
export function scenarioEditorSchema(): string {
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'kmsim scenario',
    ...(editorNode(SCENARIO_SCHEMA) as object),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
