/**
 * Fixed reading aids a runbook report attaches to what the trace shows: what a ConnectionErrorCode
 * means and which runbook step answers it (docs/behaviour.md §4.2, §7 RB-3), which runbook row an exception
 * points to (docs/behaviour.md §4.6, §7 RB-2/RB-4), and what a person does for an operator action that has no AWS
 * CLI command; what a person does for a fault's heal comes from the fault's own definition
 * (FaultGuide). These are documentation, keyed by names the trace records;
 * they never supply a value (times, ids, states and outputs come from the trace).
 */

/** ConnectionErrorCode → meaning and the RB-3 steps (docs/behaviour.md §4.2, §7). */
export const CONNECTION_ERROR_GUIDANCE: Readonly<
  Record<string, { meaning: string; runbook: string }>
> = {
  CLUSTER_NOT_FOUND: {
    meaning:
      'KMS finds no cluster with the id the key store names (wrong id, or the cluster was deleted).',
    runbook:
      'RB-3: check the id with DescribeClusters; if the cluster is gone, create one from a recent backup of it, add HSMs in two AZs, disconnect the store, UpdateCustomKeyStore with the new cluster id, connect.',
  },
  INSUFFICIENT_CLOUDHSM_HSMS: {
    meaning: 'the cluster has no active HSM.',
    runbook:
      'RB-3: CreateHsm (better two, in different AZs), wait for ACTIVE, disconnect, connect.',
  },
  INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET: {
    meaning: 'a cluster subnet has no free IP address for the network interface KMS creates.',
    runbook:
      'RB-3: free addresses in every cluster subnet, or create a cluster from the newest backup in subnets with room; disconnect, update the cluster id, connect.',
  },
  INTERNAL_ERROR: {
    meaning: 'a problem inside KMS.',
    runbook: 'RB-3: disconnect, then connect again.',
  },
  INVALID_CREDENTIALS: {
    meaning: "the kmsuser password KMS holds does not match the cluster's.",
    runbook:
      "RB-3: disconnect; find or reset kmsuser's password (as the crypto officer); UpdateCustomKeyStore --key-store-password; connect.",
  },
  NETWORK_ERRORS: {
    meaning: 'KMS could not reach the cluster over the network (usually transient).',
    runbook:
      'RB-3: disconnect, wait, connect; if it persists, check the security group, NACLs and firewalls.',
  },
  SUBNET_NOT_FOUND: {
    meaning: 'a subnet of the cluster configuration was deleted.',
    runbook:
      'RB-3: create a cluster from a recent backup in existing subnets, disconnect, update the cluster id, connect.',
  },
  USER_LOCKED_OUT: {
    meaning: 'kmsuser is locked after too many failed logins.',
    runbook:
      "RB-3: disconnect; the crypto officer changes kmsuser's password (this clears the lock); UpdateCustomKeyStore --key-store-password; connect.",
  },
  USER_LOGGED_IN: {
    meaning: 'someone else is logged in as kmsuser, so KMS cannot log in.',
    runbook:
      'RB-3: log kmsuser out of the cluster; if its password changed, UpdateCustomKeyStore --key-store-password; connect.',
  },
  USER_NOT_FOUND: {
    meaning: 'the cluster has no kmsuser crypto user.',
    runbook:
      'RB-3: create the crypto user kmsuser, UpdateCustomKeyStore --key-store-password, connect.',
  },
};

/**
 * Operations that change a key's state and so share its hot-key limit. The world's own set is
 * world/request-quotas.ts KEY_STATE_CHANGE_OPERATIONS; a report may not import values from world
 * (test/conventions/import-direction.test.ts), so test/report/runbook-guidance.test.ts holds the two equal.
 */
export const KEY_STATE_CHANGES: readonly string[] = [
  'EnableKey',
  'DisableKey',
  'ScheduleKeyDeletion',
  'CancelKeyDeletion',
];

/** What to do when requests outlive the client's own timeout (the TimeoutError entries below). */
const SLOW_ANSWER_ADVICE =
  "KMS answered more slowly than the client allows, usually because its cluster is slow or busy (docs/behaviour.md §5.2, §10): heal that first. And/or raise the client's timeout above the latency KMS has now, or let its retry strategy wait longer: the SDK retries a TimeoutError (docs/behaviour.md §1.6), but every retry waits the same timeout out, so retries alone do not help while KMS stays slow.";

