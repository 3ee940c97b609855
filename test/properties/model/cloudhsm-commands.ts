/**
 * Model commands through the real CloudHSM v2 client: CreateHsm, DeleteHsm, DescribeClusters and
 * DescribeBackups (docs/behaviour.md §2.5, §6.2-6.4). They move HSMs in and out of the cluster the key store
 * uses, which changes what CreateKey and crypto calls answer and which backup a restore reads.
 */
import {
  CreateHsmCommand,
  DeleteHsmCommand,
  DescribeBackupsCommand,
  DescribeClustersCommand,
  type Backup,
} from '@aws-sdk/client-cloudhsm-v2';
import { addHsm, deleteHsm, type Model } from './model-state.js';
import type { ModelCommand } from './key-commands.js';
import { compareFields, compareOutcome, countOutcome, Divergence, observe } from './outcome.js';
import type { Real } from './run-setup.js';

/** The model keeps a handful of HSMs; the 28-per-cluster quota is not this model's subject. */
const MAX_MODEL_HSMS = 4;

async function describeCluster(model: Model, real: Real) {
  const out = await real.hsm.send(
    new DescribeClustersCommand({ Filters: { clusterIds: [model.clusterId] } }),
  );
  return out.Clusters?.[0];
}

/** HSMs the heal created get their ids from the cluster's listing, in creation order. */
export async function learnHsmIds(model: Model, real: Real): Promise<void> {
  if (model.cluster.hsms.every((hsm) => hsm.hsmId !== undefined)) return;
  const known = new Set(model.cluster.hsms.map((hsm) => hsm.hsmId));
  const fresh =
    (await describeCluster(model, real))?.Hsms?.filter((hsm) => !known.has(hsm.HsmId)) ?? [];
  for (const hsm of model.cluster.hsms.filter((candidate) => candidate.hsmId === undefined)) {
    const listed = fresh.shift();
    if (!listed || listed.AvailabilityZone !== hsm.az)
      throw new Divergence(
        `the cluster does not list a new HSM in ${hsm.az} where the model created one`,
      );
    hsm.hsmId = listed.HsmId;
  }
}

export class CreateHsmCmd implements ModelCommand {
  constructor(readonly zonePick: number) {}
  check = (model: Readonly<Model>): boolean => model.cluster.hsms.length < MAX_MODEL_HSMS;
  async run(model: Model, real: Real): Promise<void> {
    const az = model.zones[this.zonePick % model.zones.length]!;
    const label = `CreateHsm(${az})`;
    const out = compareOutcome(
      label,
      undefined,
      await observe(
        real.hsm.send(new CreateHsmCommand({ ClusterId: model.clusterId, AvailabilityZone: az })),
      ),
    );
    compareFields(
      label,
      { State: 'CREATE_IN_PROGRESS', AvailabilityZone: az, ClusterId: model.clusterId },
      out?.Hsm,
    );
    addHsm(model, az, out!.Hsm!.HsmId!);
  }
  toString = (): string => `CreateHsm(zone[${this.zonePick}])`;
}

export class DeleteHsmCmd implements ModelCommand {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>): boolean => model.cluster.hsms.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const hsm = model.cluster.hsms[this.pick % model.cluster.hsms.length]!;
    const label = `DeleteHsm of an HSM the model has ${hsm.state} in ${hsm.az}`;
    // Deleting an HSM already on its way out is a bad request (docs/behaviour.md §2.5 DeleteHsm; message unverified).
    const expected =
      hsm.state === 'DELETE_IN_PROGRESS'
        ? { anyOf: [{ name: 'CloudHsmInvalidRequestException', status: 400 }] }
        : undefined;
    const out = compareOutcome(
      label,
      expected,
      await observe(
        real.hsm.send(new DeleteHsmCommand({ ClusterId: model.clusterId, HsmId: hsm.hsmId! })),
      ),
    );
    if (!out) return;
    compareFields(label, { HsmId: hsm.hsmId }, out);
    deleteHsm(model, hsm);
  }
  toString = (): string => `DeleteHsm(hsm[${this.pick}])`;
}

export class DescribeClustersCmd implements ModelCommand {
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    const cluster = await describeCluster(model, real);
    const listed = (cluster?.Hsms ?? [])
      .map((hsm) => `${hsm.HsmId} ${hsm.State} ${hsm.AvailabilityZone}`)
      .sort();
    const modelled = model.cluster.hsms.map((hsm) => `${hsm.hsmId} ${hsm.state} ${hsm.az}`).sort();
    for (const state of new Set(listed.map((line) => line.split(' ')[1])))
      countOutcome(`DescribeClusters → an HSM ${state}`);
    compareFields(
      'DescribeClusters',
      { State: 'ACTIVE', Hsms: modelled },
      { State: cluster?.State, Hsms: listed },
    );
  }
  toString = (): string => 'DescribeClusters';
}

/** docs/behaviour.md §2.5, fidelity "DescribeBackups": DELETED ones are not listed; SortAscending orders by creation. */
export class DescribeBackupsCmd implements ModelCommand {
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    const listed: Backup[] = [];
    let token: string | undefined;
    do {
      const page = await real.hsm.send(
        new DescribeBackupsCommand({
          Filters: { clusterIds: [model.clusterId] },
          SortAscending: true,
          NextToken: token,
        }),
      );
      listed.push(...(page.Backups ?? []));
      token = page.NextToken;
    } while (token);
    const show = (state: string | undefined, atMs: number | undefined) =>
      `${state} @${atMs === undefined ? '?' : new Date(model.epochMs + atMs).toISOString()}`;
    const modelled = model.cluster.backups
      .filter((backup) => backup.state !== 'DELETED')
      .map((backup) => show(backup.state, backup.takenAtMs));
    const actual = listed.map((backup) =>
      show(
        backup.BackupState,
        backup.CreateTimestamp ? backup.CreateTimestamp.getTime() - model.epochMs : undefined,
      ),
    );
    for (const state of new Set(listed.map((backup) => backup.BackupState)))
      countOutcome(`DescribeBackups → a backup ${state}`);
    compareFields('DescribeBackups', { Backups: modelled }, { Backups: actual });
  }
  toString = (): string => 'DescribeBackups';
}
