/**
 * What each operation must answer in the model's state, and how a success changes the state.
 * Every rule cites the spec section or docs/fidelity.md line it comes from. Where the spec fixes a
 * message the expectation carries it; where several causes apply at once and neither the spec nor
 * fidelity.md orders them, every applicable answer is accepted (listed in `anyOf`).
 */
import {
  activeHsmCount,
  activeHsms,
  CONNECT_MS,
  DAY_MS,
  DISCONNECT_MS,
  keyArn,
  schedule,
  unschedule,
  type KeyState,
  type Model,
  type ModelCiphertext,
  type ModelKey,
} from './model-state.js';

export interface ExpectedError {
  readonly name: string;
  /** undefined: not fixed by the spec, not compared; null: the body carries no message (docs/behaviour.md §1.3, §8.2). */
  readonly message?: string | null;
  readonly status: number;
}

/** `undefined` means the call must succeed. */
export type Expected = { readonly anyOf: readonly ExpectedError[] } | undefined;

const client = (name: string, message?: string | null): ExpectedError => ({
  name,
  message,
  status: 400,
});
const only = (error: ExpectedError): Expected => ({ anyOf: [error] });

/** docs/behaviour.md §2.4 key resolution [W]. */
export function notFound(model: Model, keyId: string): ExpectedError {
  return client('NotFoundException', `Key '${keyArn(model, keyId)}' does not exist`);
}

/** docs/behaviour.md §3.1, §3.3 and fidelity "Key state during CONNECTING / DISCONNECTING / FAILED". */
export function keyState(model: Model, key: ModelKey): KeyState {
  if (key.pendingDeletion) return 'PendingDeletion';
  if (key.origin === 'AWS_CLOUDHSM' && model.store.state !== 'CONNECTED') return 'Unavailable';
  return key.enabledIntent ? 'Enabled' : 'Disabled';
}

