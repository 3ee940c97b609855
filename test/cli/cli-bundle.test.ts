/**
 * Issue 12: bin/kmsim.js runs the command from dist/bundle/, the rolldown bundle `npm run build`
 * writes (scripts/build-cli-bundle.mjs), instead of loading dist/'s ~260 module files one by one.
 * The bundle must behave as dist/cli/main.js does: the same output and reports, its paths built
 * from `import.meta.url` (the python clock shims, the sweep's worker file) pointing at files that
 * exist, packages resolved from the package as before, and lazy commands still lazy. Every child
 * runs with a preload that logs each module file the process (and its worker threads) loads.
 * Needs `npm run build` (npm test runs it first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(REPO, 'bin/kmsim.js');
const UNBUNDLED = join(REPO, 'dist/cli/main.js');
const BUNDLE = join(REPO, 'dist/bundle');
/** Has `call:` steps on both SDK clients, which lazy-sdk.ts require()s from the package. */
const SCENARIO = join(REPO, 'scenarios/clusters-sharing-backup-history-refused.yaml');
const SWEEP_SCENARIO = join(REPO, 'scenarios/one-hsm-of-two-lost.yaml');

let scratch = '';
let preload = '';

/**
 * A preload that logs every ES module URL the process loads (a module hook, which also sees its
 * worker threads' loads) and, at exit, every CommonJS file in require's cache.
 */
function writePreload(dir: string): string {
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    [
      "import { appendFileSync } from 'node:fs';",
      'export async function load(url, context, next) {',
      "  appendFileSync(process.env.KMSIM_TEST_LOAD_LOG, url + '\\n');",
      '  return next(url, context);',
      '}',
    ].join('\n'),
  );
  const file = join(dir, 'preload.mjs');
  writeFileSync(
    file,
    [
      "import { appendFileSync } from 'node:fs';",
      "import { createRequire, register } from 'node:module';",
      "import { pathToFileURL } from 'node:url';",
      `register(${JSON.stringify(pathToFileURL(hooks).href)});`,
      'const cache = createRequire(import.meta.url).cache;',
      "process.on('exit', () => {",
      "  const files = Object.keys(cache).map((file) => pathToFileURL(file).href + '\\n');",
      "  appendFileSync(process.env.KMSIM_TEST_LOAD_LOG, files.join(''));",
      '});',
    ].join('\n'),
  );
  return file;
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Files loaded, as paths relative to the repository (packages as node_modules/...). */
  readonly loaded: readonly string[];
}

