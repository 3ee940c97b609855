/**
 * The package as users get it (issue #17 §2): `npm pack` this checkout (dist/ from `npm run build`,
 * which `npm test` runs first), install the tarball into a scratch project next to the newest
 * @aws-sdk/client-kms and @aws-sdk/client-cloudhsm-v2 the registry has, and use it there as a user
 * would:
 *   - every relative import in the shipped dist/ resolves to a shipped file, and so do `exports`,
 *     `main`, `types` and `bin` (a file missing from `files` fails here);
 *   - the user's project and kmsim share one copy of each SDK client (peer dependencies);
 *   - every ```ts block of the README type-checks with tsc (strict, NodeNext) against the installed
 *     package, with library checking on, so a type that does not resolve fails;
 *   - the README blocks run: the vitest example with vitest, the others with node;
 *   - `npx kmsim run` on a shipped scenario passes, writes its report, and prints no SDK
 *     Node-version warning even with the silencing variable unset (bin/kmsim.js sets it);
 *     `npx kmsim sweep` runs it on its worker threads (a file loaded by URL, not by import).
 * Every child runs on the Node that runs this test (process.execPath), so .ci/run's Node 22 and 24
 * passes exercise the installed package on those runtimes too.
 *
 * It needs the npm registry. Unreachable outside CI: skipped with a printed reason; with CI=true
 * it fails instead.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inCi } from '../support/real-client-detection.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const OURS = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const SDK_CLIENTS = ['@aws-sdk/client-kms', '@aws-sdk/client-cloudhsm-v2'] as const;
const SCENARIO = 'one-hsm-of-two-lost';
const NODE_BIN = dirname(process.execPath);
const WARNING = 'NodeVersionSupportWarning';

/** The environment of a user's shell: this test's Node first on PATH, no silencing variable. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${NODE_BIN}:${process.env['PATH']}` };
  delete env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'];
  // vitest sets these for its own workers; a child vitest must not inherit them.
  for (const name of Object.keys(env)) if (/^(VITEST|TEST)$|^VITEST_/.test(name)) delete env[name];
  delete env['NODE_ENV'];
  delete env['FORCE_COLOR'];
  env['NO_COLOR'] = '1';
  return env;
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs: number,
): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    env: userEnv(),
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function describeRun(what: string, result: SpawnSyncReturns<string>): string {
  const why = result.error ? ` (${result.error.message})` : '';
  return `${what}: exit ${String(result.status)}${why}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

function mustRun(
  what: string,
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 300_000,
): SpawnSyncReturns<string> {
  const result = run(command, args, cwd, timeoutMs);
  if (result.status !== 0) throw new Error(describeRun(what, result));
  return result;
}

/** The README's ```ts blocks, in order, with what each imports. */
function readmeBlocks(): { code: string; usesVitest: boolean }[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => ({
    code: match[1]!,
    usesVitest: /from 'vitest'/.test(match[1]!),
  }));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Relative module specifiers in a JS or .d.ts file (static, re-export and dynamic imports). */
function relativeImports(text: string): string[] {
  const found = [
    ...text.matchAll(/\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/g),
    ...text.matchAll(/\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g),
    ...text.matchAll(/^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/gm),
  ];
  return found.map((match) => match[1]!);
}

interface Scratch {
  readonly dir: string;
  readonly pkg: string;
  readonly versions: Record<string, string>;
}

let scratch: Scratch | undefined;
let skipReason: string | undefined;
const workDir = mkdtempSync(join(tmpdir(), 'kmsim-pack-'));

/** The newest version of each SDK client on the registry, or why the registry did not answer. */
function newestVersions(): Record<string, string> | string {
  const versions: Record<string, string> = {};
  for (const name of SDK_CLIENTS) {
    const view = run('npm', ['view', name, 'version'], workDir, 120_000);
    const version = view.stdout.trim().split('\n').at(-1)?.trim() ?? '';
    if (view.status !== 0 || !/^\d+\.\d+\.\d+$/.test(version))
      return `npm view ${name} version failed: exit ${String(view.status)} ${view.error?.message ?? ''} ${view.stderr.trim().split('\n').slice(-3).join(' / ')}`;
    versions[name] = version;
  }
  return versions;
}

