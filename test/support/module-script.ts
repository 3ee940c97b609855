/**
 * Runs ES module source in a fresh Node process and returns the JSON it prints: the way tests see
 * which files a piece of dist/ loads on its own, away from everything vitest has loaded. The script
 * must print one JSON document on stdout and nothing on stderr.
 */
import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';

/** `lines` joined into one module, run with `node --input-type=module -e`; its printed JSON, parsed. */
export function runModuleScript<T>(lines: readonly string[]): T {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', lines.join('\n')], {
    encoding: 'utf8',
  });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout) as T;
}
