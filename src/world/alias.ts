/** An alias (docs/behaviour.md §2.4): `alias/<name>` pointing at one key. */
export interface Alias {
  readonly aliasName: string;
  targetKeyId: string;
  readonly createdAtMs: number;
  lastUpdatedAtMs: number;
}
