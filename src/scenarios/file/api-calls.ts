/**
 * `call:` timeline steps (issue #13 §3): any KMS or CloudHSM v2 API call by its SDK command,
 * `kms.CreateCustomKeyStore` or `cloudhsmv2.CreateCluster`, with its request as `input`. String
 * members may use placeholders for world names: `{cluster:main}`, `{keyStore:store}`,
 * `{key:app-key}` (ARN), `{keyId:app-key}`, and `{trustAnchor}` (the scenario clusters' trust anchor).
 */
import * as cloudHsmSdk from '@aws-sdk/client-cloudhsm-v2';
import * as kmsSdk from '@aws-sdk/client-kms';

export const API_SERVICES = ['kms', 'cloudhsmv2'] as const;
export type ApiService = (typeof API_SERVICES)[number];

const MODULES: Record<ApiService, Record<string, unknown>> = {
  kms: kmsSdk as unknown as Record<string, unknown>,
  cloudhsmv2: cloudHsmSdk as unknown as Record<string, unknown>,
};

/** The operations one service's SDK has commands for, sorted. */
export function apiOperations(service: ApiService): string[] {
  return Object.keys(MODULES[service])
    .filter((name) => name.endsWith('Command') && name !== 'Command' && /^[A-Z]/.test(name))
    .map((name) => name.slice(0, -'Command'.length))
    .sort();
}

export type CommandClass = new (input: object) => unknown;

/** `kms.CreateCustomKeyStore` → its service and SDK command class, or undefined. */
export function apiCommand(
  call: string,
): { service: ApiService; operation: string; Command: CommandClass } | undefined {
  const match = /^(kms|cloudhsmv2)\.([A-Z][A-Za-z0-9]*)$/.exec(call);
  if (!match) return undefined;
  const service = match[1] as ApiService;
  const Command = MODULES[service][`${match[2]}Command`];
  if (typeof Command !== 'function') return undefined;
  return { service, operation: match[2]!, Command: Command as CommandClass };
}

export function apiCallProblem(call: string): string | undefined {
  if (apiCommand(call) !== undefined) return undefined;
  const match = /^(\w+)\.(\w+)$/.exec(call);
  if (!match || !(API_SERVICES as readonly string[]).includes(match[1]!))
    return `'${call}' is not an API call; write <service>.<Operation> with service ${API_SERVICES.join(' or ')}, e.g. kms.CreateCustomKeyStore`;
  const known = apiOperations(match[1] as ApiService);
  const near = known.find((name) => name.toLowerCase() === match[2]!.toLowerCase());
  return `unknown ${match[1]} operation '${match[2]}'${near ? ` (did you mean '${near}'?)` : ''}`;
}
