/**
 * Performing one timeline step at its time: a fault injected or healed through the fault catalogue,
 * or an operator action through the real SDK clients. Logical references become real ids here
 * (file/step-catalogue.ts says how).
 */
import {
  CancelKeyDeletionCommand,
  ConnectCustomKeyStoreCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  DisconnectCustomKeyStoreCommand,
  EnableKeyCommand,
  ScheduleKeyDeletionCommand,
  UpdateCustomKeyStoreCommand,
} from '@aws-sdk/client-kms';
import { isContextOnly } from '../../faults/fault.js';
import { newestReadyBackup } from '../../world/backup-lifecycle.js';
import { KMSUSER } from '../../world/crypto-user.js';
import { durationMs } from '../duration.js';
import type { ScenarioNames } from './scenario-names.js';
import type { Operator } from './operator.js';
import type { Scenario, TimelineStep } from '../scenario.js';
import { ACTION_STEPS, FAULT_STEPS, type StepParam } from '../file/step-catalogue.js';
import { expandPlaceholders } from '../check/message-match.js';
import { SCENARIO_TRUST_ANCHOR } from './operator.js';

type ApiCalls = typeof import('../file/api-calls.js');

/**
 * The `call:` step catalogue (file/api-calls.ts) imports both SDKs whole, CloudHSM's older
 * generation too, so it is loaded only for a timeline that has a `call:` step (issue #12).
 */
let apiCalls: ApiCalls | undefined;

async function loadApiCalls(): Promise<ApiCalls> {
  apiCalls ??= await import('../file/api-calls.js');
  return apiCalls;
}

/**
 * Loads what the scenario's timeline steps will need before the run starts, so no step waits for
 * a module to load in the middle of virtual time.
 */
export async function prepareTimeline(scenario: Scenario): Promise<void> {
  if ((scenario.timeline ?? []).some((step) => step.call !== undefined)) await loadApiCalls();
}

export type StepOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly errorName: string; readonly message: string };

/** Resolves one scenario parameter to what the fault catalogue expects. */
function resolveParam(
  operator: Operator,
  names: ScenarioNames,
  step: TimelineStep,
  spec: StepParam,
  value: unknown,
): unknown {
  switch (spec.kind) {
    case 'cluster':
      return names.clusterId(String(value));
    case 'key-store':
      return names.keyStoreId(String(value));
    case 'key':
      return names.keyId(String(value));
    case 'duration':
      return durationMs(value as string | number);
    case 'az': {
      const cluster = operator.sim.world.clusters.get(names.clusterId(String(step.cluster)));
      const zone = operator.zone(String(value));
      if (spec.as === 'subnetId')
        return cluster?.subnetMapping.get(zone) ?? `(no subnet in ${zone})`;
      return (
        [...(cluster?.hsms.values() ?? [])].find((hsm) => hsm.availabilityZone === zone)?.hsmId ??
        `(no HSM in ${zone})`
      );
    }
    default:
      return value;
  }
}

/** The parameters a fault receives: references resolved; context-only references dropped. */
export function faultParams(
  operator: Operator,
  names: ScenarioNames,
  step: TimelineStep,
  faultName: string,
  forHeal = false,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const specs = Object.hasOwn(FAULT_STEPS, faultName) ? FAULT_STEPS[faultName]! : {};
  for (const [name, spec] of Object.entries(specs)) {
    if (step[name] === undefined) continue;
    // An HSM named by its AZ is gone by heal time; the heal matches on the other parameters.
    if (forHeal && spec.kind === 'az' && spec.as === 'hsmId') continue;
    if (isContextOnly(spec)) continue;
    params[spec.as ?? name] = resolveParam(operator, names, step, spec, step[name]);
  }
  return params;
}

function failure(error: unknown): StepOutcome {
  const named = error as { name?: string; message?: string };
  return { ok: false, errorName: named.name ?? 'Error', message: named.message ?? String(error) };
}

function sleep(operator: Operator, ms: number): Promise<void> {
  return new Promise((resolve) => operator.sim.kernel.schedule(ms, 'operator wait', resolve));
}

async function createClusterFromBackup(
  operator: Operator,
  names: ScenarioNames,
  step: TimelineStep,
): Promise<void> {
  const world = operator.sim.world;
  const fromId = names.clusterId(String(step.from));
  let backup = newestReadyBackup(world, fromId);
  if (step.beforeKey !== undefined) {
    const key = world.keys.get(names.keyId(String(step.beforeKey)));
    const createdAtMs = key?.createdAtMs ?? Infinity;
    backup = [...world.backups.values()]
      .filter(
        (candidate) =>
          candidate.clusterId === fromId &&
          candidate.state === 'READY' &&
          candidate.createdAtMs < createdAtMs,
      )
      .sort((a, b) => b.createdAtMs - a.createdAtMs)[0];
  }
  if (!backup)
    throw Object.assign(new Error(`no READY backup of cluster ${fromId} fits`), {
      name: 'ScenarioStepError',
    });
  const clusterId = await operator.createCluster(backup.backupId);
  names.clusters.set(String(step.name), clusterId);
  await sleep(operator, world.timings.clusterCreateMs);
  for (const az of step.hsms as string[]) await operator.createHsm(clusterId, az);
}

