/**
 * Which scenario files a path names (`kmsim run <file|dir>`, `kmsim sweep <file>`): the file itself,
 * or every *.yaml / *.yml in a directory, sorted by name. Kept apart from the commands so the sweep's
 * main thread can use it without loading the runner.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const SCENARIO_FILE = /\.ya?ml$/i;

/** The files to run, or a message saying why there are none. */
export function scenarioFiles(path: string): { files: string[] } | { problem: string } {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    return { problem: `${path}: no such file or directory` };
  }
  if (!isDirectory) return { files: [path] };
  const names = readdirSync(path)
    .filter((name) => SCENARIO_FILE.test(name) && statSync(join(path, name)).isFile())
    .sort();
  return names.length > 0
    ? { files: names.map((name) => join(path, name)) }
    : { problem: `${path}: no *.yaml or *.yml scenario files in this directory` };
}

/** The file's name without its directory and its .yaml / .yml: what its report files are called. */
export function scenarioBaseName(file: string): string {
  return basename(file).replace(SCENARIO_FILE, '');
}
