/**
 * Issue 12: the program declares every command's flags without loading any command's
 * implementation, so `kmsim --help` (and a usage error) starts fast. A fresh process builds the
 * program from dist/ and renders its help; it must have loaded commander and no other package
 * (no YAML parser, no ajv, no AWS SDK, none of which the flags need). Needs `npm run build`.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runModuleScript } from '../support/module-script.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** The commands a fresh process registers for `argv`, and the packages it has loaded once it has. */
function packagesLoadedBy(argv: readonly string[]): { commands: string[]; packages: string[] } {
  return runModuleScript<{ commands: string[]; packages: string[] }>([
    "import { createRequire } from 'node:module';",
    `const { buildProgram } = await import(${JSON.stringify(join(REPO, 'dist/cli/program.js'))});`,
    `const program = await buildProgram(${JSON.stringify(['node', 'kmsim', ...argv])});`,
    'program.helpInformation();',
    'const commands = program.commands.map((command) => command.name());',
    'const packages = Object.keys(createRequire(import.meta.url).cache)',
    '  .map((path) => /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(path)?.[1] ?? path);',
    'console.log(JSON.stringify({ commands, packages: [...new Set(packages)].sort() }));',
  ]);
}

describe('cli: the program loads no command implementation (issue 12)', () => {
  it('kmsim --help registers every command and loads only commander', () => {
    const { commands, packages } = packagesLoadedBy([]);
    expect(commands).toEqual(['serve', 'run', 'sweep', 'exec']);
    expect(packages).toEqual(['commander']);
  });

  it.each(['run', 'sweep', 'serve', 'exec'])('kmsim %s registers its flags alone', (command) => {
    const { commands, packages } = packagesLoadedBy([command, '--help']);
    expect(commands).toEqual([command]);
    expect(packages).toEqual(['commander']);
  });
});