async function updateKeyStore(
  operator: Operator,
  names: ScenarioNames,
  step: TimelineStep,
): Promise<void> {
  const customKeyStoreId = names.keyStoreId(String(step.keyStore));
  let password = step.password as string | undefined;
  if (password === 'cluster-current') {
    // The operator looks up (or resets, RB-3) kmsuser's password and tells KMS.
    const store = operator.sim.world.keyStores.get(customKeyStoreId)!;
    const clusterId =
      step.cluster !== undefined ? names.clusterId(String(step.cluster)) : store.clusterId;
    password =
      operator.sim.world.clusters.get(clusterId)?.contents?.users.get(KMSUSER)?.password ??
      store.kmsuserPassword;
  }
  await operator.kms.send(
    new UpdateCustomKeyStoreCommand({
      CustomKeyStoreId: customKeyStoreId,
      CloudHsmClusterId:
        step.cluster !== undefined ? names.clusterId(String(step.cluster)) : undefined,
      KeyStorePassword: password,
      NewCustomKeyStoreName: step.newName as string | undefined,
    }),
  );
}

async function runAction(
  operator: Operator,
  names: ScenarioNames,
  step: TimelineStep,
): Promise<void> {
  const kms = operator.kms;
  const key = (): string => names.keyId(String(step.key));
  switch (step.action) {
    case 'connect-key-store':
      return void (await kms.send(
        new ConnectCustomKeyStoreCommand({
          CustomKeyStoreId: names.keyStoreId(String(step.keyStore)),
        }),
      ));
    case 'disconnect-key-store':
      return void (await kms.send(
        new DisconnectCustomKeyStoreCommand({
          CustomKeyStoreId: names.keyStoreId(String(step.keyStore)),
        }),
      ));
    case 'update-key-store':
      return updateKeyStore(operator, names, step);
    case 'create-hsm':
      return void (await operator.createHsm(
        names.clusterId(String(step.cluster)),
        String(step.az),
      ));
    case 'delete-hsm':
      return operator.deleteHsmIn(names.clusterId(String(step.cluster)), String(step.az));
    case 'create-cluster-from-backup':
      return createClusterFromBackup(operator, names, step);
    case 'set-kmsuser-password': {
      const result = operator.sim.runAction({
        action: 'set-kmsuser-password',
        clusterId: names.clusterId(String(step.cluster)),
        password: step.password,
      });
      if (!result.ok) throw Object.assign(new Error(result.message), { name: 'ScenarioStepError' });
      return;
    }
    case 'create-key': {
      const inStore = step.keyStore !== undefined;
      const created = await kms.send(
        new CreateKeyCommand(
          inStore
            ? { Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: names.keyStoreId(String(step.keyStore)) }
            : {},
        ),
      );
      names.keys.set(String(step.name), created.KeyMetadata!.KeyId!);
      return;
    }
    case 'enable-key':
      return void (await kms.send(new EnableKeyCommand({ KeyId: key() })));
    case 'disable-key':
      return void (await kms.send(new DisableKeyCommand({ KeyId: key() })));
    case 'schedule-key-deletion':
      return void (await kms.send(
        new ScheduleKeyDeletionCommand({
          KeyId: key(),
          PendingWindowInDays: (step.days as number | undefined) ?? 7,
        }),
      ));
    case 'cancel-key-deletion':
      return void (await kms.send(new CancelKeyDeletionCommand({ KeyId: key() })));
    default:
      throw new Error(
        `scenario runner: unknown action ${String(step.action)} (the loader should have rejected it)`,
      );
  }
}

export async function performStep(
  operator: Operator,
  names: ScenarioNames,
  step: TimelineStep,
): Promise<StepOutcome> {
  try {
    if (step.fault !== undefined) {
      const result = operator.sim.faults.inject(
        step.fault,
        faultParams(operator, names, step, step.fault),
      );
      return result.ok
        ? { ok: true }
        : { ok: false, errorName: 'FaultRefused', message: result.message };
    }
    if (step.heal !== undefined) {
      const result = operator.sim.faults.heal({
        name: step.heal,
        params: faultParams(operator, names, step, step.heal, true),
      });
      return result.ok
        ? { ok: true }
        : { ok: false, errorName: 'HealRefused', message: result.message };
    }
    if (step.call !== undefined) {
      await runApiCall(operator, names, step);
      return { ok: true };
    }
    if (!Object.hasOwn(ACTION_STEPS, String(step.action)))
      throw new Error(`unknown action ${String(step.action)}`);
    await runAction(operator, names, step);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

/** Every string in a request with its placeholders replaced by world ids (file/api-calls.ts). */
function resolveInput(operator: Operator, names: ScenarioNames, value: unknown): unknown {
  if (typeof value === 'string') {
    if (value === '{trustAnchor}') return SCENARIO_TRUST_ANCHOR;
    return expandPlaceholders(value, (kind, name) => {
      const id = names.placeholder(kind, name, operator.sim.region, operator.sim.accountId);
      if (id === undefined) throw new Error(`call input: no ${kind} named '${name}' in the world`);
      return id;
    });
  }
  if (Array.isArray(value)) return value.map((item) => resolveInput(operator, names, item));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveInput(operator, names, item)]),
    );
  return value;
}

/** A `call:` step: the SDK command sent by the operator's one-attempt client for its service. */
async function runApiCall(
  operator: Operator,
  names: ScenarioNames,
  step: TimelineStep,
): Promise<void> {
  const { apiCommand } = apiCalls ?? (await loadApiCalls());
  const api = apiCommand(String(step.call));
  if (!api)
    throw new Error(`unknown API call ${String(step.call)} (the loader should have rejected it)`);
  const input = resolveInput(operator, names, step.input ?? {}) as object;
  const client = (api.service === 'kms' ? operator.kms : operator.hsm) as unknown as {
    send(command: unknown): Promise<unknown>;
  };
  await client.send(new api.Command(input));
}
