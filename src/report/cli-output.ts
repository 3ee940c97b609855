/**
 * Commands and outputs as an operator meets them in the AWS CLI v2 (issue 14, "commands that run
 * as printed"):
 * - every `aws` command names its endpoint through a shell variable, `--endpoint-url
 *   "$KMS_ENDPOINT"` or `"$CLOUDHSM_ENDPOINT"` (placeholders.ts explains them): the CLI 2.9 that
 *   Debian ships does not read AWS_ENDPOINT_URL, and against real AWS the variables hold the
 *   Regional endpoints, so the same line works for both;
 * - a JSON answer is shown as the CLI prints it: members in the service's order, four-space
 *   indent, timestamps (epoch seconds on the wire, docs/behaviour.md §1.2) as ISO 8601, and the
 *   pages of a paginated call merged, so the pagination members (`NextMarker`, `Truncated`,
 *   `NextToken`) are gone;
 * - an error answer is the CLI's one line, `An error occurred (<type>) when calling the <Operation>
 *   operation: <message>` (docs/behaviour.md §1.3).
 */

/** The shell variable holding the endpoint of each service. */
export const ENDPOINT_VARIABLES = {
  kms: 'KMS_ENDPOINT',
  cloudhsmv2: 'CLOUDHSM_ENDPOINT',
} as const;

/** `aws kms …` / `aws cloudhsmv2 …` with its `--endpoint-url "$…"` appended (once). */
export function withEndpoint(command: string): string {
  const service = /^aws (kms|cloudhsmv2) /.exec(command)?.[1] as
    | keyof typeof ENDPOINT_VARIABLES
    | undefined;
  if (service === undefined || command.includes('--endpoint-url')) return command;
  return `${command} --endpoint-url "$${ENDPOINT_VARIABLES[service]}"`;
}

/** Members that carry a timestamp, in the KMS and CloudHSM v2 models. */
const TIMESTAMP_MEMBERS = new Set([
  'CreationDate',
  'DeletionDate',
  'ValidTo',
  'LastUpdatedDate',
  'CreateTimestamp',
  'DeleteTimestamp',
  'CopyTimestamp',
  'HsmTypeRollbackExpiration',
]);

/** Members of paginated answers that the CLI drops when it merges the pages. */
const PAGINATION_MEMBERS = new Set(['NextMarker', 'Truncated', 'NextToken']);

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * Epoch seconds as the CLI v2 prints a timestamp (Python's isoformat): microseconds only when
 * there is a fraction. Shown in UTC; the CLI uses the machine's time zone.
 */
export function cliTimestamp(epochSeconds: number): string {
  const micros = Math.round(epochSeconds * 1_000_000);
  const date = new Date(Math.floor(micros / 1000));
  const fraction = ((micros % 1_000_000) + 1_000_000) % 1_000_000;
  const clock = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${clock}${fraction === 0 ? '' : `.${pad(fraction, 6)}`}+00:00`;
}

function asPrinted(value: unknown, member?: string): unknown {
  if (typeof value === 'number' && member !== undefined && TIMESTAMP_MEMBERS.has(member))
    return cliTimestamp(value);
  if (Array.isArray(value)) return value.map((item) => asPrinted(item));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([name, inner]) => [
        name,
        asPrinted(inner, name),
      ]),
    );
  return value;
}

/** A service's JSON answer as `aws … --output json` prints it; a body that is not JSON as is. */
export function cliJson(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
    parsed = Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>).filter(
        ([name]) => !PAGINATION_MEMBERS.has(name),
      ),
    );
  return JSON.stringify(asPrinted(parsed), null, 4);
}