/** docs/behaviour.md §3.2 first row: the key-state errors of Encrypt, Decrypt, GenerateDataKey. */
function stateError(model: Model, key: ModelKey): ExpectedError | undefined {
  switch (keyState(model, key)) {
    case 'Enabled':
      return undefined;
    case 'Disabled':
      return { name: 'DisabledException', message: `${key.arn} is disabled.`, status: 400 };
    case 'PendingDeletion':
      return client('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    case 'Unavailable':
      return client('KMSInvalidStateException', `${key.arn} is unavailable.`);
  }
}

/**
 * docs/behaviour.md §4.6: behind a CONNECTED store, a broken path, no ACTIVE HSM or missing material are all
 * KMSInvalidStateException; the messages are docs/behaviour.md §4.6 (partition) and fidelity "Backend messages".
 * Their order is not specified, so any applicable one is accepted.
 */
function backendErrors(model: Model, key: ModelKey): ExpectedError[] {
  if (key.origin !== 'AWS_CLOUDHSM') return [];
  const causes: ExpectedError[] = [];
  if (model.cluster.partitioned)
    causes.push(
      client('KMSInvalidStateException', 'KMS cannot communicate with your CloudHSM cluster'),
    );
  const contents = model.cluster.contents;
  if (activeHsmCount(model) === 0 || !contents) {
    causes.push(
      client(
        'KMSInvalidStateException',
        `AWS CloudHSM cluster ${model.clusterId} has no active HSMs.`,
      ),
    );
  } else if (!contents.material.has(key.keyId)) {
    causes.push(
      client(
        'KMSInvalidStateException',
        `The key material for ${key.arn} is not in AWS CloudHSM cluster ${model.clusterId}.`,
      ),
    );
  }
  return causes;
}

/** Encrypt / GenerateDataKey, and Decrypt once the blob's key is known: docs/behaviour.md §3.2 check order. */
export function useKey(model: Model, key: ModelKey): Expected {
  if (key.deleted) return only(notFound(model, key.keyId));
  const state = stateError(model, key);
  if (state) return only(state);
  const backend = backendErrors(model, key);
  return backend.length > 0 ? { anyOf: backend } : undefined;
}

export type DecryptMode = 'blob-only' | 'same-key-id' | 'other-key-id' | 'wrong-context';

/**
 * Decrypt (docs/behaviour.md §2.4, §8.2, §8.3; fidelity "Check order for Decrypt/ReEncrypt"): the named KeyId is
 * resolved first, then the blob's key (deleted → NotFoundException), a mismatch is
 * IncorrectKeyException, then state and backend, and last authentication (wrong context →
 * InvalidCiphertextException with no message).
 */
export function decryptOutcome(
  model: Model,
  ciphertext: ModelCiphertext,
  mode: DecryptMode,
  named: ModelKey | undefined,
): Expected {
  const blobKey = model.keys.find((key) => key.keyId === ciphertext.keyId)!;
  if (named?.deleted) return only(notFound(model, named.keyId));
  if (blobKey.deleted) return only(notFound(model, blobKey.keyId));
  if (mode === 'other-key-id') {
    return only(
      client(
        'IncorrectKeyException',
        'The key ID in the request does not identify a CMK that can perform this operation.',
      ),
    );
  }
  const use = useKey(model, blobKey);
  if (use) return use;
  if (mode === 'wrong-context') return only(client('InvalidCiphertextException', null));
  return undefined;
}

/**
 * ReEncrypt (docs/behaviour.md §2.4; fidelity "Check order for Decrypt/ReEncrypt", "ReEncrypt with two bad
 * keys — source problems first"): the named keys are resolved first (docs/behaviour.md §3.2: resolution before
 * state; the spec does not order the destination against the blob's own key, so either NotFound is
 * accepted when both are gone), then the source is opened as Decrypt opens it (IncorrectKey, state,
 * backend, authentication), then the destination must be usable.
 */
export function reEncryptOutcome(
  model: Model,
  ciphertext: ModelCiphertext,
  mode: DecryptMode,
  named: ModelKey | undefined,
  destination: ModelKey,
): Expected {
  const blobKey = model.keys.find((key) => key.keyId === ciphertext.keyId)!;
  if (named?.deleted) return only(notFound(model, named.keyId));
  if (destination.deleted)
    return {
      anyOf: blobKey.deleted
        ? [notFound(model, destination.keyId), notFound(model, blobKey.keyId)]
        : [notFound(model, destination.keyId)],
    };
  const source = decryptOutcome(model, ciphertext, mode, named);
  if (source) return source;
  return useKey(model, destination);
}

/**
 * CreateKey in the CloudHSM store (docs/behaviour.md §4.5): not CONNECTED → CustomKeyStoreInvalidStateException;
 * fewer than two ACTIVE HSMs in distinct AZs → CloudHsmClusterInvalidConfigurationException; an
 * unreachable cluster is a backend failure, KMSInternalException (500) for CreateKey (fidelity
 * "Backend failures in CreateKey"). The last two are unordered by the spec.
 */
export function createKeyInStoreOutcome(model: Model): Expected {
  if (model.store.state !== 'CONNECTED') return only(client('CustomKeyStoreInvalidStateException'));
  const causes: ExpectedError[] = [];
  const zones = new Set(activeHsms(model).map((hsm) => hsm.az));
  if (zones.size < 2) causes.push(client('CloudHsmClusterInvalidConfigurationException'));
  if (model.cluster.partitioned) causes.push({ name: 'KMSInternalException', status: 500 });
  return causes.length > 0 ? { anyOf: causes } : undefined;
}

export function addKey(model: Model, keyId: string, origin: ModelKey['origin']): ModelKey {
  const key: ModelKey = {
    keyId,
    arn: keyArn(model, keyId),
    origin,
    createdAtMs: model.nowMs,
    enabledIntent: true,
    pendingDeletion: undefined,
    deleted: false,
  };
  model.keys.push(key);
  // docs/behaviour.md §2.4 CreateKey: the backing key is generated in the cluster.
  if (origin === 'AWS_CLOUDHSM') model.cluster.contents!.material.add(keyId);
  return key;
}

/** EnableKey / DisableKey (docs/behaviour.md §3.2; §3.3: on an Unavailable key only the intent changes). */
export function setEnabledOutcome(model: Model, key: ModelKey): Expected {
  if (key.deleted) return only(notFound(model, key.keyId));
  if (key.pendingDeletion) return only(client('KMSInvalidStateException'));
  return undefined;
}

/** ScheduleKeyDeletion (docs/behaviour.md §2.4; fidelity "ScheduleKeyDeletion window outside 7..30"). */
export function scheduleDeletionOutcome(model: Model, key: ModelKey, windowDays: number): Expected {
  if (windowDays < 7 || windowDays > 30)
    return only(
      client(
        'ValidationException',
        `PendingWindowInDays should be between 7 and 30, but it is ${windowDays}`,
      ),
    );
  if (key.deleted) return only(notFound(model, key.keyId));
  if (key.pendingDeletion) return only(client('KMSInvalidStateException'));
  return undefined;
}

export function scheduleDeletion(model: Model, key: ModelKey, windowDays: number): void {
  key.pendingDeletion = { deletionAtMs: model.nowMs + windowDays * DAY_MS };
  schedule(model, windowDays * DAY_MS, { kind: 'key-deleted', key });
}

/** CancelKeyDeletion (docs/behaviour.md §2.4, §3.2): only from PendingDeletion; the key comes back Disabled. */
export function cancelDeletionOutcome(model: Model, key: ModelKey): Expected {
  if (key.deleted) return only(notFound(model, key.keyId));
  if (!key.pendingDeletion)
    return only(
      client(
        'KMSInvalidStateException',
        `${key.arn} is not pending deletion (or pending replica deletion).`,
      ),
    );
  return undefined;
}

export function cancelDeletion(model: Model, key: ModelKey): void {
  key.pendingDeletion = undefined;
  key.enabledIntent = false;
  unschedule(model, (event) => event.kind === 'key-deleted' && event.key === key);
}

/**
 * ConnectCustomKeyStore (docs/behaviour.md §4.3, §4.4): refused from DISCONNECTING and FAILED; a no-op from
 * CONNECTED and CONNECTING (fidelity "Connect on CONNECTED or CONNECTING"). The cluster stays ACTIVE
 * with two subnets in this model, so no quick failure applies; all others surface at the end.
 */
export function connectOutcome(model: Model): Expected {
  const state = model.store.state;
  return state === 'DISCONNECTING' || state === 'FAILED'
    ? only(client('CustomKeyStoreInvalidStateException'))
    : undefined;
}

export function connect(model: Model): void {
  if (model.store.state !== 'DISCONNECTED') return;
  model.store.state = 'CONNECTING';
  model.store.errorCode = undefined;
  schedule(model, CONNECT_MS, { kind: 'connect-finishes' });
}

/**
 * UpdateCustomKeyStore(KeyStorePassword) (docs/behaviour.md §4.4): only a DISCONNECTED store takes a new
 * password, and every UpdateCustomKeyStore needs two ACTIVE HSMs in distinct AZs in the store's
 * cluster (docs/behaviour.md §4.4; fidelity "UpdateCustomKeyStore without a new cluster"). The state check
 * comes first.
 */
export function updateStorePasswordOutcome(model: Model): Expected {
  if (model.store.state !== 'DISCONNECTED')
    return only(client('CustomKeyStoreInvalidStateException'));
  const zones = new Set(activeHsms(model).map((hsm) => hsm.az));
  return zones.size < 2 ? only(client('CloudHsmClusterInvalidConfigurationException')) : undefined;
}

/**
 * A crypto officer's reset of kmsuser's password (docs/behaviour.md §4.7, §10): CloudHSM refuses it while KMS is
 * logged in as kmsuser, i.e. while the store is CONNECTED (fidelity "set-kmsuser-password while
 * CONNECTED"). True when it is refused.
 */
export function resetKmsuserPasswordRefused(model: Model): boolean {
  return model.store.state === 'CONNECTED';
}

/** DisconnectCustomKeyStore (docs/behaviour.md §4.3, §4.4): refused from DISCONNECTED and DISCONNECTING only. */
export function disconnectOutcome(model: Model): Expected {
  const state = model.store.state;
  return state === 'DISCONNECTED' || state === 'DISCONNECTING'
    ? only(client('CustomKeyStoreInvalidStateException'))
    : undefined;
}

export function disconnect(model: Model): void {
  // A disconnect abandons a connect in progress; the error code goes (fidelity "ConnectionErrorCode after disconnect").
  unschedule(model, (event) => event.kind === 'connect-finishes');
  model.store.state = 'DISCONNECTING';
  model.store.errorCode = undefined;
  schedule(model, DISCONNECT_MS, { kind: 'disconnect-finishes' });
}
