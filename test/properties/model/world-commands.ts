/**
 * Model commands for the key store (ConnectCustomKeyStore, DisconnectCustomKeyStore,
 * DescribeCustomKeyStores, UpdateCustomKeyStore's password through the real KMS client; the crypto
 * officer's kmsuser password reset as a control step), virtual time, and faults injected as causes
 * (src/faults/: all-hsms-loss and its heal, network-partition and its heal, key-material-deletion).
 */
import {
  ConnectCustomKeyStoreCommand,
  DescribeCustomKeyStoresCommand,
  DisconnectCustomKeyStoreCommand,
  UpdateCustomKeyStoreCommand,
} from '@aws-sdk/client-kms';
import type { FaultName } from '../../../src/faults/catalogue.js';
import { KMSUSER_PASSWORD } from '../../support/connected-store.js';
import {
  connect,
  connectOutcome,
  disconnect,
  disconnectOutcome,
  resetKmsuserPasswordRefused,
  updateStorePasswordOutcome,
} from './model-rules.js';
import {
  advance,
  CONNECT_MS,
  DISCONNECT_MS,
  loseAllHsms,
  recreateLostHsms,
  type Model,
} from './model-state.js';
import { learnHsmIds } from './cloudhsm-commands.js';
import { keyLabel, type ModelCommand } from './key-commands.js';
import { compareFields, compareOutcome, countOutcome, Divergence, observe } from './outcome.js';
import type { Real } from './run-setup.js';

export class ConnectCmd implements ModelCommand {
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    const label = `ConnectCustomKeyStore while ${model.store.state}`;
    const call = real.kms.send(
      new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: model.customKeyStoreId }),
    );
    if (compareOutcome(label, connectOutcome(model), await observe(call))) connect(model);
  }
  toString = (): string => 'ConnectCustomKeyStore';
}

export class DisconnectCmd implements ModelCommand {
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    const label = `DisconnectCustomKeyStore while ${model.store.state}`;
    const call = real.kms.send(
      new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: model.customKeyStoreId }),
    );
    if (compareOutcome(label, disconnectOutcome(model), await observe(call))) disconnect(model);
  }
  toString = (): string => 'DisconnectCustomKeyStore';
}

/**
 * The operator's reconnect (docs/behaviour.md §4.3 "reasons operators disconnect", RB: recover from FAILED):
 * disconnect unless already DISCONNECTED, wait for it, optionally do RB-7 (reset kmsuser's
 * password as crypto officer, tell KMS with UpdateCustomKeyStore), connect, wait for the connect
 * to finish — each step compared like the single commands, `attempts` times, then a describe. It
 * makes long outage-and-recovery paths (restored backups, INVALID_CREDENTIALS, lockout, RB-7)
 * likely in short sequences.
 */
export class ReconnectCmd implements ModelCommand {
  constructor(
    readonly attempts: number,
    readonly operatorPassword: number | undefined,
  ) {}
  async run(model: Model, real: Real): Promise<void> {
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      if (model.store.state !== 'DISCONNECTED') {
        await new DisconnectCmd().run(model, real);
        await new AdvanceTimeCmd(DISCONNECT_MS / 1000).run(model, real);
      }
      if (this.operatorPassword !== undefined) {
        const reset = new ResetKmsuserPasswordCmd(this.operatorPassword);
        if (reset.check(model)) await reset.run(model, real);
        await new UpdateStorePasswordCmd(this.operatorPassword).run(model, real);
      }
      await new ConnectCmd().run(model, real);
      await new AdvanceTimeCmd(CONNECT_MS / 1000).run(model, real);
    }
    // Operators poll DescribeCustomKeyStores for the outcome (docs/behaviour.md §4.3).
    await new DescribeStoresCmd(true).run(model, real);
  }
  check = (): boolean => true;
  toString = (): string =>
    `Reconnect(${this.attempts}× disconnect, wait 5 s,${this.operatorPassword === undefined ? '' : ` RB-7 with password[${this.operatorPassword % OPERATOR_PASSWORDS.length}],`} connect, wait 120 s; describe)`;
}

