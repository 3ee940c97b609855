/**
 * Issue #15 §4: layers point down. This test encodes the agreed layer table: a file in folder X of
 * src/ may import only from X itself or from the folders listed for X. A folder is the first path
 * segment under src/, so subfolders (src/scenarios/file/…, src/scenarios/run/…) belong to their top
 * folder and need no entry of their own. ROOT is src/simulator.ts and every other composition file
 * directly in src/ except the public barrel src/index.ts.
 *
 * "(types)" in the table means type-only imports (`import type`, or every named specifier marked
 * `type`): a report may name a World type but not call into the world.
 *
 * A new top folder under src/ fails the test until it has a row here, so no folder escapes the
 * table. The imports are read with the TypeScript parser (static imports, re-exports and dynamic
 * `import()`), not with a regular expression, so comments and strings do not count.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'src');

type Layer =
  | 'cli'
  | 'index'
  | 'properties'
  | 'scenarios'
  | 'report'
  | 'ROOT'
  | 'transport'
  | 'control'
  | 'faults'
  | 'load'
  | 'kms'
  | 'cloudhsm'
  | 'protocol'
  | 'world'
  | 'crypto'
  | 'sim';

/** What a layer may import: `value` (anything) or `types` (type-only imports). */
type Allowed = Partial<Record<Layer, 'value' | 'types'>>;

const all = (...layers: Layer[]): Allowed =>
  Object.fromEntries(layers.map((layer) => [layer, 'value' as const]));

const BELOW_ROOT: Layer[] = [
  'transport',
  'control',
  'faults',
  'load',
  'kms',
  'cloudhsm',
  'protocol',
  'world',
  'crypto',
  'sim',
];

/** The layer table (notes/LAYERS.md, agreed by the lead). */
const LAYER_TABLE: Readonly<Record<Layer, Allowed>> = {
  cli: all('index', 'properties', 'scenarios', 'report', 'ROOT', ...BELOW_ROOT),
  index: all('properties', 'scenarios', 'report', 'ROOT', ...BELOW_ROOT),
  properties: all('scenarios', 'report', 'ROOT', ...BELOW_ROOT),
  scenarios: all('report', 'ROOT', ...BELOW_ROOT),
  report: { world: 'types', protocol: 'types', sim: 'value' },
  ROOT: all(...BELOW_ROOT),
  transport: { protocol: 'value', world: 'types', sim: 'value' },
  control: all('faults', 'load', 'kms', 'cloudhsm', 'protocol', 'world', 'crypto', 'sim'),
  faults: all('kms', 'cloudhsm', 'protocol', 'world', 'crypto', 'sim'),
  load: all('world', 'crypto', 'sim', 'protocol'),
  kms: all('protocol', 'world', 'crypto', 'sim'),
  cloudhsm: all('protocol', 'world', 'crypto', 'sim'),
  protocol: all('sim'),
  world: all('crypto', 'sim'),
  crypto: all('sim'),
  sim: {},
};

/** The layer of a path relative to src/ (`scenarios/run/runner.ts` → scenarios). */
function layerOf(rel: string): Layer | undefined {
  const parts = rel.split('/');
  if (parts.length === 1) return rel === 'index.ts' ? 'index' : 'ROOT';
  const folder = parts[0] as Layer;
  return folder in LAYER_TABLE && folder !== 'index' && folder !== 'ROOT' ? folder : undefined;
}

interface ImportFact {
  readonly line: number;
  readonly specifier: string;
  readonly typeOnly: boolean;
}

/** Every relative module a file imports or re-exports, with whether the import is type-only. */
function importsOf(fileName: string, text: string): ImportFact[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const facts: ImportFact[] = [];
  const add = (node: ts.Node, specifier: ts.Expression | undefined, typeOnly: boolean): void => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    if (!specifier.text.startsWith('.')) return; // packages and node: builtins
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    facts.push({ line, specifier: specifier.text, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            named !== undefined &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((element) => element.isTypeOnly)));
      add(node, node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      const clause = node.exportClause;
      const typeOnly =
        node.isTypeOnly ||
        (clause !== undefined &&
          ts.isNamedExports(clause) &&
          clause.elements.length > 0 &&
          clause.elements.every((element) => element.isTypeOnly));
      add(node, node.moduleSpecifier, typeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], false);
    } else if (ts.isImportTypeNode(node)) {
      // `import('../x.js').T` in a type position.
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument)) add(node, argument.literal as ts.Expression, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return facts;
}

