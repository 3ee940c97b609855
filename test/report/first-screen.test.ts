/**
 * The committed runbook reports (reports/*.md) as an on-call engineer meets them (issue 14): each
 * opens with "What to do now" (symptom, most likely cause with evidence, the working fix as
 * numbered commands, how to confirm recovery); every shell variable is explained before its first
 * use; failed attempts are labelled with why; unchanged diagnosis answers are not repeated; the
 * backup-age hint appears only where backups matter; outputs look as the AWS CLI prints them.
 * report-determinism.test.ts checks that these files are what `npm start` writes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPORTS = fileURLToPath(new URL('../../reports', import.meta.url));
const reports = readdirSync(REPORTS)
  .filter((name) => name.endsWith('.md') && name !== 'README.md')
  .sort()
  .map((name) => ({ name, text: readFileSync(join(REPORTS, name), 'utf8') }));
const report = (name: string): string => reports.find((entry) => entry.name === name)!.text;
const firstScreen = (text: string): string =>
  text.slice(text.indexOf('## What to do now'), text.indexOf('## Summary'));

describe('report: the first screen of every committed report', () => {
  it('there are reports to check', () => {
    expect(reports.length).toBeGreaterThanOrEqual(16);
  });

  it.each(reports.map((entry) => [entry.name, entry.text]))(
    '%s opens with the symptom, the most likely cause with evidence, the fix and how to confirm recovery',
    (_name, text) => {
      const headings = text.split('\n').filter((line) => line.startsWith('## '));
      expect(headings[0]).toBe('## What to do now');
      const top = firstScreen(text);
      for (const part of [
        '**Symptom**',
        '**Most likely cause:**',
        'Evidence from this run:',
        '**Fix**',
        '**Confirm recovery**',
      ])
        expect(top, part).toContain(part);
      expect(top.indexOf('**Symptom**')).toBeLessThan(top.indexOf('**Most likely cause:**'));
      expect(top.indexOf('**Fix**')).toBeLessThan(top.indexOf('**Confirm recovery**'));
    },
  );

  it.each(reports.map((entry) => [entry.name, entry.text]))(
    '%s explains every shell variable before its first use, and every aws command names its endpoint',
    (_name, text) => {
      for (const match of new Set([...text.matchAll(/\$([A-Z_]+)\b/g)].map((found) => found[1]!))) {
        const firstUse = text.indexOf(`$${match}`);
        const explained =
          match === 'CIPHERTEXT'
            ? text.indexOf('set `CIPHERTEXT` to it')
            : text.indexOf(`export ${match}=`);
        expect(explained, `${match} is explained`).toBeGreaterThanOrEqual(0);
        expect(explained, `${match} explained before its first use`).toBeLessThan(firstUse);
      }
      for (const line of text.split('\n').filter((candidate) => candidate.startsWith('aws ')))
        expect(line).toMatch(/ --endpoint-url "\$(KMS|CLOUDHSM)_ENDPOINT"$/);
    },
  );

  it.each(reports.map((entry) => [entry.name, entry.text]))(
    '%s shows outputs as the AWS CLI prints them: ISO 8601 timestamps, no pagination members',
    (_name, text) => {
      expect(text).not.toMatch(/"(CreationDate|CreateTimestamp|DeleteTimestamp)": \d/);
      expect(text).not.toMatch(/"(Truncated|NextMarker|NextToken)":/);
      expect(text).not.toMatch(/^ {2}"/m);
    },
  );
});

describe('report: kmsuser-locked-out, as the on-call engineer of issue 14 reads it', () => {
  const text = report('kmsuser-locked-out.md');
  const top = firstScreen(text);

  it('names the symptom and the cause with this run’s evidence', () => {
    expect(top).toContain(
      "`app`'s Encrypt/Decrypt calls fail with `KMSInvalidStateException` (HTTP 400): `<key ARN> is unavailable.`",
    );
    expect(top).toMatch(
      /ConnectionState \*\*FAILED\*\* and ConnectionErrorCode \*\*USER_LOCKED_OUT\*\* \(from \+3m20s, and again from \+7m20s\)/,
    );
    expect(top).toContain('**Most likely cause:** kmsuser is locked after too many failed logins');
    expect(top).toContain('**Fix** (docs/behaviour.md §7 RB-3, row USER_LOCKED_OUT)');
  });

  it('the working fix is four numbered steps, the CloudHSM CLI one starting the CLI and logging in', () => {
    const steps = [...top.matchAll(/^\*\*(\d+)\. ([^*]+)\*\*/gm)].map(
      (match) => `${match[1]}. ${match[2]}`,
    );
    expect(steps).toEqual([
      '1. Disconnect the key store.',
      "2. Reset kmsuser's password in the cluster.",
      '3. Tell KMS the new key store settings.',
      '4. Connect the key store.',
    ]);
    expect(top).toContain('/opt/cloudhsm/bin/cloudhsm-cli interactive');
    expect(top).toContain('aws-cloudhsm > login --username admin --role admin');
    expect(top).toContain(
      'aws-cloudhsm > user change-password --username kmsuser --role crypto-user',
    );
    expect(top.indexOf("export KMSUSER_PASSWORD='<new kmsuser password>'")).toBeLessThan(
      top.indexOf('$KMSUSER_PASSWORD'),
    );
  });

  it('the failed attempts are labelled as such, with why', () => {
    expect(top).toContain(
      "- connect the key store (+1m20s): the key store went FAILED (USER_LOCKED_OUT) at +3m20s; missing: reset kmsuser's password in the cluster; tell KMS the new key store settings.",
    );
    const operator = text.slice(
      text.indexOf('## What the operator did'),
      text.indexOf('## Recovery'),
    );
    expect(operator).toContain('### Failed attempt 1 (+1m20s): connect the key store');
    expect(operator).toContain(
      '### Failed attempt 2 (+5m0s to +5m20s): disconnect the key store, tell KMS the new key store settings, connect the key store',
    );
    expect(operator).toContain(
      '**Did not work:** the key store went **FAILED** with ConnectionErrorCode `USER_LOCKED_OUT` at +7m20s',
    );
    expect(operator).toContain('### The fix that worked (+8m0s to +8m20s)');
  });

  it('says how to confirm recovery, and when it happened in this run', () => {
    const confirm = top.slice(top.indexOf('**Confirm recovery**'));
    expect(confirm).toContain("--query 'CustomKeyStores[0].ConnectionState' --output text");
    expect(confirm).toContain('in this run from +10m20s');
    expect(confirm).toContain('aws kms decrypt --ciphertext-blob "$CIPHERTEXT"');
  });

  it('repeated diagnosis answers collapse, and no backup hint (backups do not matter to a lockout)', () => {
    expect(text).toContain('unchanged since +1m0.003s');
    expect(text).not.toContain('READY backup');
    // The report issue 14 read was 769 lines with its fix at line 605.
    const lines = text.split('\n');
    expect(lines.length).toBeLessThan(600);
    expect(
      lines.indexOf(
        '**1. Disconnect the key store.** A FAILED key store cannot be connected again until it is disconnected (docs/behaviour.md §4.3).',
      ),
    ).toBeLessThan(60);
  });
});

describe('report: where backups matter, the hint is there', () => {
  it('hsm-recreated-from-stale-backup: the key newer than every READY backup is named in the evidence', () => {
    expect(firstScreen(report('hsm-recreated-from-stale-backup.md'))).toContain(
      'created after the newest READY backup (no backup holds its material)',
    );
  });
});