beforeAll(() => {
  if (!existsSync(join(REPO, 'dist', 'index.js')) || !existsSync(join(REPO, 'dist', 'index.d.ts')))
    throw new Error('dist/ is missing: run `npm run build` first (npm test does it via pretest)');
  const newest = newestVersions();
  if (typeof newest === 'string') {
    if (inCi()) throw new Error(`the npm registry is needed in CI: ${newest}`);
    skipReason = `npm registry unreachable, packaging test skipped: ${newest}`;
    console.log(skipReason);
    return;
  }
  // --ignore-scripts: dist/ is already built by pretest; `prepare` would rebuild it.
  const packed = mustRun(
    'npm pack',
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', workDir],
    REPO,
  );
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  const tarball = join(workDir, filename);
  const dir = join(workDir, 'project');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'kmsim-user', private: true, type: 'module' }, null, 2)}\n`,
  );
  const tools = ['typescript', 'vitest', '@types/node'].map(
    (name) => `${name}@${OURS.devDependencies[name]}`,
  );
  mustRun(
    'npm install of the tarball with the newest SDK clients',
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--save-dev',
      tarball,
      ...SDK_CLIENTS.map((name) => `${name}@${newest[name]}`),
      ...tools,
    ],
    dir,
    600_000,
  );
  scratch = { dir, pkg: join(dir, 'node_modules', 'kmsim'), versions: newest };
  console.log(
    `packaging: ${filename} installed with ${SDK_CLIENTS.map((name) => `${name}@${newest[name]}`).join(', ')} on Node ${process.version}`,
  );
}, 900_000);

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

/** The scratch project, or skip this test (registry unreachable outside CI). */
function project(context: { skip: (note?: string) => void }): Scratch {
  if (scratch === undefined) {
    context.skip(skipReason);
    throw new Error('unreachable: skip() throws');
  }
  return scratch;
}

describe('packaging: the packed tarball in a scratch project with the newest SDK clients', () => {
  it('every file the package points at or imports is in the tarball', (context) => {
    const { pkg } = project(context);
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as {
      main: string;
      types: string;
      bin: Record<string, string>;
      exports: Record<string, string | Record<string, string>>;
    };
    const pointed = [
      manifest.main,
      manifest.types,
      ...Object.values(manifest.bin),
      ...Object.values(manifest.exports).flatMap((target) =>
        typeof target === 'string' ? [target] : Object.values(target),
      ),
    ];
    const missing = pointed.filter((target) => !existsSync(join(pkg, target)));
    const shipped = filesUnder(join(pkg, 'dist')).filter((file) => /\.(js|d\.ts)$/.test(file));
    expect(shipped.length).toBeGreaterThan(100);
    for (const file of shipped) {
      for (const specifier of relativeImports(readFileSync(file, 'utf8'))) {
        const target = resolve(dirname(file), specifier);
        const candidates = file.endsWith('.d.ts')
          ? [target, target.replace(/\.js$/, '.d.ts')]
          : [target];
        if (!candidates.some((candidate) => existsSync(candidate)))
          missing.push(`${relative(pkg, file)} imports ${specifier}`);
      }
    }
    const bin = readFileSync(join(pkg, manifest.bin['kmsim']!), 'utf8');
    for (const specifier of relativeImports(bin))
      if (!existsSync(resolve(dirname(join(pkg, manifest.bin['kmsim']!)), specifier)))
        missing.push(`bin imports ${specifier}`);
    expect(existsSync(join(pkg, 'scenarios', `${SCENARIO}.yaml`))).toBe(true);
    expect(missing).toEqual([]);
  });

  it("the user's project and kmsim share one copy of each SDK client", (context) => {
    const { dir, pkg, versions } = project(context);
    for (const name of SDK_CLIENTS) {
      expect(existsSync(join(pkg, 'node_modules', name)), `nested ${name} under kmsim`).toBe(false);
      const installed = JSON.parse(
        readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8'),
      ) as { version: string };
      expect(installed.version).toBe(versions[name]);
    }
  });

  it('every README ```ts block type-checks against the installed package and runs', {
    timeout: 900_000,
  }, (context) => {
    const { dir } = project(context);
    const blocks = readmeBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(blocks.filter((block) => block.usesVitest)).toHaveLength(1);
    const src = join(dir, 'src');
    mkdirSync(src, { recursive: true });
    const names = blocks.map((block, index) =>
      block.usesVitest ? `readme-${index + 1}.test.ts` : `readme-${index + 1}.ts`,
    );
    blocks.forEach((block, index) => {
      writeFileSync(join(src, names[index]!), block.code);
    });
    writeFileSync(
      join(dir, 'tsconfig.json'),
      `${JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            lib: ['ES2022'],
            types: ['node'],
            strict: true,
            // Library files are checked too: an unresolved import in kmsim's .d.ts fails here.
            skipLibCheck: false,
            outDir: 'out',
            rootDir: 'src',
          },
          include: ['src'],
        },
        null,
        2,
      )}\n`,
    );
    const tsc = run(
      process.execPath,
      [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'],
      dir,
      300_000,
    );
    expect(tsc.status, describeRun('tsc -p . in the scratch project', tsc)).toBe(0);

    blocks.forEach((block, index) => {
      if (block.usesVitest) return;
      const file = join(dir, 'out', names[index]!.replace(/\.ts$/, '.js'));
      const result = run(process.execPath, [file], dir, 120_000);
      expect(result.status, describeRun(`node ${names[index]}`, result)).toBe(0);
    });

    const vitestFile = names.find((name) => name.endsWith('.test.ts'))!;
    const vitest = run(
      process.execPath,
      [join(dir, 'node_modules', 'vitest', 'vitest.mjs'), 'run', `src/${vitestFile}`],
      dir,
      600_000,
    );
    expect(vitest.status, describeRun(`vitest run src/${vitestFile}`, vitest)).toBe(0);
    expect(vitest.stdout).toMatch(/Tests\s+2 passed \(2\)/);
    // The README says where the SDK's warning comes from: on Node 20 the user's own test run
    // prints it (the silencing variable is unset here); from Node 22 on the SDK does not warn.
    const major = Number(process.versions.node.split('.')[0]);
    expect(`${vitest.stdout}${vitest.stderr}`.includes(WARNING)).toBe(major < 22);
  });

  it('npx kmsim run passes a shipped scenario and prints no SDK Node-version warning', {
    timeout: 300_000,
  }, (context) => {
    const { dir } = project(context);
    const result = run(
      'npx',
      [
        '--no-install',
        'kmsim',
        'run',
        `node_modules/kmsim/scenarios/${SCENARIO}.yaml`,
        '--report',
        'reports',
      ],
      dir,
      300_000,
    );
    expect(result.status, describeRun('npx kmsim run', result)).toBe(0);
    expect(result.stdout).toMatch(/PASS/);
    expect(result.stdout).not.toMatch(/\bFAIL\b/);
    expect(`${result.stdout}${result.stderr}`).not.toContain(WARNING);
    expect(existsSync(join(dir, 'reports', `${SCENARIO}.md`))).toBe(true);
    expect(existsSync(join(dir, 'reports', `${SCENARIO}.svg`))).toBe(true);
  });

  it('npx kmsim sweep runs the shipped scenario on its worker threads', {
    timeout: 300_000,
  }, (context) => {
    const { dir } = project(context);
    const result = run(
      'npx',
      [
        '--no-install',
        'kmsim',
        'sweep',
        `node_modules/kmsim/scenarios/${SCENARIO}.yaml`,
        '--seeds',
        '1..2',
        '--workers',
        '1',
      ],
      dir,
      300_000,
    );
    expect(result.status, describeRun('npx kmsim sweep', result)).toBe(0);
    expect(result.stdout).toMatch(/PASSED: all 2 seeds/);
    expect(`${result.stdout}${result.stderr}`).not.toContain(WARNING);
  });
});
