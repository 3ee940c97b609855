/** The fault catalogue by name. */
import type { FaultInjector } from './fault.js';
import { clusterBusy } from './cluster-busy.js';
import { clusterDeletion } from './cluster-deletion.js';
import { connectionReset, connectionTimeout } from './connection-faults.js';
import { forceError } from './force-error.js';
import { allHsmsLoss, hsmLoss } from './hsm-loss.js';
import { keyMaterialDeletion } from './key-material-deletion.js';
import {
  kmsuserLockedOut,
  kmsuserLoggedIn,
  kmsuserMissing,
  kmsuserPasswordRotated,
} from './kmsuser-faults.js';
import { networkPartition } from './network-partition.js';
import { operatorDisconnect } from './operator-disconnect.js';
import { sessionExhaustion } from './session-exhaustion.js';
import { slowHsm } from './slow-hsm.js';
import { subnetFull, subnetMissing } from './subnet-faults.js';

export const FAULT_CATALOGUE: ReadonlyMap<string, FaultInjector> = new Map(
  [
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
    slowHsm,
    sessionExhaustion,
    clusterBusy,
    connectionReset,
    connectionTimeout,
    forceError,
  ].map((injector) => [injector.name, injector]),
);
