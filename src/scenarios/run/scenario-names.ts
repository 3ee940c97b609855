/**
 * Logical names from a scenario (`main`, `store`, `app-key`) and the real ids the world gave them.
 */
export class ScenarioNames {
  readonly clusters = new Map<string, string>();
  readonly keyStores = new Map<string, string>();
  readonly keys = new Map<string, string>();

  private static get(map: Map<string, string>, kind: string, name: string): string {
    const id = map.get(name);
    // The loader checked every reference, so a miss here is a runner bug, not bad input.
    if (id === undefined) throw new Error(`scenario runner: ${kind} '${name}' has no id yet`);
    return id;
  }

  clusterId(name: string): string {
    return ScenarioNames.get(this.clusters, 'cluster', name);
  }

  keyStoreId(name: string): string {
    return ScenarioNames.get(this.keyStores, 'key store', name);
  }

  keyId(name: string): string {
    return ScenarioNames.get(this.keys, 'key', name);
  }

  /** Real id → logical name, for reports. */
  nameOfKey(keyId: string): string | undefined {
    for (const [name, id] of this.keys) if (id === keyId) return name;
    return undefined;
  }

  /**
   * A message or `call:` placeholder's value (check/message-match.ts): `key` is the key's ARN,
   * `keyId` its id, `keyStore` and `cluster` their ids; undefined for an unknown name.
   */
  placeholder(kind: string, name: string, region: string, accountId: string): string | undefined {
    if (kind === 'cluster') return this.clusters.get(name);
    if (kind === 'keyStore') return this.keyStores.get(name);
    const id = this.keys.get(name);
    if (id === undefined || kind === 'keyId') return id;
    return kind === 'key' ? `arn:aws:kms:${region}:${accountId}:key/${id}` : undefined;
  }
}
