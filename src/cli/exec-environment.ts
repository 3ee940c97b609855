/**
 * The environment `kmsim exec` gives its command (issue #9 §2): the endpoint, credentials and the
 * scenario's world ids, on top of the caller's own environment.
 *
 * - Endpoint: `AWS_ENDPOINT_URL` and the per-service `AWS_ENDPOINT_URL_KMS` and
 *   `AWS_ENDPOINT_URL_CLOUDHSM_V2` (the SDKs' service-specific endpoint variables), and
 *   `KMSIM_ENDPOINT_URL`, because the AWS CLI 2.9 and boto3 1.26 Debian ships predate
 *   `AWS_ENDPOINT_URL`: pass it yourself (`--endpoint-url "$KMSIM_ENDPOINT_URL"`, `endpoint_url=`).
 * - Credentials: the access key of the scenario's first external client (so its requests are
 *   counted as that client's with no change to the code), a placeholder secret, the Region; no
 *   instance-metadata lookups. `KMSIM_ACCESS_KEY_ID_<CLIENT>` names every external client's key, for
 *   a command that starts several processes.
 * - World ids: `KMSIM_WORLD_FILE`, a JSON file with the name map `GET /_sim/world` serves under
 *   `names`, and one variable per name: `KMSIM_KEY_<NAME>` (the key ARN), `KMSIM_KEY_STORE_<NAME>`,
 *   `KMSIM_CLUSTER_<NAME>`. Names are upper-cased with every other character turned into `_`
 *   (`app-key` → `KMSIM_KEY_APP_KEY`).
 */
import type { WorldNames } from '../scenarios/run/served-scenario.js';
import type { ClientSpec } from '../scenarios/scenario.js';

/** The access key exec uses when the scenario declares no external client. */
export const DEFAULT_EXEC_ACCESS_KEY_ID = 'AKIAKMSIMEXEC';
/** A placeholder: the simulator checks no signature. */
export const EXEC_SECRET_ACCESS_KEY = 'kmsim-exec-secret-not-a-real-key';

export function envName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

export interface ExecEnvironmentInput {
  readonly base: NodeJS.ProcessEnv;
  readonly endpointUrl: string;
  readonly region: string;
  readonly clients: readonly ClientSpec[];
  readonly names: WorldNames;
  readonly worldFile: string;
}

/** The command's environment, and warnings (two names that map to one variable). */
export function execEnvironment(input: ExecEnvironmentInput): {
  env: NodeJS.ProcessEnv;
  warnings: string[];
} {
  const external = input.clients.filter((client) => client.accessKeyId !== undefined);
  const env: NodeJS.ProcessEnv = {
    ...input.base,
    AWS_ENDPOINT_URL: input.endpointUrl,
    AWS_ENDPOINT_URL_KMS: input.endpointUrl,
    AWS_ENDPOINT_URL_CLOUDHSM_V2: input.endpointUrl,
    KMSIM_ENDPOINT_URL: input.endpointUrl,
    AWS_ACCESS_KEY_ID: external[0]?.accessKeyId ?? DEFAULT_EXEC_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: EXEC_SECRET_ACCESS_KEY,
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_EC2_METADATA_DISABLED: 'true',
    KMSIM_WORLD_FILE: input.worldFile,
  };
  delete env['AWS_SESSION_TOKEN'];
  delete env['AWS_PROFILE'];
  const warnings: string[] = [];
  const owners = new Map<string, string>();
  const set = (variable: string, value: string, owner: string): void => {
    const previous = owners.get(variable);
    if (previous !== undefined) {
      warnings.push(
        `kmsim exec: ${owner} and ${previous} both map to ${variable}; it holds ${previous}'s value (rename one, or read ${input.worldFile})`,
      );
      return;
    }
    owners.set(variable, owner);
    env[variable] = value;
  };
  for (const client of external)
    set(
      `KMSIM_ACCESS_KEY_ID_${envName(client.name)}`,
      client.accessKeyId!,
      `client '${client.name}'`,
    );
  for (const [name, key] of Object.entries(input.names.keys))
    set(`KMSIM_KEY_${envName(name)}`, key.arn, `key '${name}'`);
  for (const [name, id] of Object.entries(input.names.keyStores))
    set(`KMSIM_KEY_STORE_${envName(name)}`, id, `key store '${name}'`);
  for (const [name, id] of Object.entries(input.names.clusters))
    set(`KMSIM_CLUSTER_${envName(name)}`, id, `cluster '${name}'`);
  return { env, warnings };
}