let runs = 0;
function kmsim(entry: string, args: readonly string[]): Run {
  runs += 1;
  const log = join(scratch, `loaded-${runs}.txt`);
  writeFileSync(log, '');
  const child = spawnSync(process.execPath, ['--import', preload, entry, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      KMSIM_TEST_LOAD_LOG: log,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  const loaded = [
    ...new Set(
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((url) => url.startsWith('file:'))
        // node_modules may be a link (a git worktree): name packages by their path below it.
        .map((url) => fileURLToPath(url).replace(/^.*\/node_modules\//, 'node_modules/'))
        .filter((path) => path.startsWith('node_modules/') || path.startsWith(REPO))
        .map((path) => (path.startsWith(REPO) ? path.slice(REPO.length) : path)),
    ),
  ];
  return { status: child.status, stdout: child.stdout, stderr: child.stderr, loaded };
}

/** The dist/ modules inside the bundle files a run loaded (dist/bundle/modules.json), sorted. */
function modulesIn(run: Run): string[] {
  const contents = JSON.parse(readFileSync(join(BUNDLE, 'modules.json'), 'utf8')) as Record<
    string,
    string[]
  >;
  return run.loaded
    .filter((file) => file.startsWith('dist/bundle/'))
    .flatMap(
      (file) => contents[file.slice('dist/bundle/'.length)] ?? [`${file}: not in modules.json`],
    )
    .filter((module) => module.startsWith('dist/'))
    .sort();
}

/** The dist/ module files a run of the unbundled command loaded, sorted. */
function distModules(run: Run): string[] {
  return run.loaded.filter((file) => file.startsWith('dist/')).sort();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

beforeAll(() => {
  if (!existsSync(join(BUNDLE, 'kmsim.js')))
    throw new Error(
      'dist/bundle/ is missing: run `npm run build` first (npm test does it via pretest)',
    );
  scratch = mkdtempSync(join(tmpdir(), 'kmsim-cli-bundle-'));
  preload = writePreload(scratch);
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('cli: bin/kmsim.js runs the rolldown bundle in dist/bundle/ (issue 12)', () => {
  it('bin/kmsim.js imports the bundle entry', () => {
    expect(readFileSync(BIN, 'utf8')).toContain("await import('../dist/bundle/kmsim.js');");
  });

  it('kmsim run prints and writes what the unbundled dist/cli/main.js does', () => {
    const bundledDir = join(scratch, 'reports-bundled');
    const unbundledDir = join(scratch, 'reports-unbundled');
    const bundled = kmsim(BIN, ['run', SCENARIO, '--report', bundledDir]);
    const unbundled = kmsim(UNBUNDLED, ['run', SCENARIO, '--report', unbundledDir]);
    expect(bundled.status, bundled.stderr).toBe(0);
    expect(bundled.stdout).toContain('PASSED fingerprint=');
    expect(bundled.stdout).toBe(unbundled.stdout);
    expect(bundled.stderr.replaceAll(bundledDir, 'DIR')).toBe(
      unbundled.stderr.replaceAll(unbundledDir, 'DIR'),
    );
    const files = filesUnder(bundledDir);
    expect(files.length).toBeGreaterThan(0);
    expect(files).toEqual(filesUnder(unbundledDir));
    for (const file of files)
      expect(readFileSync(join(bundledDir, file)), file).toEqual(
        readFileSync(join(unbundledDir, file)),
      );
  });

  it('kmsim run loads the kmsim modules dist/cli/main.js loads, all from dist/bundle/, and the same packages less the bundled ones', () => {
    const bundled = kmsim(BIN, ['run', SCENARIO]);
    const unbundled = kmsim(UNBUNDLED, ['run', SCENARIO]);
    expect(bundled.status, bundled.stderr).toBe(0);
    expect(bundled.loaded).toContain('dist/bundle/kmsim.js');
    expect(bundled.loaded.filter((file) => /^dist\/(?!bundle\/)/.test(file))).toEqual([]);
    expect(modulesIn(bundled)).toEqual(distModules(unbundled));
    const packages = (run: Run) =>
      run.loaded.filter((file) => file.startsWith('node_modules/')).sort();
    // The `call:` steps loaded both SDK clients through createRequire, from the package's place.
    expect(packages(bundled)).toContain('node_modules/@aws-sdk/client-kms/dist-cjs/index.js');
    expect(packages(bundled)).toContain(
      'node_modules/@aws-sdk/client-cloudhsm-v2/dist-cjs/index.js',
    );
    const bundledPackage = /^node_modules\/(yaml|commander|seedrandom)\//;
    expect(packages(unbundled).filter((file) => bundledPackage.test(file)).length).toBeGreaterThan(
      70,
    );
    expect(packages(bundled)).toEqual(
      packages(unbundled).filter((file) => !bundledPackage.test(file)),
    );
    expect(
      packages(bundled).filter((file) => /^node_modules\/(msw|@mswjs|fast-check)\//.test(file)),
    ).toEqual([]);
  });

  it('kmsim --help loads only the modules dist/cli/main.js --help loads: no command implementation', () => {
    const bundled = kmsim(BIN, ['--help']);
    const unbundled = kmsim(UNBUNDLED, ['--help']);
    expect(bundled.status).toBe(0);
    expect(bundled.stdout).toContain('Usage: kmsim');
    expect(bundled.stdout).toBe(unbundled.stdout);
    expect(distModules(unbundled)).not.toContain('dist/cli/run-command.js');
    expect(modulesIn(bundled)).toEqual(distModules(unbundled));
  });

  it('kmsim sweep runs its worker threads from the bundled worker, with the modules and output of the unbundled sweep', () => {
    const args = ['sweep', SWEEP_SCENARIO, '--seeds', '1..4', '--workers', '2'];
    const bundled = kmsim(BIN, args);
    const unbundled = kmsim(UNBUNDLED, args);
    expect(bundled.status, bundled.stderr).toBe(0);
    expect(bundled.stdout).toBe(unbundled.stdout);
    expect(bundled.loaded).toContain('dist/bundle/sweep-worker.js');
    expect(unbundled.loaded).toContain('dist/cli/sweep-worker.js');
    expect(bundled.loaded.filter((file) => /^dist\/(?!bundle\/)/.test(file))).toEqual([]);
    expect(modulesIn(bundled)).toEqual(distModules(unbundled));
  });

  it('every path the bundle builds from import.meta.url names a file that exists, as from dist/', () => {
    const found: string[] = [];
    for (const file of readdirSync(BUNDLE).filter((name) => name.endsWith('.js'))) {
      const text = readFileSync(join(BUNDLE, file), 'utf8');
      for (const match of text.matchAll(
        /new URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url\s*\)/g,
      )) {
        const target = resolve(BUNDLE, match[1]!);
        found.push(target.slice(REPO.length));
        expect(existsSync(target), `${file}: new URL('${match[1]}', import.meta.url)`).toBe(true);
      }
    }
    // child-command.ts's shims directory and sweep-command.ts's worker: the same depth as dist/x/.
    expect(found).toContain('shims/python');
    expect(found).toContain('dist/bundle/sweep-worker.js');
  });

  it('every relative import in the bundle names a file that exists', () => {
    const missing: string[] = [];
    for (const file of readdirSync(BUNDLE).filter((name) => name.endsWith('.js'))) {
      const text = readFileSync(join(BUNDLE, file), 'utf8');
      const specifiers = [
        ...text.matchAll(/\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g),
        ...text.matchAll(/\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g),
      ].map((match) => match[1]!);
      for (const specifier of specifiers)
        if (!existsSync(resolve(BUNDLE, specifier))) missing.push(`${file} imports ${specifier}`);
    }
    expect(missing).toEqual([]);
  });
});
