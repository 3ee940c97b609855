/**
 * `kmsim serve` in a child process, as other processes and languages use it: the built
 * bin/kmsim.js (npm `pretest` builds dist/), frozen virtual time (`--time-scale 0`) and a free port.
 *
 *   const server = await startServe({ seed: 7 });
 *   afterAll(() => server.close());
 *   await server.advance(120); await server.action({ action: 'activate-cluster', ... });
 *
 * Every wait is bounded and every child is killed: `close()` sends SIGTERM, then SIGKILL after a
 * grace period, and a process 'exit' hook kills whatever a crashed test run left behind.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/kmsim.js', import.meta.url));
const DIST_MAIN = new URL('../../dist/cli/main.js', import.meta.url);

const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 3_000;
const CONTROL_TIMEOUT_MS = 10_000;
const LISTENING = /^kmsim listening on (http:\/\/[^\s]+:(\d+))$/m;

export interface ServeOptions {
  readonly seed?: number;
  /** Default 0: time moves only through `/_sim/advance`. */
  readonly timeScale?: number;
  /** More `kmsim serve` flags, e.g. `['--trace-events', '2000']`. */
  readonly extraArgs?: readonly string[];
}

export interface ServeProcess {
  readonly url: string;
  readonly port: number;
  /** Pid of the supervising tether process (the server is its only child). */
  readonly pid: number;
  /** Resident set size of the server process itself, in bytes (Linux /proc). */
  serverRssBytes(): number;
  /** What the child wrote to stderr so far (SEED line, logged client errors). */
  stderr(): string;
  /** True while the child has not exited. */
  alive(): boolean;
  /** `POST /_sim/advance`; throws unless 200. */
  advance(seconds: number): Promise<{ ok: true; nowMs: number }>;
  /** `POST /_sim/actions`; returns status and body without throwing on 400. */
  action(body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  /** `GET /_sim/world`. */
  world(): Promise<WorldView>;
  /** `GET /_sim/trace` as text (JSON lines). */
  trace(): Promise<string>;
  /** `GET /_sim/health` status. */
  health(): Promise<number>;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the child is gone. Idempotent. */
  close(): Promise<void>;
}

export interface WorldView {
  readonly nowMs: number;
  readonly subnets: { subnetId: string; availabilityZone: string }[];
  readonly clusters: {
    clusterId: string;
    state: string;
    hsms: { hsmId: string; state: string }[];
  }[];
  readonly keyStores: { customKeyStoreId: string; connectionState: string }[];
  readonly keys: { keyId: string; arn: string; keyState: string }[];
  readonly [other: string]: unknown;
}

/**
 * A tiny supervisor between the test and `kmsim serve`: it forwards SIGTERM/SIGINT, exits with the
 * server, and kills the server when its own stdin closes. The test holds that stdin open, so if
 * the test worker dies without running afterAll (a crash, a timeout, a killed vitest), the pipe
 * closes and the server goes with it instead of listening forever.
 */
const TETHER = `
import { spawn } from 'node:child_process';
const server = spawn(process.execPath, process.argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit'] });
const stop = (signal) => { if (server.exitCode === null && server.signalCode === null) server.kill(signal); };
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
process.stdin.on('end', () => stop('SIGKILL'));
process.stdin.on('error', () => stop('SIGKILL'));
process.stdin.resume();
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
`;

const live = new Set<ChildProcessWithoutNullStreams>();
let exitHookInstalled = false;

/** Last line of defence: a test runner that dies must not leave servers listening. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) {
      try {
        // The tether forwards this; and when this process is gone its stdin closes, which also stops the server.
        child.kill('SIGTERM');
      } catch {
        // already gone
      }
    }
  });
}

async function controlFetch(url: string, init: RequestInit & { what: string }): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS) });
  } catch (error) {
    throw new Error(
      `${init.what} (${url}) failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export async function startServe(options: ServeOptions = {}): Promise<ServeProcess> {
  if (!existsSync(DIST_MAIN)) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does it via pretest)');
  }
  installExitHook();
  const seed = options.seed ?? 1;
  const timeScale = options.timeScale ?? 0;
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      TETHER,
      BIN,
      'serve',
      '--port',
      '0',
      '--seed',
      String(seed),
      '--time-scale',
      String(timeScale),
      ...(options.extraArgs ?? []),
    ],
    { cwd: REPO_ROOT, env: { ...process.env }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  // stdin stays open for the tether; it closes when this process goes away.
  child.stdin.on('error', () => undefined);
  live.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      live.delete(child);
      resolve();
    });
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // SIGKILL on the tether would orphan the server: closing stdin makes the tether SIGKILL it.
      const timer = setTimeout(() => {
        child.stdin.end();
        setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS).unref();
      }, STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    })();
    return closing;
  };

  const url = await new Promise<string>((resolve, reject) => {
    const deadline = setTimeout(() => {
      clearInterval(poll);
      reject(
        new Error(
          `kmsim serve (seed ${seed}) printed no listening line within ${START_TIMEOUT_MS} ms; stdout: ${JSON.stringify(stdout)} stderr: ${JSON.stringify(stderr)}`,
        ),
      );
    }, START_TIMEOUT_MS);
    const poll = setInterval(() => {
      const match = LISTENING.exec(stdout);
      if (match?.[1]) {
        clearTimeout(deadline);
        clearInterval(poll);
        resolve(match[1]);
      }
    }, 20);
    void exited.then(() => {
      if (LISTENING.test(stdout)) return;
      clearTimeout(deadline);
      clearInterval(poll);
      reject(
        new Error(
          `kmsim serve exited before listening (code ${child.exitCode}, signal ${child.signalCode}): ${stderr}`,
        ),
      );
    });
  }).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  const port = Number(new URL(url).port);

  return {
    url,
    port,
    pid: child.pid ?? -1,
    serverRssBytes: () => serverRss(child.pid ?? -1),
    stderr: () => stderr,
    alive: () => child.exitCode === null && child.signalCode === null,
    async advance(seconds) {
      const res = await controlFetch(`${url}/_sim/advance`, {
        method: 'POST',
        body: JSON.stringify({ seconds }),
        what: `advance ${seconds}s`,
      });
      const body = (await res.json()) as { ok: true; nowMs: number };
      if (res.status !== 200)
        throw new Error(`advance ${seconds}s: HTTP ${res.status} ${JSON.stringify(body)}`);
      return body;
    },
    async action(body) {
      const res = await controlFetch(`${url}/_sim/actions`, {
        method: 'POST',
        body: JSON.stringify(body),
        what: 'action',
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async world() {
      const res = await controlFetch(`${url}/_sim/world`, { what: 'world' });
      if (res.status !== 200) throw new Error(`world: HTTP ${res.status}`);
      return (await res.json()) as WorldView;
    },
    async trace() {
      const res = await controlFetch(`${url}/_sim/trace`, { what: 'trace' });
      if (res.status !== 200) throw new Error(`trace: HTTP ${res.status}`);
      return await res.text();
    },
    async health() {
      const res = await controlFetch(`${url}/_sim/health`, { what: 'health' });
      await res.arrayBuffer();
      return res.status;
    },
    close,
  };
}

/** VmRSS of the tether's only child, the server (Linux: /proc/<pid>/task/<pid>/children). */
function serverRss(tetherPid: number): number {
  const children = readFileSync(`/proc/${tetherPid}/task/${tetherPid}/children`, 'utf8').trim();
  const serverPid = children.split(/\s+/)[0];
  if (!serverPid) throw new Error(`the tether ${tetherPid} has no server child`);
  const status = readFileSync(`/proc/${serverPid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS in /proc/${serverPid}/status`);
  return Number(kib) * 1024;
}

/** Picks two subnets in different Availability Zones from `/_sim/world` (docs/behaviour.md §4.4: two AZs). */
export function twoAzSubnets(world: WorldView): { subnetId: string; availabilityZone: string }[] {
  const byAz = new Map<string, { subnetId: string; availabilityZone: string }>();
  for (const subnet of world.subnets)
    if (!byAz.has(subnet.availabilityZone)) byAz.set(subnet.availabilityZone, subnet);
  const picked = [...byAz.values()].slice(0, 2);
  if (picked.length < 2)
    throw new Error(`need subnets in two AZs, world has ${JSON.stringify(world.subnets)}`);
  return picked;
}

/**
 * A JSON 1.1 call over plain fetch (no SDK): returns status and the raw body text, so tests can
 * compare bytes. `service` picks the target prefix.
 */
export async function wireCall(
  url: string,
  target: string,
  body: unknown,
  timeoutMs = CONTROL_TIMEOUT_MS,
): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(`${url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}