/**
 * Exception (and a message fragment, or the operations it came from) → the runbook row it points to
 * (docs/behaviour.md §4.6, §5.1, §7). The first matching entry wins.
 */
const EXCEPTION_GUIDANCE: readonly {
  exception: string;
  message?: string;
  operations?: readonly string[];
  text: string;
}[] = [
  {
    exception: 'KMSInvalidStateException',
    message: 'cannot communicate with your CloudHSM cluster',
    text: 'RB-4: KMS cannot reach the cluster. Retry first (it may be transient); if it persists, fix the security group or firewall between KMS and the cluster. The SDK does not retry this 400.',
  },
  {
    exception: 'KMSInvalidStateException',
    message: 'is unavailable',
    text: 'RB-1: the key is Unavailable because its key store is not CONNECTED. Connect it (RB-1); if the connect ends FAILED, follow RB-3.',
  },
  {
    exception: 'KMSInvalidStateException',
    message: 'has no active HSMs',
    text: 'RB-4: the key store is CONNECTED but its cluster has no ACTIVE HSM. CreateHsm (better two, in different AZs): the first one restores the newest READY backup, so keys created after that backup stay unusable (RB-6).',
  },
  {
    exception: 'KMSInvalidStateException',
    message: 'is not in AWS CloudHSM cluster',
    text: 'RB-6: the key material is not in the cluster (deleted there, or the HSMs were restored from a backup taken before the key existed). Only a backup taken while the key existed brings it back: create a cluster from it, point the key store at it, reconnect.',
  },
  {
    exception: 'KMSInvalidStateException',
    message: 'was not found',
    text: 'RB-4: the key store is CONNECTED but its cluster is gone. Create a cluster from a backup of it (it shares backup history), point the key store at it with UpdateCustomKeyStore, reconnect (RB-6 steps 2-5).',
  },
  {
    exception: 'KMSInvalidStateException',
    text: 'RB-4: the key is Enabled and the store CONNECTED, but the cluster cannot serve the key (no active HSM, key material missing, or the cluster is gone). Check the cluster and its backups.',
  },
  {
    exception: 'KMSInternalException',
    message: 'PKCS#11 session',
    text: 'RB-4: every PKCS#11 session KMS holds on the cluster was busy (a burst). Back off and retry; the SDK does so for this 500.',
  },
  {
    exception: 'KMSInternalException',
    text: 'A transient failure inside KMS: back off and retry; the SDK does so for this 500.',
  },
  {
    exception: 'ThrottlingException',
    operations: KEY_STATE_CHANGES,
    text: 'docs/behaviour.md §5.1 "hot key": state changes on one key (EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion) are throttled when they come in a burst or a steady stream, even below each operation’s own quota (or the operation’s own quota was exceeded). Retries only add to the stream: change the key’s state only when it must change, and spread the calls out.',
  },
  {
    exception: 'ThrottlingException',
    text: 'RB-4: a request quota was exceeded (the store’s 1,800 requests/second, the account’s symmetric pool, or less when the cluster is busy with other work). Lower the rate or move unrelated load; the SDK retries it.',
  },
  {
    exception: 'CloudHsmClusterInvalidConfigurationException',
    text: 'RB-2: CreateKey and UpdateCustomKeyStore (even a password-only update in RB-3) need two ACTIVE HSMs in different AZs. Add HSMs (CreateHsm) and retry.',
  },
  {
    exception: 'CustomKeyStoreInvalidStateException',
    text: 'RB-2: the key store is not CONNECTED. Connect it (RB-1).',
  },
  {
    exception: 'DisabledException',
    text: 'The key is Disabled: EnableKey, if it should be in use.',
  },
  {
    exception: 'CloudHsmClusterNotRelatedException',
    text: 'RB-6: UpdateCustomKeyStore accepts only a cluster that shares backup history with the original (created from its backup).',
  },
  // TimeoutError is raised by the SDK's request handler (@smithy/node-http-handler), not by KMS:
  // it has no HTTP status, and the SDK retries it (docs/behaviour.md §1.6). Which setting ran out
  // is in its message (transport/connection-errors.ts words them as the pinned handler does).
  // The pinned handler also names a reset socket TimeoutError (code ECONNRESET, `read ECONNRESET`):
  // that is the network, not a timeout of the client's.
  {
    exception: 'TimeoutError',
    message: 'ECONNRESET',
    text: "The connection to the KMS endpoint was reset (docs/behaviour.md §1.6); the SDK's request handler raises a reset as TimeoutError with code ECONNRESET, although no timeout of the client's ran out. The SDK retries it while its retry quota lasts; nothing in KMS changed. Give clients retries with backoff, and look at the network between the application and the endpoint.",
  },
  {
    exception: 'TimeoutError',
    message: 'did not establish a connection',
    text: "The client could not open a connection to the KMS endpoint within its own connectionTimeout, so the SDK's request handler raised TimeoutError. Nothing in KMS changed: look at the network between the application and the endpoint. The SDK retries it (docs/behaviour.md §1.6) while its retry quota lasts; a longer connectionTimeout helps only when connecting is slow rather than impossible.",
  },
  {
    exception: 'TimeoutError',
    message: 'requestTimeout',
    text: `Requests outlived the client's own requestTimeout (with throwOnRequestTimeout set), so the SDK's request handler gave up on them and raised TimeoutError. ${SLOW_ANSWER_ADVICE}`,
  },
  {
    exception: 'TimeoutError',
    message: 'of inactivity',
    text: `Requests outlived the client's own socketTimeout (no answer for that long), so the SDK's request handler gave up on them and raised TimeoutError. ${SLOW_ANSWER_ADVICE}`,
  },
  {
    exception: 'TimeoutError',
    text: `Requests outlived the client's own timeout (its requestTimeout with throwOnRequestTimeout, or its socketTimeout), so the SDK's request handler gave up on them and raised TimeoutError. ${SLOW_ANSWER_ADVICE}`,
  },
  {
    exception: 'Error',
    message: 'ECONNRESET',
    text: 'The connection to the KMS endpoint was reset (docs/behaviour.md §1.6). The SDK retries it while its retry quota lasts; nothing in KMS changed. Give clients retries with backoff, and look at the network between the application and the endpoint.',
  },
];

