/**
 * Reads an HTTP request body with a size limit, for the serve-mode server. Oversized bodies are
 * drained and discarded rather than cut off: answering 413 while the client is still writing and
 * then closing the socket can reset the connection before the client reads the 413, so we let the
 * client finish, up to a hard cap (a body declared beyond it is answered 413 at once; one that
 * grows beyond it undeclared has its connection dropped).
 */
import type { IncomingMessage } from 'node:http';

/** Request bodies above this are answered with 413 (AWS JSON payloads are far smaller). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Beyond this many bytes we stop draining and drop the connection. */
const DRAIN_CAP_FACTOR = 16;

export type BodyResult =
  | { readonly kind: 'ok'; readonly text: string }
  | { readonly kind: 'too-large'; readonly limitBytes: number };

/**
 * Resolves with the body text, or `too-large`. Rejects if the client aborts or the stream errors
 * mid-way; the caller must catch that (there is nobody left to answer).
 */
export function readBody(
  req: IncomingMessage,
  maxBytes: number = DEFAULT_MAX_BODY_BYTES,
): Promise<BodyResult> {
  return new Promise<BodyResult>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let tooLarge = false;
    let settled = false;
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      action();
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes * DRAIN_CAP_FACTOR) {
      // Not worth draining: answer at once; the server closes the connection after the 413.
      settle(() => resolve({ kind: 'too-large', limitBytes: maxBytes }));
      return;
    }
    req.on('data', (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received > maxBytes) {
        tooLarge = true;
        chunks.length = 0;
        if (received > maxBytes * DRAIN_CAP_FACTOR) {
          req.destroy();
          settle(() =>
            reject(new Error(`body passed the drain cap of ${maxBytes * DRAIN_CAP_FACTOR} bytes`)),
          );
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      settle(() =>
        resolve(
          tooLarge
            ? { kind: 'too-large', limitBytes: maxBytes }
            : // A body in one chunk (the usual case) is decoded without copying it first.
              {
                kind: 'ok',
                text: (chunks.length === 1
                  ? (chunks[0] as Buffer)
                  : Buffer.concat(chunks)
                ).toString('utf8'),
              },
        ),
      );
    });
    req.on('error', (error) => settle(() => reject(error)));
    // 'close' without 'end' means the client went away mid-body.
    req.on('close', () => settle(() => reject(new Error('request closed before its body ended'))));
  });
}
