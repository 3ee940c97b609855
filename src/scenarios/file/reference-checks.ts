/**
 * Names and references outside the timeline (issue #3 "Bad input": a reference to something not
 * declared): world clusters, key stores, keys and their aliases, clients; the clusters key stores
 * use, the key stores keys live in, AZs of declared HSMs, and every client, key and key store that
 * a workload or an expectation names. Values of the wrong type are skipped here (the schema
 * reports them), so this pass never throws on a malformed file.
 */
import { WORLD_ORDER, type NameKind, type NameScope } from './name-scope.js';
import { formatPath, type PathProblem, type PathSegment } from './problem.js';
import { azProblem } from './schema-values.js';

export type ListItem = { readonly value: Record<string, unknown>; readonly path: PathSegment[] };

/** The mapping items of a list at `path`, with their paths; anything else is skipped. */
export function itemsAt(root: Record<string, unknown>, path: readonly string[]): ListItem[] {
  let node: unknown = root;
  for (const key of path)
    node =
      typeof node === 'object' && node !== null
        ? (node as Record<string, unknown>)[key]
        : undefined;
  if (!Array.isArray(node)) return [];
  return node.flatMap((value: unknown, index) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? [{ value: value as Record<string, unknown>, path: [...path, index] }]
      : [],
  );
}

function resolveIfPresent(
  scope: NameScope,
  kind: NameKind,
  item: ListItem,
  key: string,
  fromStepOrder?: number,
): void {
  if (typeof item.value[key] === 'string')
    scope.resolve(kind, item.value[key], [...item.path, key], fromStepOrder);
}

/** Declares world and client names; call before the timeline so step-created names cannot clash. */
export function declareUpFront(root: Record<string, unknown>, scope: NameScope): void {
  for (const item of itemsAt(root, ['world', 'clusters']))
    scope.declare('cluster', item.value['name'], [...item.path, 'name']);
  for (const item of itemsAt(root, ['world', 'keyStores']))
    scope.declare('key-store', item.value['name'], [...item.path, 'name']);
  for (const item of itemsAt(root, ['world', 'keys']))
    scope.declare('key', item.value['name'], [...item.path, 'name']);
  for (const item of itemsAt(root, ['clients']))
    scope.declare('client', item.value['name'], [...item.path, 'name']);
}

/** The clusters key stores use, one store per cluster (docs/behaviour.md §4.4 CloudHsmClusterInUseException), and HSM AZs. */
function checkWorldClusters(
  root: Record<string, unknown>,
  scope: NameScope,
  problems: PathProblem[],
): void {
  for (const item of itemsAt(root, ['world', 'clusters'])) {
    const hsms = item.value['hsms'];
    if (!Array.isArray(hsms)) continue;
    hsms.forEach((az: unknown, index) => {
      const message = typeof az === 'string' ? azProblem(az) : undefined;
      if (message !== undefined) problems.push({ path: [...item.path, 'hsms', index], message });
    });
  }
  const storeOfCluster = new Map<string, PathSegment[]>();
  for (const item of itemsAt(root, ['world', 'keyStores'])) {
    const cluster = item.value['cluster'];
    if (
      typeof cluster !== 'string' ||
      !scope.resolve('cluster', cluster, [...item.path, 'cluster'], WORLD_ORDER)
    )
      continue;
    const first = storeOfCluster.get(cluster);
    if (first === undefined) storeOfCluster.set(cluster, item.path);
    else
      problems.push({
        path: [...item.path, 'cluster'],
        message: `cluster '${cluster}' already backs the key store at ${formatPath(first)}; KMS allows one key store per cluster (CloudHsmClusterInUseException)`,
      });
  }
}

function checkWorldKeys(
  root: Record<string, unknown>,
  scope: NameScope,
  problems: PathProblem[],
): void {
  const aliasOwner = new Map<string, PathSegment[]>();
  for (const item of itemsAt(root, ['world', 'keys'])) {
    resolveIfPresent(scope, 'key-store', item, 'keyStore', WORLD_ORDER);
    const aliases = item.value['aliases'];
    if (!Array.isArray(aliases)) continue;
    aliases.forEach((alias: unknown, index) => {
      if (typeof alias !== 'string') return;
      const path = [...item.path, 'aliases', index];
      const first = aliasOwner.get(alias);
      if (first === undefined) aliasOwner.set(alias, path);
      else
        problems.push({
          path,
          message: `duplicate alias '${alias}' (already declared at ${formatPath(first)})`,
        });
    });
  }
}

function checkWorkloadReferences(root: Record<string, unknown>, scope: NameScope): void {
  for (const item of itemsAt(root, ['workloads'])) {
    resolveIfPresent(scope, 'client', item, 'client');
    resolveIfPresent(scope, 'key', item, 'key');
    resolveIfPresent(scope, 'key', item, 'destinationKey');
    resolveIfPresent(scope, 'key-store', item, 'keyStore');
  }
}

function checkExpectationReferences(root: Record<string, unknown>, scope: NameScope): void {
  for (const item of itemsAt(root, ['expect'])) {
    resolveIfPresent(scope, 'client', item, 'client');
    if (item.value['type'] === 'key-state') resolveIfPresent(scope, 'key', item, 'key');
    if (item.value['type'] === 'connection-state')
      resolveIfPresent(scope, 'key-store', item, 'keyStore');
    const except = item.value['except'];
    if (item.value['type'] === 'nothing-lost' && Array.isArray(except)) {
      except.forEach((key: unknown, index) => {
        if (typeof key === 'string') scope.resolve('key', key, [...item.path, 'except', index]);
      });
    }
  }
}

/** References in world, workloads and expectations; run after the timeline has declared its names. */
export function checkReferences(
  root: Record<string, unknown>,
  scope: NameScope,
  problems: PathProblem[],
): void {
  checkWorldClusters(root, scope, problems);
  checkWorldKeys(root, scope, problems);
  checkWorkloadReferences(root, scope);
  checkExpectationReferences(root, scope);
}
