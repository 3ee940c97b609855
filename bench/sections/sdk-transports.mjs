/**
 * 2-4. The real `@aws-sdk/client-kms` sending Encrypt, one call at a time (await each), through each
 * kmsim transport against the same SDK talking to something that does nothing but answer a canned
 * 200 Encrypt response over the same kind of transport:
 *   2. in-process:  createKmsClient(sim)            vs  KMSClient + a canned request handler
 *   3. msw:         SDK → sim.intercept() → kmsim   vs  SDK → msw http.post → canned response
 *   4. HTTP:        SDK → startHttpServer(sim)      vs  SDK → bare node:http server → canned response
 * Sections 2 and 4 have a third side: the do-nothing one plus one bare AES-256-GCM seal per request
 * (gcmSealer), the crypto kmsim cannot skip, so the output shows how much of the gap is crypto.
 * Every side of a comparison uses the same client configuration (region, fake credentials, default
 * retry strategy, endpoint; for sockets, one keep-alive agent per client with the same options).
 */
import http from 'node:http';
import https from 'node:https';
import { EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { HttpResponse, http as mswHttp } from 'msw';
import { setupServer } from 'msw/node';
import { createKmsClient, startHttpServer } from '../../dist/index.js';
import { CannedRequestHandler, PLAINTEXT, benchCredentials, gcmSealer } from '../lib/canned.mjs';
import { measureInterleaved, printComparison } from '../lib/measure.mjs';
import { coreCostProbe, printCoreCost } from '../lib/core-cost.mjs';
import { LIFTED_LIMITS_NOTE, buildBenchWorld } from '../lib/world.mjs';

const REGION = 'us-east-1';
const AWS_ENDPOINT = `https://kms.${REGION}.amazonaws.com`;
const WARM_CALLS = 20;

/** Counts the connections a client opens, to show that keep-alive reuses one socket per rep. */
function countingAgent(AgentClass, counter) {
  const agent = new AgentClass({ keepAlive: true, maxSockets: 8 });
  const create = agent.createConnection.bind(agent);
  agent.createConnection = (...args) => {
    counter.connections += 1;
    return create(...args);
  };
  return agent;
}

/**
 * The kmsim side's world, built through the SDK on its first rep and kept for the later ones: every
 * rep of either side then opens only a fresh client (and, for sockets, a fresh server), and the
 * kmsim side's timed calls do not pay for collecting the world built for the rep before.
 */
function sharedBenchWorld(onBuilt = () => {}) {
  let built;
  return async () => {
    if (built === undefined) {
      built = await buildBenchWorld();
      onBuilt(built.sim);
    }
    return built;
  };
}

/** One side: `open()` (not timed) resolves to `{ client, keyId, close }`; the op is one Encrypt. */
function sdkSide(name, open) {
  return {
    name,
    batch: 8,
    async prepare() {
      const { client, keyId, close } = await open();
      const op = () => client.send(new EncryptCommand({ KeyId: keyId, Plaintext: PLAINTEXT }));
      for (let i = 0; i < WARM_CALLS; i++) {
        const out = await op();
        if (!out.CiphertextBlob || out.CiphertextBlob.length === 0)
          throw new Error(`${name}: Encrypt returned no CiphertextBlob`);
      }
      return {
        op,
        teardown: async () => {
          client.destroy();
          await close();
        },
      };
    },
  };
}

/** kmsim vs do-nothing (the target), do-nothing + seal vs do-nothing, kmsim vs do-nothing + seal. */
const CRYPTO_FLOOR_RATIOS = [
  [0, 1],
  [2, 1],
  [0, 2],
];

function cannedClient(canned, seal) {
  return new KMSClient({
    region: REGION,
    credentials: benchCredentials(),
    endpoint: AWS_ENDPOINT,
    requestHandler: new CannedRequestHandler(canned, seal),
  });
}

function printConnections(label, counters) {
  console.log(
    `   ${label}: ${counters.map(({ name, connections, reps }) => `${name} ${connections} connection(s) in ${reps} client(s)`).join('; ')}`,
  );
}

export async function runInProcess({ reps, budgetS, canned }) {
  console.log(
    '2. SDK Encrypt through the in-process client vs the same SDK with a do-nothing request handler',
  );
  console.log(
    `   sequential awaited calls; kmsim side: createKmsClient(sim), CloudHSM-store key; ${LIFTED_LIMITS_NOTE}`,
  );
  const probe = coreCostProbe();
  const kmsimWorld = sharedBenchWorld((sim) => probe.attach(sim));
  const results = await measureInterleaved(
    [
      sdkSide('SDK → kmsim in-process handler', async () => {
        const world = await kmsimWorld();
        return { client: createKmsClient(world.sim), keyId: world.hsmKeyId, close: async () => {} };
      }),
      sdkSide('SDK → canned request handler', async () => ({
        client: cannedClient(canned),
        keyId: 'bench-key',
        close: async () => {},
      })),
      sdkSide('SDK → canned request handler + one AES-256-GCM seal', async () => ({
        client: cannedClient(canned, gcmSealer()),
        keyId: 'bench-key',
        close: async () => {},
      })),
    ],
    { reps, budgetS },
  );
  printComparison(results, { unit: 'calls/s', ratios: CRYPTO_FLOOR_RATIOS });
  printCoreCost('between SDK calls, in-process', probe);
  return { results, coreMicros: probe.microsPerRequest() };
}

export async function runMsw({ reps, budgetS, canned }) {
  console.log(
    '3. SDK Encrypt → msw → kmsim vs SDK Encrypt → msw → a handler that returns a canned response',
  );
  console.log(
    `   sequential awaited calls to ${AWS_ENDPOINT}; one msw server open at a time; ${LIFTED_LIMITS_NOTE}`,
  );
  const counters = [
    { name: 'kmsim', connections: 0, reps: 0 },
    { name: 'canned', connections: 0, reps: 0 },
  ];
  const client = (counter) => {
    counter.reps += 1;
    const agent = countingAgent(https.Agent, counter);
    return {
      client: new KMSClient({
        region: REGION,
        credentials: benchCredentials(),
        requestHandler: { httpsAgent: agent },
      }),
      agent,
    };
  };
  const kmsimWorld = sharedBenchWorld();
  const results = await measureInterleaved(
    [
      sdkSide('SDK → msw → kmsim (sim.intercept)', async () => {
        const world = await kmsimWorld();
        const interception = world.sim.intercept();
        const { client: kms, agent } = client(counters[0]);
        return {
          client: kms,
          keyId: world.hsmKeyId,
          close: async () => {
            agent.destroy();
            interception.close();
          },
        };
      }),
      sdkSide('SDK → msw → canned http.post', async () => {
        const server = setupServer(
          mswHttp.post(
            `${AWS_ENDPOINT}/`,
            () => new HttpResponse(canned.body, { status: canned.status, headers: canned.headers }),
          ),
        );
        server.listen({ onUnhandledRequest: 'error' });
        const { client: kms, agent } = client(counters[1]);
        return {
          client: kms,
          keyId: 'bench-key',
          close: async () => {
            agent.destroy();
            server.close();
          },
        };
      }),
    ],
    { reps, budgetS },
  );
  printComparison(results, { unit: 'calls/s', ratios: [[0, 1]] });
  printConnections('connections opened (msw answers before any socket)', counters);
  return results;
}

/** A node:http server that drains the request and answers the canned response (after `seal()`, if given). */
function startBareServer(canned, seal) {
  const server = http.createServer((req, res) => {
    res.sendDate = false;
    req.resume();
    req.on('end', () => {
      seal?.();
      res.writeHead(canned.status, canned.headers);
      res.end(canned.bytes);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function bareSide(name, canned, seal, counter, clientFor) {
  return sdkSide(name, async () => {
    const server = await startBareServer(canned, seal);
    const { client, agent } = clientFor(server.url, counter);
    return {
      client,
      keyId: 'bench-key',
      close: async () => {
        agent.destroy();
        await server.close();
      },
    };
  });
}

export async function runHttp({ reps, budgetS, canned }) {
  console.log(
    '4. SDK Encrypt → kmsim HTTP server vs SDK Encrypt → bare node:http server answering a canned response',
  );
  console.log(
    `   both on 127.0.0.1, port 0; startHttpServer timeScale 0; one keep-alive http.Agent per client, same options; ${LIFTED_LIMITS_NOTE}`,
  );
  const counters = [
    { name: 'kmsim', connections: 0, reps: 0 },
    { name: 'bare', connections: 0, reps: 0 },
    { name: 'bare + seal', connections: 0, reps: 0 },
  ];
  const clientFor = (url, counter) => {
    counter.reps += 1;
    const agent = countingAgent(http.Agent, counter);
    return {
      client: new KMSClient({
        region: REGION,
        credentials: benchCredentials(),
        endpoint: url,
        requestHandler: { httpAgent: agent },
      }),
      agent,
    };
  };
  const probe = coreCostProbe();
  const kmsimWorld = sharedBenchWorld((sim) => probe.attach(sim));
  const results = await measureInterleaved(
    [
      sdkSide('SDK → kmsim startHttpServer', async () => {
        const world = await kmsimWorld();
        const server = await startHttpServer(world.sim, {
          port: 0,
          host: '127.0.0.1',
          timeScale: 0,
        });
        const { client, agent } = clientFor(server.url, counters[0]);
        return {
          client,
          keyId: world.hsmKeyId,
          close: async () => {
            agent.destroy();
            await server.close();
          },
        };
      }),
      bareSide('SDK → bare node:http server', canned, undefined, counters[1], clientFor),
      bareSide(
        'SDK → bare node:http server + one AES-256-GCM seal',
        canned,
        gcmSealer(),
        counters[2],
        clientFor,
      ),
    ],
    { reps, budgetS },
  );
  printComparison(results, { unit: 'calls/s', ratios: CRYPTO_FLOOR_RATIOS });
  printCoreCost('inside the HTTP server', probe);
  printConnections('connections opened', counters);
  return results;
}
