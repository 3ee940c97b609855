/**
 * `call:` timeline steps (issue #13 §3): any KMS or CloudHSM v2 API call by its SDK command,
 * `kms.CreateCustomKeyStore` or `cloudhsmv2.CreateCluster`, with its request as `input`. String
 * members may use placeholders for world names: `{cluster:main}`, `{keyStore:store}`,
 * `{key:app-key}` (ARN), `{keyId:app-key}`, and `{trustAnchor}` (the scenario clusters' trust anchor).
 *
 * An operation needs an SDK command (to send it) and an input shape in kmsim's service model (to
 * serve it): one the SDK has but kmsim does not serve would only ever be answered
 * UnknownOperationException, so it is refused at load, like a typo.
 */
import { CLOUDHSM_INPUT_SHAPES } from '../../cloudhsm/input-shapes.js';
import { KMS_INPUT_SHAPES } from '../../kms/input-shapes.js';
import type { StructureShape } from '../../protocol/shape.js';
import { cloudHsmSdk, kmsSdk } from '../../transport/lazy-sdk.js';
import { didYouMean } from './did-you-mean.js';

export const API_SERVICES = ['kms', 'cloudhsmv2'] as const;
export type ApiService = (typeof API_SERVICES)[number];

/** The SDK package per service, loaded on first use: only a scenario with `call:` steps needs one. */
const SDK_MODULES: Record<ApiService, () => Record<string, unknown>> = {
  kms: kmsSdk,
  cloudhsmv2: cloudHsmSdk,
};

function sdkModule(service: ApiService): Record<string, unknown> {
  return SDK_MODULES[service]();
}

/** kmsim's input shape per served operation (the services' own request models). */
const SHAPES: Record<ApiService, Readonly<Record<string, StructureShape>>> = {
  kms: KMS_INPUT_SHAPES,
  cloudhsmv2: CLOUDHSM_INPUT_SHAPES,
};

/** The operations one service's SDK has commands for, sorted. */
export function apiOperations(service: ApiService): string[] {
  return Object.keys(sdkModule(service))
    .filter((name) => name.endsWith('Command') && name !== 'Command' && /^[A-Z]/.test(name))
    .map((name) => name.slice(0, -'Command'.length))
    .sort();
}

/** The operations a `call:` step may use: the SDK sends them and kmsim serves them, sorted. */
export function callableOperations(service: ApiService): string[] {
  return apiOperations(service).filter((operation) => Object.hasOwn(SHAPES[service], operation));
}

/** The request shape of a callable operation (`kms.CreateCustomKeyStore`), or undefined. */
export function apiInputShape(call: string): StructureShape | undefined {
  const api = apiCommand(call);
  return api === undefined ? undefined : SHAPES[api.service][api.operation];
}

export type CommandClass = new (input: object) => unknown;

/** `kms.CreateCustomKeyStore` → its service and SDK command class, or undefined. */
export function apiCommand(
  call: string,
): { service: ApiService; operation: string; Command: CommandClass } | undefined {
  const match = /^(kms|cloudhsmv2)\.([A-Z][A-Za-z0-9]*)$/.exec(call);
  if (!match) return undefined;
  const service = match[1] as ApiService;
  if (!Object.hasOwn(SHAPES[service], match[2]!)) return undefined;
  const Command = sdkModule(service)[`${match[2]}Command`];
  if (typeof Command !== 'function') return undefined;
  return { service, operation: match[2]!, Command: Command as CommandClass };
}

export function apiCallProblem(call: string): string | undefined {
  if (apiCommand(call) !== undefined) return undefined;
  const match = /^(\w+)\.(\w+)$/.exec(call);
  if (!match || !(API_SERVICES as readonly string[]).includes(match[1]!))
    return `'${call}' is not an API call; write <service>.<Operation> with service ${API_SERVICES.join(' or ')}, e.g. kms.CreateCustomKeyStore`;
  const service = match[1] as ApiService;
  if (apiOperations(service).includes(match[2]!))
    return `kmsim does not serve the ${service} operation '${match[2]}' (it would only ever answer UnknownOperationException); it serves: ${callableOperations(service).join(', ')}`;
  return `unknown ${service} operation '${match[2]}'${didYouMean(match[2]!, callableOperations(service))}`;
}
