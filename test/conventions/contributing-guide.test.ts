/**
 * docs/contributing.md matches the code (issue #15 §6): every file and folder it names exists,
 * every name it tells a contributor to edit is in the file it says, and the rules it states (one
 * file per operation named after its wire name, one file per fault plus one catalogue line, one
 * checker per expectation type) hold for everything in the tree today.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLOUDHSM_INPUT_SHAPES } from '../../src/cloudhsm/input-shapes.js';
import { CLOUDHSM_OPERATIONS } from '../../src/cloudhsm/operations/index.js';
import { FAULT_NAMES } from '../../src/faults/catalogue.js';
import { KMS_INPUT_SHAPES } from '../../src/kms/input-shapes.js';
import { KMS_OPERATIONS } from '../../src/kms/operations/index.js';
import { CHECKED_EXPECTATION_TYPES } from '../../src/scenarios/check/expectations.js';
import { EXPECTATION_TYPES } from '../../src/scenarios/file/schema.js';

const GUIDE_PATH = 'docs/contributing.md';
const guide = readFileSync(GUIDE_PATH, 'utf8');

/** `DescribeKey` → `describe-key`. */
function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** The guide's section whose heading starts with `heading`. */
function section(heading: string): string {
  const start = guide.indexOf(`## ${heading}`);
  expect(start, `${GUIDE_PATH} has a section '## ${heading}'`).toBeGreaterThanOrEqual(0);
  const next = guide.indexOf('\n## ', start + 1);
  return guide.slice(start, next === -1 ? undefined : next);
}

/** Paths in backticks: files and folders of the repository, with `<placeholder>` parts. */
function namedPaths(text: string): string[] {
  return [...text.matchAll(/`((?:src|test|docs)\/[^`\s]*|README\.md|package\.json)`/g)].map(
    (match) => match[1]!,
  );
}

/** Names the guide tells a contributor to edit, and the file that must hold each. */
const NAMES_IN_FILES: readonly (readonly [string, string, readonly string[]])[] = [
  ['How to add a KMS operation', 'src/kms/input-shapes.ts', ['KMS_INPUT_SHAPES', 'KmsInput']],
  ['How to add a KMS operation', 'src/kms/operation.ts', ['defineOperation']],
  ['How to add a KMS operation', 'src/kms/operations/index.ts', ['KMS_OPERATIONS']],
  [
    'How to add a KMS operation',
    'src/world/request-quotas.ts',
    ['DEFAULT_MANAGEMENT_RPS', 'SYMMETRIC_CRYPTO_OPERATIONS'],
  ],
  ['How to add a KMS operation', 'src/world/latency-model.ts', ['byOperation']],
  ['How to add a KMS operation', 'src/simulator.ts', ['READ_ONLY_OPERATIONS']],
  ['How to add a KMS operation', 'src/kms/key-usability.ts', ['materialForCrypto']],
  ['How to add a KMS operation', 'src/world/backing-key-access.ts', ['reachableCluster']],
  ['How to add a KMS operation', 'src/cloudhsm/input-shapes.ts', ['CLOUDHSM_INPUT_SHAPES']],
  ['How to add a KMS operation', 'src/cloudhsm/operations/index.ts', ['CLOUDHSM_OPERATIONS']],
  ['How to add a fault', 'src/faults/fault.ts', ['defineFault', 'injected', 'refused']],
  ['How to add a fault', 'src/faults/catalogue.ts', ['FAULT_RUNBOOK', 'FaultName']],
  ['How to add a fault', 'package.json', ['docs:steps']],
  ['How to add an expectation', 'src/scenarios/scenario.ts', ['Expectation']],
  ['How to add an expectation', 'src/scenarios/file/schema.ts', ['EXPECTATION_TYPES']],
  ['How to add an expectation', 'src/scenarios/check/expectations.ts', ['CHECKERS', 'Observed']],
  ['How to add an expectation', 'src/scenarios/run/scenario-events.ts', ['observeState']],
  ['How to add an expectation', 'src/scenarios/run/scenario-settings.ts', ['scenarioDurationMs']],
];

describe('conventions: docs/contributing.md', () => {
  it('every file and folder it names exists (a <placeholder> names a file to create in an existing folder)', () => {
    const missing = namedPaths(guide).filter((path) => {
      const placeholder = path.indexOf('<');
      if (placeholder === -1) return !existsSync(path);
      return !existsSync(path.slice(0, path.lastIndexOf('/', placeholder)));
    });
    expect(namedPaths(guide).length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });

  it.each(NAMES_IN_FILES)('%s: %s holds %j', (heading, file, names) => {
    const text = section(heading);
    const source = readFileSync(file, 'utf8');
    expect(text, `the section names ${file}`).toContain(`\`${file}\``);
    for (const name of names) {
      expect(text, `the section names ${name}`).toContain(name);
      expect(source, `${file} holds ${name}`).toMatch(new RegExp(`\\b${name}\\b`));
    }
  });

  it('where each concept lives: the folders of the table exist and hold what it says', () => {
    const table = section('Where each concept lives');
    for (const folder of [
      'src/kms/operations/',
      'src/cloudhsm/operations/',
      'src/faults/',
      'src/scenarios/check/',
      'src/transport/',
      'src/report/',
    ]) {
      expect(table).toContain(`\`${folder}\``);
      expect(existsSync(folder), folder).toBe(true);
    }
    for (const file of [
      'symptoms-cause.ts',
      'diagnosis-section.ts',
      'fix-section.ts',
      'recovery-timeline.ts',
    ])
      expect(existsSync(`src/report/${file}`), file).toBe(true);
  });

  it('one file per operation, named after its wire name, and each operation has an input shape', () => {
    for (const [folder, operations, shapes] of [
      ['src/kms/operations', KMS_OPERATIONS, KMS_INPUT_SHAPES],
      ['src/cloudhsm/operations', CLOUDHSM_OPERATIONS, CLOUDHSM_INPUT_SHAPES],
    ] as const) {
      const names = operations.map((operation) => operation.name);
      for (const name of names) expect(Object.keys(shapes), `${name} has a shape`).toContain(name);
      for (const name of names) {
        const file = `${folder}/${kebab(name)}.ts`;
        expect(existsSync(file), file).toBe(true);
        expect(readFileSync(file, 'utf8'), file).toContain(`name: '${name}'`);
      }
      // Nothing else lives there but the list.
      const files = readdirSync(folder).filter((file) => file !== 'index.ts');
      expect(files.sort()).toEqual(names.map((name) => `${kebab(name)}.ts`).sort());
    }
  });

  it('one file per fault, and the catalogue lists each in one line', () => {
    const catalogue = readFileSync('src/faults/catalogue.ts', 'utf8');
    for (const name of FAULT_NAMES) {
      const file = `src/faults/${name}.ts`;
      expect(existsSync(file), file).toBe(true);
      const identifier = /export const (\w+) = defineFault\(/.exec(readFileSync(file, 'utf8'))![1]!;
      expect(catalogue.split('\n').filter((line) => line.trim() === `${identifier},`)).toHaveLength(
        1,
      );
    }
  });

  it('one checker per expectation type, the same set the schema accepts, each listed in the README', () => {
    expect([...CHECKED_EXPECTATION_TYPES].sort()).toEqual([...EXPECTATION_TYPES].sort());
    const readme = readFileSync('README.md', 'utf8');
    for (const type of EXPECTATION_TYPES) expect(readme, type).toContain(`\`${type}\``);
  });
});
