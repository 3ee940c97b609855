/**
 * The transport-neutral shape of one AWS JSON 1.1 exchange. Every transport (in-process SDK handler,
 * msw, HTTP server) turns its request into a WireRequest and writes back the WireResponse untouched,
 * so all three feed exactly the same dispatch (docs/behaviour.md §1.1).
 */
export interface WireRequest {
  /** Value of the `X-Amz-Target` header, e.g. `TrentService.Encrypt`; empty when absent. */
  readonly target: string;
  /** Raw request body as text (JSON 1.1 payload). */
  readonly body: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Host the client addressed (e.g. `kms.us-east-1.amazonaws.com`), when the transport knows it. */
  readonly host?: string;
}

export interface WireResponse {
  readonly status: number;
  /** Lower-cased header names. Always includes `content-type` and `x-amzn-requestid`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export const JSON_11_CONTENT_TYPE = 'application/x-amz-json-1.1';