/**
 * Whether an error the caller saw is a timeout of the client's own: a TimeoutError the request
 * handler raised when a timeout ran out, not a reset socket it renamed TimeoutError.
 */
export function isClientTimeout(
  errorName: string | undefined,
  message: string | undefined,
): boolean {
  return errorName === 'TimeoutError' && !/ECONNRESET|EPIPE/.test(message ?? '');
}

export function exceptionGuidance(
  exception: string,
  message: string | undefined,
  operation?: string,
): string | undefined {
  return EXCEPTION_GUIDANCE.find(
    (entry) =>
      entry.exception === exception &&
      (entry.message === undefined || (message ?? '').includes(entry.message)) &&
      (entry.operations === undefined ||
        (operation !== undefined && entry.operations.includes(operation))),
  )?.text;
}

/**
 * What a report says about a fault: what it models and what a person does when it heals. Each
 * fault declares these in its own file; report/ imports no fault code (LAYERS.md), so the caller
 * hands them in (faults/catalogue.ts FAULT_RUNBOOK).
 */
export interface FaultGuidance {
  readonly summary: string;
  readonly heal: string | undefined;
}

/** Fault name → its guidance. */
export type FaultGuide = ReadonlyMap<string, FaultGuidance>;

/**
 * The CloudHSM CLI session for a control action that has no AWS API: how to start the CLI
 * (Client SDK 5's `cloudhsm-cli`), log in, do it, and log out. The CLI prompts for passwords
 * itself, so none appears on a command line.
 */
export const CLOUDHSM_CLI_ACTIONS: Readonly<
  Record<string, { intro: string; start: string; session: readonly string[]; after: string }>
> = {
  'set-kmsuser-password': {
    intro:
      "With the key store disconnected (KMS stays logged in as kmsuser while it is connected, and CloudHSM will not change a logged-in user's password), on a host with the CloudHSM client configured for this cluster: start the CloudHSM CLI, log in as an admin (the crypto officer; it asks for the admin's password) and give kmsuser a new password (at its prompt, type the value of `$KMSUSER_PASSWORD`):",
    start: '/opt/cloudhsm/bin/cloudhsm-cli interactive',
    session: [
      'aws-cloudhsm > login --username admin --role admin',
      'aws-cloudhsm > user change-password --username kmsuser --role crypto-user',
      'aws-cloudhsm > logout',
      'aws-cloudhsm > quit',
    ],
    after:
      'An admin setting the password is what clears a USER_LOCKED_OUT lock (docs/behaviour.md §7 RB-3). If kmsuser is logged in elsewhere, log that session out first.',
  },
};
