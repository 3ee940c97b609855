/**
 * The logical names a scenario declares (world clusters, key stores, keys, clients) and those its
 * timeline creates (`create-cluster-from-backup name`, `create-key name`), with where each was
 * declared. Issue #3 "Bad input": a reference to something not declared is an error; so is a name
 * declared twice, since every reference would be ambiguous.
 */
import { formatPath, type PathProblem, type PathSegment } from './problem.js';
import { didYouMean } from './did-you-mean.js';

export type NameKind = 'cluster' | 'key-store' | 'key' | 'client';

interface Declaration {
  readonly path: readonly PathSegment[];
  /** Position of the creating step in timeline order; absent for names declared up front. */
  readonly stepOrder?: number;
}

const DECLARED_IN: Record<NameKind, string> = {
  cluster: 'world.clusters',
  'key-store': 'world.keyStores',
  key: 'world.keys',
  client: 'clients',
};

const CREATED_BY: Partial<Record<NameKind, string>> = {
  cluster: 'create-cluster-from-backup',
  key: 'create-key',
};

/** `fromStepOrder` for references made by the world itself, which is built before any step runs. */
export const WORLD_ORDER = -1;

const WORDS: Record<NameKind, string> = {
  cluster: 'cluster',
  'key-store': 'key store',
  key: 'key',
  client: 'client',
};

export class NameScope {
  private readonly declarations: Record<NameKind, Map<string, Declaration>> = {
    cluster: new Map(),
    'key-store': new Map(),
    key: new Map(),
    client: new Map(),
  };

  constructor(private readonly problems: PathProblem[]) {}

  /** Declares `name`; a second declaration of the same name is a problem at the second place. */
  declare(kind: NameKind, name: unknown, path: readonly PathSegment[], stepOrder?: number): void {
    if (typeof name !== 'string' || name === '') return;
    const existing = this.declarations[kind].get(name);
    if (existing !== undefined) {
      this.problems.push({
        path,
        message: `duplicate ${WORDS[kind]} name '${name}' (already declared at ${formatPath(existing.path)})`,
      });
      return;
    }
    this.declarations[kind].set(name, stepOrder === undefined ? { path } : { path, stepOrder });
  }

  /**
   * Checks a reference. `fromStepOrder` is the referring step's position in timeline order: a step
   * may only use names created by steps before it; workloads and expectations may use any name.
   */
  resolve(
    kind: NameKind,
    name: unknown,
    path: readonly PathSegment[],
    fromStepOrder?: number,
  ): boolean {
    if (typeof name !== 'string' || name === '') return false;
    const found = this.declarations[kind].get(name);
    if (
      found !== undefined &&
      (found.stepOrder === undefined ||
        fromStepOrder === undefined ||
        found.stepOrder < fromStepOrder)
    )
      return true;
    if (found !== undefined) {
      const when =
        fromStepOrder === WORLD_ORDER
          ? 'during the run, after the world is built'
          : 'which does not run before this step';
      this.problems.push({
        path,
        message: `${WORDS[kind]} '${name}' is created by ${formatPath(found.path)}, ${when}`,
      });
      return false;
    }
    const creator =
      CREATED_BY[kind] === undefined ? '' : ` or created by a '${CREATED_BY[kind]}' step`;
    const hint = didYouMean(name, this.declarations[kind].keys());
    this.problems.push({
      path,
      message: `'${name}' is not declared in ${DECLARED_IN[kind]}${creator}${hint}`,
    });
    return false;
  }
}
