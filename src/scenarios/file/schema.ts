/**
 * The JSON Schema of a scenario file (scenario.ts is the TypeScript view of the same structure).
 * `npm run build` compiles it with ajv into dist/ (schema-compiler.ts); schema-validator.ts runs it.
 * `additionalProperties: false` everywhere, so a typo in a key is an error rather than a silently
 * ignored setting (issue #3 "Bad input"). Timeline steps are the exception:
 * which keys a step takes depends on its fault or action, so timeline-checks.ts checks them against the
 * step catalogue.
 *
 * Custom keywords: `duration` (a scenario time, duration-checks.ts), `hint` (an annotation naming
 * what a value should look like, used in messages) and `why` (the reason for a bound, appended to
 * its message). Every number has an upper bound, so no value can ask for unbounded work (issue 11
 * §1); work that depends on several fields together is bounded in work-bounds.ts.
 */
import {
  CONNECTION_ERROR_CODES,
  CONNECTION_STATES,
  KEY_STATES,
  RETRY_MODES,
  WORKLOAD_OPERATIONS,
} from './schema-values.js';

const duration = { duration: true };
const name = { type: 'string', minLength: 1 };
/** Counts of calls or arrivals in an expectation: a scenario makes far fewer (work-bounds.ts). */
export const MAX_COUNT = 1_000_000_000;
const count = { type: 'integer', minimum: 0, maximum: MAX_COUNT };
/** Requests per second in limits and loads: ten times the largest Region quota (docs/behaviour.md §5.1). */
export const MAX_RATE = 1_000_000;
/** A latency median or p99: a KMS call answered after more than a minute is an outage, not latency. */
export const MAX_LATENCY_MS = 60_000;
/** SDK attempts per call: retries are real SDK work in virtual time; real settings stay under 20. */
export const MAX_ATTEMPTS = 100;
const rateBound = {
  maximum: MAX_RATE,
  why: 'ten times the largest KMS Region quota; a bound on the work a run does',
};
const window = {
  type: 'array',
  items: duration,
  minItems: 2,
  maxItems: 2,
  hint: 'a [from, to] pair of durations',
};
/** KMS exception and operation names are PascalCase wire names (ValidationException, GenerateDataKey). */
const wireName = {
  type: 'string',
  pattern: '^[A-Z][A-Za-z0-9]*$',
  hint: 'a wire name such as KMSInvalidStateException',
};
const operationName = {
  type: 'string',
  pattern: '^[A-Z][A-Za-z0-9]*$',
  hint: 'an operation name such as Encrypt',
};

function strictObject(
  properties: Record<string, object>,
  required: readonly string[] = [],
): object {
  return { type: 'object', additionalProperties: false, properties, required };
}

const cluster = strictObject(
  {
    name,
    hsms: {
      type: 'array',
      items: { type: 'string', hint: 'an AZ letter (a) or name (us-east-1a)' },
    },
    // CloudHSM crypto-user and KMS KeyStorePassword lengths (docs/behaviour.md §2.1, §6.6): 7 to 32 characters.
    kmsuserPassword: { type: 'string', minLength: 7, maxLength: 32 },
    fromBackupOf: { ...name, hint: 'the name of another declared cluster' },
  },
  ['name', 'hsms'],
);
const keyStore = strictObject(
  { name, cluster: name, connected: { type: 'boolean', default: true } },
  ['name', 'cluster'],
);
const key = strictObject(
  {
    name,
    keyStore: name,
    enabled: { type: 'boolean', default: true },
    // KMS alias names begin with alias/ and may not use the reserved alias/aws/ prefix (docs/behaviour.md §2.4).
    aliases: {
      type: 'array',
      items: {
        type: 'string',
        pattern: '^alias/(?!aws/)[a-zA-Z0-9/_-]+$',
        hint: 'an alias name such as alias/app',
      },
    },
  },
  ['name'],
);
const positiveRate = { type: 'number', exclusiveMinimum: 0, ...rateBound };
const limits = strictObject({
  accountSymmetricRps: positiveRate,
  customKeyStoreRps: positiveRate,
  managementRps: {
    type: 'object',
    additionalProperties: positiveRate,
    hint: 'operation → requests per second, e.g. { CreateKey: 5 }',
  },
  hsmOpsPerSecond: positiveRate,
  sessionsPerCluster: { type: 'integer', minimum: 1, maximum: MAX_COUNT },
  keyStateChangeRps: positiveRate,
});
const latencyMs = {
  type: 'number',
  minimum: 0,
  maximum: MAX_LATENCY_MS,
  why: 'a call answered after more than a minute is an outage, not latency',
};
const latencyDistribution = strictObject({ medianMs: latencyMs, p99Ms: latencyMs }, [
  'medianMs',
  'p99Ms',
]);
const world = strictObject({
  limits,
  latency: {
    type: 'object',
    additionalProperties: latencyDistribution,
    hint: 'operation (or default) → { medianMs, p99Ms }',
  },
  clusters: { type: 'array', items: cluster },
  keyStores: { type: 'array', items: keyStore },
  keys: { type: 'array', items: key },
});
const client = strictObject(
  {
    name,
    retryMode: { enum: RETRY_MODES, default: 'standard' },
    maxAttempts: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_ATTEMPTS,
      default: 3,
      why: 'every attempt is real SDK work in virtual time',
    },
    // The SDK node handler's options (@smithy/node-http-handler 4.14.2), run in virtual time.
    requestTimeout: {
      ...duration,
      hint: 'a duration (past it the request handler only warns, unless throwOnRequestTimeout)',
    },
    throwOnRequestTimeout: {
      type: 'boolean',
      default: false,
      hint: 'true or false (true: past requestTimeout the attempt fails with TimeoutError, code ETIMEDOUT)',
    },
    socketTimeout: {
      ...duration,
      hint: 'a duration (a connected request with no answer for this long fails with TimeoutError)',
    },
    connectionTimeout: {
      ...duration,
      hint: 'a duration (a connection not made in this long fails with TimeoutError)',
    },
    module: {
      type: ['string', 'object'],
      hint: 'a .js/.mjs/.ts file exporting createClient, retryStrategy or workload',
    },
    // An external client (serve --scenario, exec) is recognised by the access key id it signs with.
    accessKeyId: {
      type: 'string',
      pattern: '^[A-Za-z0-9]{1,128}$',
      hint: 'an access key id such as AKIAAPPEXAMPLE (letters and digits)',
    },
  },
  ['name'],
);
const step = {
  type: 'object',
  required: ['at'],
  properties: {
    at: duration,
    fault: name,
    heal: name,
    action: name,
    call: { type: 'string', hint: 'an API call such as kms.CreateCustomKeyStore' },
    input: {
      type: 'object',
      hint: 'the request members; strings may use {cluster:main}-style placeholders',
    },
    expectError: { ...wireName, hint: 'the exception name the step must fail with' },
  },
};
const workload = strictObject(
  {
    client: name,
    operation: { enum: WORKLOAD_OPERATIONS },
    key: name,
    destinationKey: name,
    keyStore: name,
    every: duration,
    from: duration,
    until: duration,
    at: { type: 'array', items: duration, minItems: 1 },
    // KMS plaintext is 1 to 4096 bytes (spec: Encrypt Plaintext length).
    plaintextBytes: { type: 'integer', minimum: 1, maximum: 4096, default: 32 },
    encryptionContext: { type: 'object', additionalProperties: { type: 'string' } },
  },
  ['client', 'operation'],
);

