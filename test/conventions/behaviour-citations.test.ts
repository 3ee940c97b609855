/**
 * Issue 14, deliverable 4: the behaviour that code, tests, scenarios and reports cite lives in the
 * repository (docs/behaviour.md). Every `docs/behaviour.md §N.M` citation names a section that
 * exists there, every runbook id `RB-n` is defined there, and nothing cites the spec that a clone
 * does not have.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BEHAVIOUR = readFileSync(join(ROOT, 'docs', 'behaviour.md'), 'utf8');
const SEARCHED = ['src', 'test', 'scenarios', 'reports', 'docs', 'README.md'];

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => files(join(path, name)));
}

const texts = SEARCHED.flatMap((entry) => files(join(ROOT, entry)))
  .filter((path) => /\.(ts|md|yaml|py|mjs|json)$/.test(path))
  .map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

const sections = new Set(
  [...BEHAVIOUR.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((match) => match[1]),
);
const runbooks = new Set(
  [...BEHAVIOUR.matchAll(/<a id="rb-(\d+)"><\/a>/g)].map((m) => `RB-${m[1]}`),
);

describe('conventions: citations of docs/behaviour.md', () => {
  it('docs/behaviour.md has its numbered sections and defines RB-1 … RB-8', () => {
    for (const section of ['0', '1.1', '1.6', '2.5', '3.3', '4.2', '4.7', '5.4', '6.6', '7', '11'])
      expect(sections.has(section), `§${section}`).toBe(true);
    expect([...runbooks].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `RB-${n}`));
  });

  it('every `docs/behaviour.md §N.M` names an existing section', () => {
    const broken: string[] = [];
    for (const { path, text } of texts)
      for (const match of text.matchAll(/docs\/behaviour\.md §(\d+(?:\.\d+)?)/g))
        if (!sections.has(match[1])) broken.push(`${path}: §${match[1]}`);
    expect(broken).toEqual([]);
  });

  it('every runbook id RB-n that is cited is defined in §7', () => {
    const undefinedIds: string[] = [];
    for (const { path, text } of texts)
      for (const match of text.matchAll(/\bRB-(\d+)\b/g))
        if (!runbooks.has(`RB-${match[1]}`)) undefinedIds.push(`${path}: RB-${match[1]}`);
    expect(undefinedIds).toEqual([]);
  });

  it('nothing cites the shared spec outside the repository', () => {
    const stale: string[] = [];
    for (const { path, text } of texts)
      for (const match of text.matchAll(/\b[Ss]pec §\d|shared\/spec\/|\(spec \d/g))
        stale.push(`${path}: ${match[0]}`);
    expect(stale).toEqual([]);
  });
});
