/**
 * The answer to a request Node's HTTP parser rejects before kmsim sees it (issue 11 §8): header
 * fields too large, broken framing, or headers that never finish arriving. The client still gets
 * a real status and a JSON body in the AWS JSON 1.1 error format (docs/behaviour.md §1.3: `__type` and
 * `message`, with `X-Amzn-ErrorType` equal to `__type`), so an SDK reports a named error rather
 * than failing to parse an empty 400. The connection is closed after it: after a parse error Node
 * cannot find where the next request would start. Which error names we use is recorded in
 * docs/fidelity.md (the parser runs before the services know which one was called).
 */
import { maxHeaderSize } from 'node:http';
import { JSON_11_CONTENT_TYPE } from '../protocol/wire.js';

export interface RawRejection {
  readonly status: 400 | 408 | 431;
  readonly reason: string;
  readonly errorType: string;
  readonly message: string;
}

/** What to answer for a `clientError`; undefined when there is nobody to answer (a reset). */
export function rejectionFor(error: Error & { code?: string }): RawRejection | undefined {
  switch (error.code) {
    case 'ECONNRESET':
    case 'EPIPE':
      return undefined;
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        reason: 'Request Header Fields Too Large',
        errorType: 'RequestHeaderFieldsTooLargeException',
        message: `the request line and headers exceed ${maxHeaderSize} bytes`,
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        reason: 'Request Timeout',
        errorType: 'RequestTimeoutException',
        message: 'the request did not arrive in time (headers or body stopped coming)',
      };
    default:
      return {
        status: 400,
        reason: 'Bad Request',
        errorType: 'SerializationException',
        message: `malformed HTTP request (${error.code ?? 'parse error'}: ${error.message.replace(/\s+/g, ' ')})`,
      };
  }
}

/** The raw bytes of the answer: status line, headers, JSON body; `Connection: close`. */
export function rejectionBytes(rejection: RawRejection): string {
  const body = JSON.stringify({ __type: rejection.errorType, message: rejection.message });
  return [
    `HTTP/1.1 ${rejection.status} ${rejection.reason}`,
    `Content-Type: ${JSON_11_CONTENT_TYPE}`,
    `X-Amzn-ErrorType: ${rejection.errorType}`,
    `Content-Length: ${Buffer.byteLength(body, 'utf8')}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
