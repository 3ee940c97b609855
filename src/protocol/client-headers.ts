/**
 * What a request's headers say about the client that sent it (issue #9 §1-2), read without
 * trusting any of it for authorisation (the simulator checks no signatures):
 *
 * - `Authorization: AWS4-HMAC-SHA256 Credential=<access key id>/<date>/<region>/<service>/aws4_request, ...`
 *   names the access key id, which tells one client process from another with no code change;
 * - `amz-sdk-invocation-id: <uuid>` is the same on every attempt of one SDK call (the AWS SDKs for
 *   JavaScript, Python, Java, Go and .NET send it), so attempts group into calls;
 * - `amz-sdk-request: attempt=N; max=M` numbers the attempt and says the client's attempt limit;
 * - `X-Amz-Date: YYYYMMDD'T'HHMMSS'Z'` is the client's clock when it signed, to compare with
 *   virtual time.
 *
 * Each field is undefined when its header is absent or malformed; nothing here throws.
 */

export interface ClientHeaders {
  readonly accessKeyId: string | undefined;
  readonly invocationId: string | undefined;
  readonly attempt: number | undefined;
  readonly maxAttempts: number | undefined;
  /** X-Amz-Date as Unix epoch milliseconds. */
  readonly signedAtEpochMs: number | undefined;
}

const CREDENTIAL = /Credential=([^/,\s]+)\//;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** Longest value kept from a client-chosen header: these end up in reports. */
const MAX_ID_LENGTH = 128;

function bounded(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' || trimmed.length > MAX_ID_LENGTH ? undefined : trimmed;
}

export function accessKeyIdOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  return bounded(CREDENTIAL.exec(authorization)?.[1]);
}

/** `attempt=2; max=5` → { attempt: 2, max: 5 }; either part may be missing. */
export function sdkRequestInfo(value: string | undefined): {
  attempt: number | undefined;
  max: number | undefined;
} {
  const out: { attempt: number | undefined; max: number | undefined } = {
    attempt: undefined,
    max: undefined,
  };
  if (value === undefined) return out;
  for (const part of value.split(';')) {
    const [name, raw] = part.split('=').map((text) => text.trim());
    const number = raw !== undefined && /^\d{1,6}$/.test(raw) ? Number(raw) : undefined;
    if (number === undefined || number < 1) continue;
    if (name === 'attempt') out.attempt = number;
    else if (name === 'max') out.max = number;
  }
  return out;
}

/** `20260101T000512Z` → epoch ms; undefined unless it is a real UTC instant in that exact form. */
export function amzDateEpochMs(value: string | undefined): number | undefined {
  const match = value === undefined ? null : AMZ_DATE.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  // Reject 20261340T... and friends, which Date.UTC would roll over silently.
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || back.getUTCHours() !== hour)
    return undefined;
  return ms;
}

/** Reads every client header of one request (lower-cased names, as WireRequest carries them). */
export function clientHeaders(headers: Readonly<Record<string, string>>): ClientHeaders {
  const request = sdkRequestInfo(headers['amz-sdk-request']);
  return {
    accessKeyId: accessKeyIdOf(headers['authorization']),
    invocationId: bounded(headers['amz-sdk-invocation-id']),
    attempt: request.attempt,
    maxAttempts: request.max,
    signedAtEpochMs: amzDateEpochMs(headers['x-amz-date']),
  };
}
