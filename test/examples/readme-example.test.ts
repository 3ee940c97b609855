/**
 * The README's "Testing a client in any language" example is the one that runs (issue #9 §4): its
 * Python block is examples/python/app.py's code verbatim, and its YAML block is
 * examples/python/all-hsms-lost.yaml without the file's header comment. examples.test.ts runs that
 * pair with Debian's /usr/bin/python3 under kmsim exec.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const section = readme.slice(readme.indexOf('## Testing a client in any language'));

function block(language: string): string {
  const match = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(section);
  if (!match) throw new Error(`no \`\`\`${language} block in the README section`);
  return match[1]!;
}

describe('README: testing a client in any language', () => {
  it('the boto3 application in the README is examples/python/app.py, verbatim', () => {
    const app = readFileSync(new URL('examples/python/app.py', root), 'utf8');
    expect(app.endsWith(block('python'))).toBe(true);
  });

  it('the scenario in the README is examples/python/all-hsms-lost.yaml without its header comment', () => {
    const file = readFileSync(new URL('examples/python/all-hsms-lost.yaml', root), 'utf8');
    const lines = file.split('\n');
    const headerLength = lines.findIndex((line) => !line.startsWith('#'));
    const body = lines.slice(headerLength).join('\n');
    expect(body).toBe(block('yaml'));
  });
});
