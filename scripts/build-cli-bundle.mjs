// Part of `npm run build`, after tsc and the scenario validator: bundles the `kmsim` command
// (dist/cli/main.js) and the sweep's worker thread (dist/cli/sweep-worker.js) with rolldown into
// dist/bundle/, which bin/kmsim.js runs (issue 12). dist/'s own module files stay as they are: they
// are the library (`dist/index.js`) and what the tests import.
//
// Why: Node 20's ES module loader spends about half a millisecond of CPU per module file (resolve,
// read, compile, link) and has no compile cache, and `kmsim run` loads some 250 of kmsim's own.
// What the bundle keeps as it was, and how:
// - Every dynamic import of a kmsim module stays lazy: it becomes its own chunk, loaded when the
//   import is reached (`kmsim --help` loads no command's implementation, `kmsim run` no server).
// - `import.meta.url`: every file rolldown writes (entries and chunks) sits in dist/bundle/, at the
//   same depth below the package as dist/<dir>/<module>.js. So `../../shims/python`
//   (child-command.ts) and createRequire's package lookups (lazy-sdk.ts, msw-interceptor.ts)
//   resolve exactly as from dist/, and the sweep's `./sweep-worker.js` (sweep-command.ts) is the
//   bundled worker next to it. test/cli/cli-bundle.test.ts checks these paths.
// - BUNDLED_PACKAGES are CommonJS packages the CLI loads on every run; bundled, they cost no file
//   lookups and no per-file loading (yaml alone is 72 files). Same code (their `node` entry), so
//   the same behaviour. Every other package stays external: the SDK clients (the user's peer
//   dependencies), msw, fast-check, ajv, typescript.
// - REQUIRED_PACKAGES are external CommonJS packages kmsim imports statically. On an ES import,
//   Node first scans the package's source for its export names (cjs-module-lexer); for
//   @aws-sdk/client-kms that is about 70 ms of `kmsim run`'s start. The bundle require()s them
//   instead, as lazy-sdk.ts does: the same file and module object (neither has an `exports` map).
// - NOT_BUNDLED: schema-compiler.js is imported only when the code runs from src/
//   (schema-validator.ts), never from dist/; it stays its own file, imported by its dist/ path.
// The build fails when the bundle imports a package that is not a dependency, or a relative file
// that does not exist.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const OUT = join(DIST, 'bundle');
const ENTRIES = {
  kmsim: join(DIST, 'cli/main.js'),
  'sweep-worker': join(DIST, 'cli/sweep-worker.js'),
};
const BUNDLED_PACKAGES = ['yaml', 'commander', 'seedrandom'];
const REQUIRED_PACKAGES = ['@aws-sdk/client-kms', '@aws-sdk/client-cloudhsm-v2'];
const NOT_BUNDLED = [join(DIST, 'scenarios/file/schema-compiler.js')];
const REQUIRED_PREFIX = '\0kmsim-require:';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
/** Packages the bundle may import at run time: the package's own dependencies and peers. */
const declared = new Set([
  ...Object.keys(manifest.dependencies ?? {}),
  ...Object.keys(manifest.peerDependencies ?? {}),
  // client-modules.ts imports it only to run a user's .ts client module, as dist/ does.
  'typescript',
]);

/** The package a bare specifier names: `@scope/name` or `name`. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isBuiltin(specifier) {
  return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);
}

/** Static ES imports of REQUIRED_PACKAGES become require() of the same package (see above). */
const requireCommonJsPackages = {
  name: 'kmsim-require-commonjs-packages',
  resolveId(source, importer) {
    if (REQUIRED_PACKAGES.includes(source) && importer && !importer.startsWith(REQUIRED_PREFIX))
      return { id: REQUIRED_PREFIX + source };
    return null;
  },
  load(id) {
    if (!id.startsWith(REQUIRED_PREFIX)) return null;
    const source = id.slice(REQUIRED_PREFIX.length);
    return { code: `module.exports = require(${JSON.stringify(source)});\n`, moduleType: 'js' };
  },
};

rmSync(OUT, { recursive: true, force: true });
const { output } = await build({
  cwd: ROOT,
  input: ENTRIES,
  platform: 'node',
  logLevel: 'warn',
  plugins: [requireCommonJsPackages],
  external(source, importer, isResolved) {
    if (isResolved) return NOT_BUNDLED.includes(source);
    if (source.startsWith('.') || source.startsWith('/') || source.startsWith('\0')) return false;
    // Imported by kmsim: through the plugin above; by the plugin's module: external.
    if (REQUIRED_PACKAGES.includes(source)) return importer?.startsWith(REQUIRED_PREFIX) === true;
    if (NOT_BUNDLED.includes(resolve(dirname(importer ?? ROOT), source))) return true;
    return isBuiltin(source) || !BUNDLED_PACKAGES.includes(packageOf(source));
  },
  output: {
    dir: OUT,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    // Documentation comments are for the sources; in the bundle, the packages' JSDoc also names
    // their own relative files (`import("./command.js")`), which are not beside the bundle.
    comments: { legal: true, annotation: false, jsdoc: false },
  },
});

const problems = [];
for (const chunk of output) {
  if (chunk.type !== 'chunk') continue;
  for (const imported of [...chunk.imports, ...chunk.dynamicImports]) {
    if (imported.startsWith('.') || imported.startsWith('/')) {
      if (!existsSync(resolve(OUT, imported)))
        problems.push(`${chunk.fileName} imports ${imported}, which is not a file`);
    } else if (
      !isBuiltin(imported) &&
      !declared.has(packageOf(imported)) &&
      !output.some((other) => other.fileName === imported)
    ) {
      problems.push(`${chunk.fileName} imports ${imported}, which is not a dependency`);
    }
  }
}
if (problems.length > 0) {
  process.stderr.write(`build-cli-bundle: ${problems.join('\n  ')}\n`);
  process.exit(1);
}
// Which modules each file holds (dist/... or node_modules/...), for test/cli/cli-bundle.test.ts.
const contents = Object.fromEntries(
  output
    .filter((chunk) => chunk.type === 'chunk')
    .map((chunk) => [
      chunk.fileName,
      chunk.moduleIds
        .filter((id) => !id.startsWith('\0'))
        .map((id) => id.replace(/^.*\/node_modules\//, 'node_modules/'))
        .map((id) => (id.startsWith(ROOT) ? id.slice(ROOT.length) : id)),
    ]),
);
writeFileSync(join(OUT, 'modules.json'), `${JSON.stringify(contents, null, 2)}\n`);
const modules = Object.values(contents).reduce((sum, ids) => sum + ids.length, 0);
process.stdout.write(
  `wrote ${relative(ROOT, OUT)}/: ${Object.keys(ENTRIES)
    .map((name) => `${name}.js`)
    .join(', ')} and ${output.length - Object.keys(ENTRIES).length} chunks (${modules} modules)\n`,
);
