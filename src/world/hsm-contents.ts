/**
 * The logical contents of a cluster's HSMs: its users and its key objects (docs/behaviour.md §6.5: a cluster is
 * one logical HSM; token keys and users are replicated to every HSM). Backups hold a clone; an HSM
 * added to an emptied cluster restores one (docs/behaviour.md §6.4).
 */
import { KeyObjectStore } from '../crypto/key-object-store.js';
import type { CryptoUser } from './crypto-user.js';

export class HsmContents {
  constructor(
    readonly users = new Map<string, CryptoUser>(),
    readonly keys = new KeyObjectStore(),
  ) {}

  clone(): HsmContents {
    const users = new Map<string, CryptoUser>();
    for (const [name, user] of this.users) users.set(name, { ...user });
    return new HsmContents(users, this.keys.clone());
  }
}