/** The layer-table breaches of one file (`rel` is relative to src/). */
function violationsOf(rel: string, text: string): string[] {
  const from = layerOf(rel);
  if (from === undefined)
    return [`${rel}: folder ${rel.split('/')[0]}/ is not in the layer table; add a row for it`];
  const out: string[] = [];
  for (const fact of importsOf(rel, text)) {
    const target = relative(SRC, resolve(SRC, dirname(rel), fact.specifier))
      .split('\\')
      .join('/');
    const where = `${rel}:${fact.line}: imports '${fact.specifier}'`;
    if (target.startsWith('..')) {
      out.push(`${where}, outside src/`);
      continue;
    }
    const to = layerOf(target);
    if (to === undefined) {
      out.push(`${where}, in a folder the layer table does not list`);
      continue;
    }
    if (to === from) continue;
    const allowed = LAYER_TABLE[from][to];
    if (allowed === 'value') continue;
    if (allowed === 'types' && fact.typeOnly) continue;
    out.push(
      allowed === 'types'
        ? `${where}: ${from} may import only types from ${to}`
        : `${where}: ${from} may not import ${to}`,
    );
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('conventions: imports point down the layer table', () => {
  const files = sourceFiles(SRC).map((path) => ({
    path,
    rel: relative(SRC, path).split('\\').join('/'),
  }));

  it('finds the source tree and every top folder has a row', () => {
    expect(files.length).toBeGreaterThan(50);
    const folders = new Set(files.map(({ rel }) => rel.split('/')).filter((p) => p.length > 1));
    for (const [folder] of folders) expect(layerOf(`${folder}/x.ts`), folder).toBeDefined();
  });

  it('no file in src/ imports a layer its folder may not import', () => {
    const offenders = files.flatMap(({ path, rel }) =>
      violationsOf(rel, readFileSync(path, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('the detector catches planted offenders, also in subfolders and dynamic imports', () => {
    const planted = (rel: string, text: string): string[] =>
      violationsOf(rel, text).map((line) => line.replace(/^[^:]+:\d+: /, ''));
    // Upward value import from a low layer.
    expect(planted('sim/kernel.ts', "import { World } from '../world/world.js';")).toEqual([
      "imports '../world/world.js': sim may not import world",
    ]);
    // control may not import transport, even a type.
    expect(
      planted('control/x.ts', "import type { SimEndpoint } from '../transport/sim-endpoint.js';"),
    ).toEqual(["imports '../transport/sim-endpoint.js': control may not import transport"]);
    // report takes only types from world; a value import breaks the rule, a type import does not.
    expect(
      planted('report/x.ts', "import { findCluster } from '../world/cluster-lifecycle.js';"),
    ).toEqual(["imports '../world/cluster-lifecycle.js': report may import only types from world"]);
    expect(
      planted('report/x.ts', "import { type World, type Cluster } from '../world/world.js';"),
    ).toEqual([]);
    // report may not import faults or scenarios, from a subfolder of scenarios neither.
    expect(
      planted('report/x.ts', "export { FAULT_CATALOGUE } from '../faults/catalogue.js';"),
    ).toEqual(["imports '../faults/catalogue.js': report may not import faults"]);
    expect(planted('report/x.ts', "const m = await import('../scenarios/run/runner.js');")).toEqual(
      ["imports '../scenarios/run/runner.js': report may not import scenarios"],
    );
    // A subfolder of scenarios is scenarios: it may import report, and its siblings, but not cli.
    expect(
      planted(
        'scenarios/run/runner.ts',
        [
          "import { renderRunbookReport } from '../../report/runbook-report.js';",
          "import { parse } from '../file/parse.js';",
          "import { main } from '../../cli/main.js';",
        ].join('\n'),
      ),
    ).toEqual(["imports '../../cli/main.js': scenarios may not import cli"]);
    // The barrel may not import cli; ROOT may not import scenarios; comments do not count.
    expect(planted('index.ts', "export * from './cli/main.js';")).toEqual([
      "imports './cli/main.js': index may not import cli",
    ]);
    expect(
      planted(
        'simulator.ts',
        "// import { x } from './scenarios/runner.js';\nimport { y } from './scenarios/runner.js';",
      ),
    ).toEqual(["imports './scenarios/runner.js': ROOT may not import scenarios"]);
    // A folder missing from the table is reported, not silently allowed.
    expect(violationsOf('newthing/x.ts', '')).toEqual([
      'newthing/x.ts: folder newthing/ is not in the layer table; add a row for it',
    ]);
  });
});
