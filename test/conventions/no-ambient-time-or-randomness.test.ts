/**
 * ARCHITECTURE convention 1 / issue #2 §2: ambient time, randomness and real timers may appear only in
 * the kernel's clock/random/driver files and in transport/ (wall time for serve mode).
 * Everything else must take time and randomness from the simulator, or determinism breaks.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'src');

const ALLOWED = [/^sim\/(clock|random|driver)[^/]*\.ts$/, /^transport\//];

const FORBIDDEN: { name: string; pattern: RegExp }[] = [
  { name: 'Date.now()', pattern: /\bDate\.now\s*\(/ },
  { name: 'argument-less new Date()', pattern: /\bnew Date\s*\(\s*\)/ },
  { name: 'performance.now()', pattern: /\bperformance\.now\s*\(/ },
  { name: 'Math.random()', pattern: /\bMath\.random\s*\(/ },
  {
    name: 'crypto.random*',
    pattern: /\b(randomBytes|randomUUID|randomInt|randomFill|randomFillSync|getRandomValues)\s*\(/,
  },
  { name: 'real timers', pattern: /\b(setTimeout|setInterval|setImmediate)\s*\(/ },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Strips comments so prose that mentions Date.now() does not count. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

describe('conventions: no ambient time or randomness outside the kernel and transports', () => {
  const files = sourceFiles(SRC).map((path) => ({
    path,
    rel: relative(SRC, path).split('\\').join('/'),
  }));

  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  for (const { name, pattern } of FORBIDDEN) {
    it(`no ${name} in src/ outside sim/{clock,random,driver} and transport/`, () => {
      const offenders = files
        .filter(({ rel }) => !ALLOWED.some((allowed) => allowed.test(rel)))
        .flatMap(({ path, rel }) =>
          code(readFileSync(path, 'utf8'))
            .split('\n')
            .flatMap((line, index) =>
              pattern.test(line) ? [`${rel}:${index + 1}: ${line.trim()}`] : [],
            ),
        );
      expect(offenders).toEqual([]);
    });
  }

  it('the detector itself catches a planted offender', () => {
    const planted = code('const t = Date.now(); // fine in a comment: Math.random()');
    expect(
      FORBIDDEN.filter(({ pattern }) => pattern.test(planted)).map(({ name }) => name),
    ).toEqual(['Date.now()']);
  });
});
