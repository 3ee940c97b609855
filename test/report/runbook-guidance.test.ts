import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  exceptionGuidance,
  isClientTimeout,
  KEY_STATE_CHANGES,
} from '../../src/report/runbook-guidance.js';
import { KEY_STATE_CHANGE_OPERATIONS } from '../../src/world/request-quotas.js';

const BEHAVIOUR = readFileSync(
  fileURLToPath(new URL('../../docs/behaviour.md', import.meta.url)),
  'utf8',
);

/** Every `docs/behaviour.md §N[.M]` a text cites is a heading of docs/behaviour.md. */
function citedSections(text: string): string[] {
  return [...text.matchAll(/docs\/behaviour\.md ((?:§[\d.]*\d(?:, )?)+)/g)].flatMap((found) =>
    found[1]!.split(', ').map((section) => section.slice(1)),
  );
}
const headingOf = (section: string): RegExp =>
  new RegExp(`^#{2,3} ${section.replace('.', '\\.')}${section.includes('.') ? ' ' : '\\. '}`, 'm');

// Messages as the pinned node handler words them (transport/connection-errors.ts).
const REQUEST_TIMEOUT =
  '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 2000 ms requestTimeout.';
const SOCKET_TIMEOUT =
  '@smithy/node-http-handler - the request socket timed out after 6000 ms of inactivity (configured by client requestHandler).';
const CONNECTION_TIMEOUT =
  '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 1000 ms.';

describe('report: runbook guidance', () => {
  it("names the same hot-key operations as the world's quota (the report may not import it)", () => {
    expect([...KEY_STATE_CHANGES].sort()).toEqual([...KEY_STATE_CHANGE_OPERATIONS].sort());
  });

  it("a TimeoutError from requestTimeout or socketTimeout is the client's own timeout: heal the slow or busy cluster (§5.2, §10) and/or raise the timeout; the SDK retries it (§1.6)", () => {
    for (const [message, setting] of [
      [REQUEST_TIMEOUT, 'requestTimeout \\(with throwOnRequestTimeout set\\)'],
      [SOCKET_TIMEOUT, 'socketTimeout \\(no answer for that long\\)'],
      // An attempt error carries only the name: either setting.
      [
        'TimeoutError',
        'timeout \\(its requestTimeout with throwOnRequestTimeout, or its socketTimeout\\)',
      ],
    ]) {
      const text = exceptionGuidance('TimeoutError', message, 'Encrypt');
      expect(text, message).toMatch(
        new RegExp(`^Requests outlived the client's own ${setting}, so`),
      );
      expect(text).toContain('(docs/behaviour.md §5.2, §10)');
      expect(text).toContain("raise the client's timeout");
      expect(text).toContain('docs/behaviour.md §1.6');
      expect(text).not.toContain('ECONNRESET');
    }
  });

  it('a TimeoutError from connectionTimeout is about the network to the endpoint, not a slow cluster', () => {
    const text = exceptionGuidance('TimeoutError', CONNECTION_TIMEOUT, 'Encrypt');
    expect(text).toMatch(/^The client could not open a connection to the KMS endpoint/);
    expect(text).toContain('connectionTimeout');
    expect(text).not.toContain('§5.2');
  });

  it('a TimeoutError with code ECONNRESET is a reset connection, as the node handler names it, not a timeout of the client', () => {
    const text = exceptionGuidance('TimeoutError', 'read ECONNRESET', 'Encrypt');
    expect(text).toMatch(
      /^The connection to the KMS endpoint was reset \(docs\/behaviour\.md §1\.6\)/,
    );
    expect(text).not.toContain('Requests outlived');
    expect(isClientTimeout('TimeoutError', 'read ECONNRESET')).toBe(false);
    expect(isClientTimeout('TimeoutError', 'write EPIPE')).toBe(false);
    expect(isClientTimeout('TimeoutError', REQUEST_TIMEOUT)).toBe(true);
    expect(isClientTimeout('Error', 'read ECONNRESET')).toBe(false);
  });

  it('every docs/behaviour.md section the guidance cites exists', () => {
    const texts = [
      exceptionGuidance('TimeoutError', REQUEST_TIMEOUT),
      exceptionGuidance('TimeoutError', CONNECTION_TIMEOUT),
      exceptionGuidance('Error', 'read ECONNRESET'),
      exceptionGuidance('TimeoutError', 'read ECONNRESET'),
      exceptionGuidance('ThrottlingException', undefined, 'EnableKey'),
    ];
    const sections = texts.flatMap((text) => citedSections(text ?? ''));
    expect(sections).toEqual(expect.arrayContaining(['5.2', '10', '1.6', '5.1']));
    for (const section of sections) expect(BEHAVIOUR, section).toMatch(headingOf(section));
  });
});
