/**
 * Real client: boto3 from the Debian package (`/usr/bin/python3`) against `kmsim serve` for the
 * CloudHSM v2 operations issue #10 adds: TagResource / UntagResource, ListTags through botocore's
 * own paginator, ModifyCluster, and the error codes botocore reads from kmsim's answers. The calls
 * are boto3_cloudhsm_tags.py; this test asserts the JSON lines it prints.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEBIAN_PYTHON_PATH,
  detectDebianBoto3,
  gate,
  isolatedAwsEnv,
} from '../support/real-client-detection.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

const SCRIPT = fileURLToPath(new URL('./boto3_cloudhsm_tags.py', import.meta.url));
const RUN_TIMEOUT_MS = 120_000;
const verdict = gate(detectDebianBoto3());

if (verdict.mustFail)
  it('real client: boto3 CloudHSM tags: boto3 is required in CI', () => {
    throw new Error(verdict.message);
  });

describe.skipIf(verdict.skip)(
  'real client: boto3 (/usr/bin/python3) CloudHSM v2 tags and ModifyCluster against kmsim serve',
  () => {
    let server: ServeProcess;
    let home: string;

    beforeAll(async () => {
      home = await mkdtemp(join(tmpdir(), 'kmsim-boto3-tags-'));
      server = await startServe({ seed: 10020 });
    });

    afterAll(async () => {
      await server?.close();
      if (home) await rm(home, { recursive: true, force: true });
    });

    it('tags a cluster from CreateCluster, pages ListTags with botocore’s paginator, changes tags and retention; errors arrive with their codes', async () => {
      const subnets = (await server.world()).subnets.slice(0, 2).map((subnet) => subnet.subnetId);
      const run = spawnSync(DEBIAN_PYTHON_PATH, [SCRIPT, server.url, ...subnets], {
        env: isolatedAwsEnv(home),
        cwd: home,
        encoding: 'utf8',
        timeout: RUN_TIMEOUT_MS,
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const events = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, any>);
      const event = (name: string) => events.find((e) => e.event === name)!;
      expect(String(event('start').file)).toMatch(/^\/usr\/lib\//);
      const tag = (i: number) => ({ Key: `k${i}`, Value: `v${i}` });
      expect(event('list_tags').pages).toEqual([[tag(0), tag(1)], [tag(2), tag(3)], [tag(4)]]);
      expect(event('after_update').tags).toEqual([
        { Key: 'k0', Value: 'changed' },
        { Key: 'new', Value: '' },
      ]);
      expect(event('modify_cluster').policy).toEqual({ Type: 'DAYS', Value: '30' });
      const errors = event('errors');
      expect(errors.reserved).toMatchObject({
        code: 'CloudHsmInvalidRequestException',
        status: 400,
      });
      expect(errors.too_many).toMatchObject({
        code: 'CloudHsmResourceLimitExceededException',
        status: 400,
      });
      expect(errors.retention).toMatchObject({
        code: 'CloudHsmInvalidRequestException',
        status: 400,
      });
      expect(errors.unknown).toMatchObject({
        code: 'CloudHsmResourceNotFoundException',
        status: 400,
      });
      expect(errors.copy).toMatchObject({ code: 'UnknownOperationException', status: 400 });
      expect(errors.copy.message).toMatch(/^kmsim does not serve CloudHSMV2\.CopyBackupToRegion: /);
      expect(events.at(-1)).toEqual({ event: 'done' });
    });
  },
);
