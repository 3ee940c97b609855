/**
 * The fault catalogue: every fault definition, one line each. Adding a fault is its own file
 * (declared with defineFault, fault.ts) plus one line here. Everything else is derived from this
 * list: the scenario step table (scenarios/file/step-catalogue.ts), the faults property tests may
 * draw (properties/fault-schedule-arbitrary.ts), the runbook rows (FAULT_RUNBOOK, handed to
 * report/ by its callers), and the FaultName union `Simulator.inject` takes.
 */
import { allHsmsLoss } from './all-hsms-loss.js';
import { clusterBusy } from './cluster-busy.js';
import { clusterDeletion } from './cluster-deletion.js';
import { connectionReset } from './connection-reset.js';
import { connectionTimeout } from './connection-timeout.js';
import type { FaultDefinition } from './fault.js';
import { forceError } from './force-error.js';
import { hsmLoss } from './hsm-loss.js';
import { keyMaterialDeletion } from './key-material-deletion.js';
import { kmsuserLockedOut } from './kmsuser-locked-out.js';
import { kmsuserLoggedIn } from './kmsuser-logged-in.js';
import { kmsuserMissing } from './kmsuser-missing.js';
import { kmsuserPasswordRotated } from './kmsuser-password-rotated.js';
import { networkPartition } from './network-partition.js';
import { operatorDisconnect } from './operator-disconnect.js';
import { sessionExhaustion } from './session-exhaustion.js';
import { slowHsm } from './slow-hsm.js';
import { subnetFull } from './subnet-full.js';
import { subnetMissing } from './subnet-missing.js';

/** Every fault, in the order references list them. */
const DEFINITIONS = [
  operatorDisconnect,
  networkPartition,
  hsmLoss,
  allHsmsLoss,
  keyMaterialDeletion,
  clusterDeletion,
  kmsuserPasswordRotated,
  kmsuserLockedOut,
  kmsuserLoggedIn,
  kmsuserMissing,
  subnetMissing,
  subnetFull,
  sessionExhaustion,
  slowHsm,
  clusterBusy,
  connectionReset,
  connectionTimeout,
  forceError,
] as const;

/** The name of a fault in the catalogue. */
export type FaultName = (typeof DEFINITIONS)[number]['name'];

export const FAULT_NAMES: readonly FaultName[] = DEFINITIONS.map((definition) => definition.name);

export const FAULT_CATALOGUE: ReadonlyMap<string, FaultDefinition> = new Map(
  DEFINITIONS.map((definition) => [definition.name, definition]),
);

export function isFaultName(name: string): name is FaultName {
  return FAULT_CATALOGUE.has(name);
}

/**
 * What a runbook report says about each fault: what it models and what a person does when it
 * heals. report/ may not import faults (LAYERS.md), so its callers hand this in.
 */
export const FAULT_RUNBOOK: ReadonlyMap<string, { summary: string; heal: string | undefined }> =
  new Map(
    DEFINITIONS.map((definition) => [
      definition.name,
      { summary: definition.summary, heal: definition.runbook.heal },
    ]),
  );
