/**
 * `kmsim exec` (issue #9 §2) as users run it, with /bin/sh commands: the environment it gives the
 * command (endpoint in AWS_ENDPOINT_URL, the per-service variables and KMSIM_ENDPOINT_URL; access
 * key; world ids as a JSON file and one variable per name), stdio passed through, the command's
 * clock under libfaketime (or the one-line fallback without it), exit statuses that name the cause,
 * and SIGTERM stopping the command's whole process group.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFaketime, gate } from '../support/real-client-detection.js';
import { runKmsim, startKmsim, waitFor } from '../support/kmsim-process.js';

const WORLD = 'test/cli/fixtures/exec/world-only.yaml';
const LOSS = 'test/cli/fixtures/exec/loss-at-10s.yaml';
const EPOCH_S = Date.UTC(2026, 0, 1) / 1000;
const faketime = gate(detectFaketime());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('kmsim exec', () => {
  it('gives the command the endpoint, credentials and world ids, and passes its stdout and stderr through', async () => {
    const script = [
      'echo "endpoints $KMSIM_ENDPOINT_URL $AWS_ENDPOINT_URL $AWS_ENDPOINT_URL_KMS $AWS_ENDPOINT_URL_CLOUDHSM_V2"',
      'echo "ids $KMSIM_KEY_APP_KEY $KMSIM_KEY_STORE_STORE $KMSIM_CLUSTER_MAIN $AWS_ACCESS_KEY_ID $AWS_REGION"',
      'echo "to stderr" >&2',
      'echo "world $(cat "$KMSIM_WORLD_FILE" | tr -d "\\n ")"',
    ].join('; ');
    const done = await runKmsim([
      'exec',
      WORLD,
      '--time-scale',
      '60',
      '--',
      '/bin/sh',
      '-c',
      script,
    ]);
    expect(done.code, done.stderr).toBe(0);
    const endpoints = /^endpoints (.*)$/m.exec(done.stdout)![1]!.split(' ');
    expect(endpoints).toHaveLength(4);
    expect(new Set(endpoints).size).toBe(1);
    expect(endpoints[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const [keyArn, storeId, clusterId, accessKey, region] = /^ids (.*)$/m
      .exec(done.stdout)![1]!
      .split(' ');
    expect(keyArn).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36}$/);
    expect(storeId).toMatch(/^cks-/);
    expect(clusterId).toMatch(/^cluster-/);
    expect(accessKey).toBe('AKIAKMSIMEXEC');
    expect(region).toBe('us-east-1');
    const world = JSON.parse(/^world (.*)$/m.exec(done.stdout)![1]!);
    expect(world.keys['app-key']).toEqual({
      keyId: keyArn!.split('/')[1],
      arn: keyArn,
      aliases: ['alias/app'],
    });
    expect(world.keyStores).toEqual({ store: storeId });
    expect(done.stderr).toContain('to stderr');
    expect(done.stderr).toContain(`kmsim: name key app-key = ${keyArn} (alias/app)`);
    expect(done.stderr).toContain('kmsim exec: PASSED');
  }, 120_000);

  it('exits with the status of a command that failed, and says so', async () => {
    const done = await runKmsim([
      'exec',
      WORLD,
      '--time-scale',
      '60',
      '--',
      '/bin/sh',
      '-c',
      'exit 3',
    ]);
    expect(done.code).toBe(3);
    expect(done.stderr).toContain('kmsim exec: FAILED: the command exited with code 3');
  }, 120_000);

  it('exits 1 naming the failed expectations when the command succeeded', async () => {
    const done = await runKmsim(['exec', LOSS, '--time-scale', '60', '--', '/bin/true']);
    expect(done.code).toBe(1);
    expect(done.stderr).toMatch(
      /FAIL error KMSInvalidStateException client batch Encrypt between 10s and 1m — 0 call\(s\)/,
    );
    expect(done.stderr).toContain('kmsim exec: FAILED: 1 of 3 expectation(s) failed');
  }, 120_000);

  it('a command that is not found exits 127; a bad or unservable scenario exits 2 naming the file', async () => {
    const missing = await runKmsim(['exec', WORLD, '--', 'kmsim-no-such-command']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain('kmsim exec: command not found: kmsim-no-such-command');
    const absent = await runKmsim([
      'exec',
      'test/cli/fixtures/exec/absent.yaml',
      '--',
      '/bin/true',
    ]);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain(
      'test/cli/fixtures/exec/absent.yaml: scenario: cannot read the file',
    );
    const workload = await runKmsim([
      'exec',
      'test/cli/fixtures/exec/with-workload.yaml',
      '--',
      '/bin/true',
    ]);
    expect(workload.code).toBe(2);
    expect(workload.stderr).toContain('cannot serve this scenario: it has workloads');
    const frozen = await runKmsim(['exec', WORLD, '--time-scale', '0', '--', '/bin/true']);
    expect(frozen.code).toBe(2);
    expect(frozen.stderr).toContain('--time-scale must be above 0');
  }, 120_000);

  it.skipIf(faketime.skip && !faketime.mustFail)(
    "under libfaketime the command's clock reads virtual time, not the real date",
    async () => {
      if (faketime.mustFail) throw new Error(faketime.message);
      const done = await runKmsim([
        'exec',
        WORLD,
        '--time-scale',
        '60',
        '--',
        '/bin/sh',
        '-c',
        'echo "clock $(date +%s)"',
      ]);
      expect(done.code, done.stderr).toBe(0);
      const clock = Number(/^clock (\d+)$/m.exec(done.stdout)![1]);
      // The world is built in minutes of virtual time after the 2026-01-01 epoch; the command's
      // start-up then counts sixty times over. Well within a day of the epoch, either way.
      expect(clock).toBeGreaterThan(EPOCH_S);
      expect(clock).toBeLessThan(EPOCH_S + 86_400);
      expect(done.stderr).not.toContain('libfaketime (faketime) not found');
    },
    120_000,
  );

  it('without libfaketime it runs at --time-scale 1 with the real clock, and says so in one line', async () => {
    const before = Math.floor(Date.now() / 1000);
    const done = await runKmsim(
      ['exec', WORLD, '--time-scale', '60', '--', '/bin/sh', '-c', 'echo "clock $(/bin/date +%s)"'],
      { env: { ...process.env, PATH: '/nonexistent' } },
    );
    const after = Math.ceil(Date.now() / 1000);
    expect(done.code, done.stderr).toBe(0);
    expect(
      done.stderr.split('\n').filter((line) => line.includes('libfaketime (faketime) not found')),
    ).toEqual([
      "kmsim exec: libfaketime (faketime) not found: running at --time-scale 1 with the command's real clock instead of 60 (apt-get install faketime)",
    ]);
    const clock = Number(/^clock (\d+)$/m.exec(done.stdout)![1]);
    expect(clock).toBeGreaterThanOrEqual(before);
    expect(clock).toBeLessThanOrEqual(after);
    // The known offset of the real clock is allowed for: no drift warning.
    expect(done.stderr).not.toContain('WARNING');
  }, 120_000);

  it('SIGTERM stops the command and everything it started, and exits 143', async () => {
    const exec = startKmsim([
      'exec',
      WORLD,
      '--time-scale',
      '1',
      '--',
      '/bin/sh',
      '-c',
      'sleep 1000 & echo "sleeper $!"; wait',
    ]);
    const sleeper = Number((await waitFor(exec.stdout, /^sleeper (\d+)$/m, exec.finished))[1]);
    expect(alive(sleeper)).toBe(true);
    exec.child.kill('SIGTERM');
    const done = await exec.finished;
    expect(done.code).toBe(143);
    expect(done.stderr).toContain('kmsim exec: stopped (SIGTERM); no verdict');
    for (let i = 0; i < 100 && alive(sleeper); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive(sleeper)).toBe(false);
  }, 120_000);
});

describe('kmsim exec: world file', () => {
  it('is removed when exec ends', async () => {
    const done = await runKmsim([
      'exec',
      WORLD,
      '--time-scale',
      '60',
      '--',
      '/bin/sh',
      '-c',
      'echo "file $KMSIM_WORLD_FILE"',
    ]);
    const file = /^file (.*)$/m.exec(done.stdout)![1]!;
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  }, 120_000);
});
