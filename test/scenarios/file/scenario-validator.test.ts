/**
 * The scenario validator shipped in dist/ (ajv standalone code that `npm run build` generates,
 * scripts/build-scenario-validator.mjs) against the schema in src/ (issue 12):
 *   - the shipped module is byte for byte what the schema generates now, so a schema change without
 *     a rebuild, or a generator that is not deterministic, fails here;
 *   - the shipped validator and one compiled in this process from the same schema judge the same
 *     documents identically, errors and their messages included: every scenario, example and
 *     fixture file, and each of them broken in many ways (every field replaced by values of other
 *     types, every key removed, an unknown key added to every mapping);
 *   - loading a scenario from dist/ does not load ajv's compiler, nor (without call: steps) an AWS
 *     SDK package (api-calls.ts loads them on first use).
 * Needs `npm run build` (which `npm test` runs first).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runModuleScript } from '../../support/module-script.js';
import {
  compileScenarioValidator,
  scenarioValidatorModule,
} from '../../../src/scenarios/file/schema-compiler.js';
import { schemaProblem } from '../../../src/scenarios/file/schema-errors.js';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const SHIPPED = join(REPO, 'dist/scenarios/file/scenario-validator.js');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const WRONG_VALUES: readonly unknown[] = [
  true,
  -1,
  0.5,
  1e300,
  '',
  'x',
  '5 minutes',
  'fualt',
  null,
  [],
  ['a'],
  {},
  { type: 'nope' },
];

type Path = readonly (string | number)[];

function paths(value: unknown, at: Path = []): Path[] {
  const found: Path[] = [at];
  if (Array.isArray(value))
    for (const [index, item] of value.entries()) found.push(...paths(item, [...at, index]));
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) found.push(...paths(item, [...at, key]));
  return found;
}

/** A deep copy of `value` with `edit` applied to the node at `path` (its parent and key). */
function edited(
  value: unknown,
  path: Path,
  edit: (parent: Record<string | number, unknown>, key: string | number) => void,
): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  edit(parent, path.at(-1)!);
  return copy;
}

/** Every scenario-shaped document in the repository, then each broken in many ways. */
function corpus(): unknown[] {
  const documents = ['scenarios', 'examples', 'test']
    .flatMap((dir) => yamlFiles(join(REPO, dir)))
    .flatMap((file) => {
      // Some fixtures are malformed YAML on purpose; the parser refuses those before the schema.
      try {
        return [parse(readFileSync(file, 'utf8')) as unknown];
      } catch {
        return [];
      }
    });
  const broken: unknown[] = [];
  for (const document of documents) {
    broken.push(...WRONG_VALUES);
    for (const path of paths(document)) {
      if (path.length === 0) continue;
      for (const wrong of WRONG_VALUES)
        broken.push(edited(document, path, (parent, key) => (parent[key] = wrong)));
      broken.push(
        edited(document, path, (parent, key) => {
          if (Array.isArray(parent)) parent.splice(key as number, 1);
          else delete parent[key];
        }),
      );
    }
    for (const path of paths(document)) {
      const node = path.reduce<unknown>(
        (at, key) => (at as Record<string | number, unknown>)[key],
        document,
      );
      if (typeof node === 'object' && node !== null && !Array.isArray(node))
        broken.push(
          path.length === 0
            ? { ...(node as object), fualt: 1 }
            : edited(document, path, (parent, key) => {
                parent[key] = { ...(node as object), fualt: 1 };
              }),
        );
    }
  }
  return [...documents, ...broken];
}

/** What a validator said about one document, schemas by value and each error as a load message. */
function verdict(validate: ValidateFunction, document: unknown): string {
  if (validate(document)) return 'valid';
  const errors = validate.errors as ErrorObject[];
  return JSON.stringify(
    errors.map((error) => ({ ...error, problem: schemaProblem(error) })),
    (key, value: unknown) => (value === undefined && key === 'data' ? '<undefined>' : value),
  );
}

describe('scenarios: the validator shipped in dist/ is the schema compiled (issue 12)', () => {
  it('dist/ has the generated validator (run `npm run build`)', () => {
    expect(existsSync(SHIPPED), `${SHIPPED} is missing: run npm run build`).toBe(true);
  });

  it('the shipped module is byte for byte what the schema generates', () => {
    // Compared as one boolean: the module is 190 KB on one line, too long for a readable diff.
    const same = readFileSync(SHIPPED, 'utf8') === scenarioValidatorModule();
    expect(same, `${SHIPPED} is not what the schema in src/ generates: run npm run build`).toBe(
      true,
    );
  });

  it('the shipped validator and the schema compiled here judge every document alike', async () => {
    const shipped = ((await import(SHIPPED)) as { validate: ValidateFunction }).validate;
    const compiled = compileScenarioValidator();
    const documents = corpus();
    let invalid = 0;
    for (const document of documents) {
      const expected = verdict(compiled, document);
      if (expected !== 'valid') invalid++;
      expect(verdict(shipped, document), JSON.stringify(document)).toBe(expected);
    }
    // The corpus exercises both answers, many times over.
    expect(documents.length - invalid).toBeGreaterThan(30);
    expect(invalid).toBeGreaterThan(1000);
  });

  it('loading a scenario from dist/ loads neither ajv nor, without call: steps, an AWS SDK', () => {
    const { ok, ajv, sdk } = runModuleScript<{ ok: boolean; ajv: string[]; sdk: string[] }>([
      "import { createRequire } from 'node:module';",
      `const { loadScenarioFile } = await import(${JSON.stringify(join(REPO, 'dist/scenarios/file/loader.js'))});`,
      `const loaded = loadScenarioFile(${JSON.stringify(join(REPO, 'scenarios/30-minute-outage.yaml'))});`,
      'const loadedFiles = Object.keys(createRequire(import.meta.url).cache);',
      'const ajv = loadedFiles.filter((path) => /[\\\\/]ajv[\\\\/]/.test(path));',
      'const sdk = loadedFiles.filter((path) => /[\\\\/]@aws-sdk[\\\\/]/.test(path));',
      'console.log(JSON.stringify({ ok: loaded.ok, ajv, sdk }));',
    ]);
    expect(ok).toBe(true);
    // Only ajv's runtime helper for string lengths in code points, which the generated code uses.
    expect(ajv.map((path) => path.replace(/.*[\\/]ajv[\\/]/, ''))).toEqual([
      'dist/runtime/ucs2length.js',
    ]);
    // The SDK packages load only for a call: step (api-calls.ts); this file has none.
    expect(sdk).toEqual([]);
  });
});