/** docs/behaviour.md §2.3: ConnectionErrorCode only while FAILED; CloudHsmClusterId for AWS_CLOUDHSM stores. */
export class DescribeStoresCmd implements ModelCommand {
  constructor(readonly byId: boolean) {}
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    const label = `${this.toString()} while the model has ${model.store.state}${model.store.errorCode ? `/${model.store.errorCode}` : ''}`;
    const call = real.kms.send(
      new DescribeCustomKeyStoresCommand(
        this.byId ? { CustomKeyStoreId: model.customKeyStoreId } : {},
      ),
    );
    const out = compareOutcome(label, undefined, await observe(call));
    const stores = out?.CustomKeyStores ?? [];
    if (stores.length !== 1)
      throw new Divergence(
        `${label}: the model has exactly one store, the simulator listed ${stores.length}`,
      );
    countOutcome(
      `DescribeCustomKeyStores → ${[stores[0]!.ConnectionState, stores[0]!.ConnectionErrorCode].filter(Boolean).join('/')}`,
    );
    compareFields(
      label,
      {
        CustomKeyStoreId: model.customKeyStoreId,
        CloudHsmClusterId: model.clusterId,
        CustomKeyStoreType: 'AWS_CLOUDHSM',
        ConnectionState: model.store.state,
        ConnectionErrorCode: model.store.state === 'FAILED' ? model.store.errorCode : undefined,
      },
      stores[0],
    );
  }
  toString = (): string => `DescribeCustomKeyStores(${this.byId ? 'by id' : 'all'})`;
}

export class AdvanceTimeCmd implements ModelCommand {
  constructor(readonly seconds: number) {}
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    advance(model, this.seconds * 1000);
    real.sim.advanceMs(this.seconds * 1000);
  }
  toString = (): string =>
    `AdvanceTime(${this.seconds} s${this.seconds >= 3_600 ? ` = ${(this.seconds / 3_600).toFixed(1)} h` : ''})`;
}

/** Injecting never goes through KMS, but a refusal means the model and the world disagree on causes. */
function inject(
  real: Real,
  label: string,
  fault: FaultName,
  params: Record<string, unknown>,
): string {
  try {
    return real.sim.inject(fault, params);
  } catch (error) {
    throw new Divergence(
      `${label}: the simulator refused a fault the model considers possible: ${(error as Error).message}`,
    );
  }
}

export class LoseAllHsmsCmd implements ModelCommand {
  check = (model: Readonly<Model>): boolean =>
    model.lostHsmZones === undefined && model.cluster.hsms.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    real.faults.hsmLoss = inject(real, this.toString(), 'all-hsms-loss', {
      clusterId: model.clusterId,
    });
    loseAllHsms(model);
  }
  toString = (): string => 'Fault(all-hsms-loss)';
}

export class HealHsmsCmd implements ModelCommand {
  check = (model: Readonly<Model>): boolean => model.lostHsmZones !== undefined;
  async run(model: Model, real: Real): Promise<void> {
    real.sim.heal(real.faults.hsmLoss!);
    real.faults.hsmLoss = undefined;
    recreateLostHsms(model);
    await learnHsmIds(model, real);
  }
  toString = (): string => 'Heal(all-hsms-loss: recreate the HSMs)';
}

export class PartitionCmd implements ModelCommand {
  check = (model: Readonly<Model>): boolean => !model.cluster.partitioned;
  async run(model: Model, real: Real): Promise<void> {
    real.faults.partition = inject(real, this.toString(), 'network-partition', {
      clusterId: model.clusterId,
    });
    model.cluster.partitioned = true;
  }
  toString = (): string => 'Fault(network-partition)';
}

export class HealPartitionCmd implements ModelCommand {
  check = (model: Readonly<Model>): boolean => model.cluster.partitioned;
  async run(model: Model, real: Real): Promise<void> {
    real.sim.heal(real.faults.partition!);
    real.faults.partition = undefined;
    model.cluster.partitioned = false;
  }
  toString = (): string => 'Heal(network-partition)';
}

