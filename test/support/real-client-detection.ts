/**
 * Finds the real AWS clients the walks in test/real-clients/ drive, and decides what a missing one
 * means (issue #2 §8): locally the test is skipped with a printed reason; in CI (`CI=true`, where
 * .ci/run installs the Debian packages) a missing client is a failure, never a silent pass.
 *
 * The clients are pinned by absolute path on purpose: on these machines a pyenv shim puts AWS CLI
 * v1 and a pyenv python without boto3 first on PATH.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const AWS_CLI_PATH = '/usr/bin/aws';
export const DEBIAN_PYTHON_PATH = '/usr/bin/python3';

const PROBE_TIMEOUT_MS = 30_000;

export interface ClientDetection {
  /** Human name for messages, e.g. "AWS CLI v2 (/usr/bin/aws)". */
  readonly name: string;
  readonly available: boolean;
  /** Why it is not available, or what was found (version line). */
  readonly reason: string;
}

/** `CI=true` (or `1`): missing clients fail instead of skipping. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env['CI'] ?? '').toLowerCase();
  return value === 'true' || value === '1';
}

/** An environment with nothing from the user's AWS setup in it, for the CLI and boto3. */
export function isolatedAwsEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    AWS_ACCESS_KEY_ID: 'AKIAKMSIMFAKEEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'kmsim/fake/secret/not-a-real-aws-key/EXAMPLE',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    AWS_RETRY_MODE: 'standard',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CLI_AUTO_PROMPT: 'off',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONNOUSERSITE: '1',
  };
}

function probe(command: string, args: string[]): { ok: boolean; out: string } {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    timeout: PROBE_TIMEOUT_MS,
    env: isolatedAwsEnv('/tmp'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error) return { ok: false, out: result.error.message };
  return { ok: result.status === 0, out: `${result.stdout}${result.stderr}`.trim() };
}

/** The Debian `awscli` package: `/usr/bin/aws --version` must say `aws-cli/2`. */
export function detectAwsCliV2(): ClientDetection {
  const name = `AWS CLI v2 (${AWS_CLI_PATH})`;
  if (!existsSync(AWS_CLI_PATH))
    return { name, available: false, reason: `${AWS_CLI_PATH} not found (apt-get install awscli)` };
  const version = probe(AWS_CLI_PATH, ['--version']);
  if (!version.ok)
    return { name, available: false, reason: `${AWS_CLI_PATH} --version failed: ${version.out}` };
  if (!version.out.startsWith('aws-cli/2'))
    return { name, available: false, reason: `${AWS_CLI_PATH} is not v2: ${version.out}` };
  return { name, available: true, reason: version.out.split('\n')[0] ?? version.out };
}

export const OPENSSL_PATH = '/usr/bin/openssl';

/** The Debian `openssl` tool the CloudHSM user guide uses to check and sign cluster certificates. */
export function detectOpenssl(): ClientDetection {
  const name = `OpenSSL (${OPENSSL_PATH})`;
  if (!existsSync(OPENSSL_PATH))
    return {
      name,
      available: false,
      reason: `${OPENSSL_PATH} not found (apt-get install openssl)`,
    };
  const version = probe(OPENSSL_PATH, ['version']);
  if (!version.ok)
    return { name, available: false, reason: `${OPENSSL_PATH} version failed: ${version.out}` };
  return { name, available: true, reason: version.out };
}

/** The Debian `python3-boto3` package: `/usr/bin/python3` imports boto3 from /usr/lib. */
export function detectDebianBoto3(): ClientDetection {
  const name = `boto3 (${DEBIAN_PYTHON_PATH})`;
  if (!existsSync(DEBIAN_PYTHON_PATH))
    return { name, available: false, reason: `${DEBIAN_PYTHON_PATH} not found` };
  const found = probe(DEBIAN_PYTHON_PATH, [
    '-c',
    'import json, boto3, botocore; print(json.dumps({"file": boto3.__file__, "boto3": boto3.__version__, "botocore": botocore.__version__}))',
  ]);
  if (!found.ok)
    return {
      name,
      available: false,
      reason: `${DEBIAN_PYTHON_PATH} cannot import boto3 (apt-get install python3-boto3): ${found.out}`,
    };
  let info: { file: string; boto3: string; botocore: string };
  try {
    info = JSON.parse(found.out.split('\n').pop() ?? '') as typeof info;
  } catch {
    return { name, available: false, reason: `unexpected boto3 probe output: ${found.out}` };
  }
  if (!info.file.startsWith('/usr/lib/'))
    return {
      name,
      available: false,
      reason: `boto3 comes from ${info.file}, not the Debian package under /usr/lib`,
    };
  return {
    name,
    available: true,
    reason: `boto3 ${info.boto3}, botocore ${info.botocore} (${info.file})`,
  };
}

/** The Debian `faketime` package (libfaketime and its wrapper), which `kmsim exec` uses. */
export function detectFaketime(): ClientDetection {
  const name = 'libfaketime (faketime)';
  for (const path of ['/usr/bin/faketime', '/usr/local/bin/faketime']) {
    if (!existsSync(path)) continue;
    const version = probe(path, ['--version']);
    if (!version.ok)
      return { name, available: false, reason: `${path} --version failed: ${version.out}` };
    return { name, available: true, reason: `${path}: ${version.out.split('\n')[0]}` };
  }
  return { name, available: false, reason: 'faketime not found (apt-get install faketime)' };
}

/**
 * What a walk does with a detection: `skip` is true when it should be skipped (a reason has been
 * printed); `mustFail` is true in CI when the client is missing, so the caller registers a failing
 * test carrying the reason.
 */
export function gate(
  detection: ClientDetection,
  env: NodeJS.ProcessEnv = process.env,
): { skip: boolean; mustFail: boolean; message: string } {
  if (detection.available)
    return { skip: false, mustFail: false, message: `${detection.name}: ${detection.reason}` };
  const message = `${detection.name} unavailable: ${detection.reason}`;
  if (inCi(env))
    return {
      skip: true,
      mustFail: true,
      message: `${message} (CI=true: this is a failure; .ci/run installs it)`,
    };
  console.warn(`SKIPPING real-client walk: ${message}`);
  return { skip: true, mustFail: false, message };
}