const rps = { type: 'number', minimum: 0, ...rateBound };
const loadSpec = strictObject(
  {
    name,
    keyStore: name,
    key: name,
    operations: {
      type: 'object',
      additionalProperties: { type: 'integer', minimum: 1, maximum: MAX_COUNT },
      hint: 'operation → integer weight, e.g. { Encrypt: 3, Decrypt: 1 }',
    },
    pattern: { enum: ['constant', 'ramp', 'poisson', 'burst'] },
    rps,
    fromRps: rps,
    toRps: rps,
    baseRps: rps,
    burstRps: rps,
    burstEvery: duration,
    burstLength: duration,
    from: duration,
    until: duration,
  },
  ['name', 'pattern', 'until'],
);

function expectation(
  type: string,
  properties: Record<string, object>,
  required: readonly string[] = [],
): object {
  return strictObject({ type: { const: type }, ...properties }, ['type', ...required]);
}

const scope = { client: name, operation: operationName };
const expectations = {
  type: 'object',
  discriminator: { propertyName: 'type' },
  oneOf: [
    expectation(
      'error',
      {
        exception: wireName,
        message: { type: 'string' },
        messageContains: { type: 'string', minLength: 1 },
        messageMatches: { type: 'string', minLength: 1, hint: 'a regular expression' },
        ...scope,
        between: window,
      },
      ['exception', 'between'],
    ),
    expectation('no-error', { exception: wireName, ...scope, between: window }, ['between']),
    expectation('attempts', { ...scope, between: window, min: count, max: count }),
    expectation(
      'connection-state',
      {
        keyStore: name,
        at: duration,
        state: { enum: CONNECTION_STATES },
        errorCode: { enum: CONNECTION_ERROR_CODES },
      },
      ['keyStore', 'at', 'state'],
    ),
    expectation('key-state', { key: name, at: duration, state: { enum: KEY_STATES } }, [
      'key',
      'at',
      'state',
    ]),
    expectation('recovery', { ...scope, after: duration, within: duration }, ['after', 'within']),
    expectation('success', { ...scope, between: window, min: { ...count, default: 1 } }, [
      'between',
    ]),
    expectation('nothing-lost', { except: { type: 'array', items: name } }),
    expectation(
      'load',
      {
        load: name,
        outcome: { enum: ['ok', 'throttled', 'sessions-exhausted', 'unavailable'] },
        between: window,
        min: count,
        max: count,
      },
      ['load', 'outcome'],
    ),
    expectation(
      'latency',
      {
        ...scope,
        between: window,
        percentile: { enum: ['p50', 'p95', 'p99', 'max'] },
        atMost: duration,
        atLeast: duration,
      },
      ['percentile'],
    ),
    expectation(
      'error-attempts',
      { exception: wireName, ...scope, between: window, min: count, max: count },
      ['exception'],
    ),
    expectation('no-retry-of-non-retryable', { ...scope, between: window }),
  ],
};

export const SCENARIO_SCHEMA = strictObject(
  {
    name,
    description: { type: 'string' },
    seed: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    duration,
    metricsWindow: { ...duration, default: '1m' },
    world,
    clients: { type: 'array', items: client },
    timeline: { type: 'array', items: step },
    workloads: { type: 'array', items: workload },
    load: { type: 'array', items: loadSpec },
    expect: { type: 'array', items: expectations },
  },
  // A world alone (no clients, no expectations) is a preload file for serve --scenario.
  ['name', 'seed', 'world'],
);

export const EXPECTATION_TYPES: readonly string[] = expectations.oneOf.map(
  (branch) => (branch as { properties: { type: { const: string } } }).properties.type.const,
);