/** docs/behaviour.md §10 "Delete key material in cluster": possible while the HSMs hold the key's material. */
export class DeleteKeyMaterialCmd implements ModelCommand {
  constructor(readonly pick: number) {}
  private candidates(model: Readonly<Model>) {
    const material = model.cluster.contents?.material;
    return model.keys.filter(
      (key) => !key.deleted && key.origin === 'AWS_CLOUDHSM' && material?.has(key.keyId),
    );
  }
  check = (model: Readonly<Model>): boolean => this.candidates(model).length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const candidates = this.candidates(model);
    const key = candidates[this.pick % candidates.length]!;
    inject(real, `${this.toString()} on ${keyLabel(model, key)}`, 'key-material-deletion', {
      keyId: key.keyId,
    });
    model.cluster.contents!.material.delete(key.keyId);
  }
  toString = (): string => `Fault(key-material-deletion, candidate[${this.pick}])`;
}

/**
 * Operator passwords: two fresh ones and the password kmsuser was created with, which is what a
 * cluster restored from the activation backup holds.
 */
export const OPERATOR_PASSWORDS = [
  'Operator-Passw0rd-1',
  'Operator-Passw0rd-2',
  KMSUSER_PASSWORD,
] as const;

/**
 * RB-7, first half: a crypto officer resets kmsuser's password in the cluster (the set-kmsuser-password
 * control step; CloudHSM has no API for it). Needs an ACTIVE HSM; refused while the store is
 * CONNECTED (KMS is logged in as kmsuser); unlocks a locked-out kmsuser.
 */
export class ResetKmsuserPasswordCmd implements ModelCommand {
  constructor(readonly passwordPick: number) {}
  check = (model: Readonly<Model>): boolean => model.cluster.contents !== undefined;
  async run(model: Model, real: Real): Promise<void> {
    const password = OPERATOR_PASSWORDS[this.passwordPick % OPERATOR_PASSWORDS.length]!;
    const result = real.sim.runAction({
      action: 'set-kmsuser-password',
      clusterId: model.clusterId,
      password,
    });
    const refused = resetKmsuserPasswordRefused(model);
    countOutcome(`CO resets kmsuser password → ${refused ? 'refused (logged in)' : 'ok'}`);
    if (refused) {
      if (result.ok || !result.message.includes('logged in User is denied'))
        throw new Divergence(
          `${this.toString()} while CONNECTED: expected the HSM's logged-in-user refusal, got ${JSON.stringify(result)}`,
        );
      return;
    }
    if (!result.ok)
      throw new Divergence(
        `${this.toString()}: refused while the model has an ACTIVE HSM holding kmsuser and the store ${model.store.state}: ${JSON.stringify(result)}`,
      );
    model.cluster.contents!.kmsuserPassword = password;
    model.cluster.contents!.failedLogins = 0;
  }
  toString = (): string =>
    `CO resets kmsuser password (password[${this.passwordPick % OPERATOR_PASSWORDS.length}])`;
}

/**
 * RB-7, second half (docs/behaviour.md §4.4 UpdateCustomKeyStore): only a DISCONNECTED store on a cluster with
 * two ACTIVE HSMs in distinct AZs takes a new password.
 */
export class UpdateStorePasswordCmd implements ModelCommand {
  constructor(readonly passwordPick: number) {}
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    const password = OPERATOR_PASSWORDS[this.passwordPick % OPERATOR_PASSWORDS.length]!;
    const label = `UpdateCustomKeyStore(KeyStorePassword) while ${model.store.state}`;
    const expected = updateStorePasswordOutcome(model);
    const call = real.kms.send(
      new UpdateCustomKeyStoreCommand({
        CustomKeyStoreId: model.customKeyStoreId,
        KeyStorePassword: password,
      }),
    );
    if (compareOutcome(label, expected, await observe(call)))
      model.store.kmsuserPassword = password;
  }
  toString = (): string =>
    `UpdateCustomKeyStore(KeyStorePassword: password[${this.passwordPick % OPERATOR_PASSWORDS.length}])`;
}
