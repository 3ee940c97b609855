/**
 * AWS managed keys (issue #10): the keys a service creates in the account the first time it
 * encrypts with its default key, each behind a predefined alias `alias/aws/<service>`. The KMS API
 * reference (DescribeKey) documents the other way they come to exist: DescribeKey on a predefined
 * alias that has no key yet creates the AWS managed key, points the alias at it, and describes it.
 * Their KeyManager is AWS, their policy is KMS's (policy-document.ts), they rotate every year and
 * nobody in the account can change them (aws-managed-refusal.ts).
 */
import { RequestLatency } from '../sim/request-latency.js';
import { startAutomaticRotation } from './key-rotation.js';
import type { KmsKey } from './kms-key.js';
import { createKey } from './kms-key-lifecycle.js';
import { awsManagedKeyPolicy } from './policy-document.js';
import type { World } from './world.js';

export const AWS_MANAGED_ALIAS_PREFIX = 'alias/aws/';

/** AWS managed keys rotate yearly (API reference, EnableKeyRotation). */
const AWS_MANAGED_ROTATION_DAYS = 365;

/**
 * The predefined aliases kmsim knows, by service, with the endpoint name the key policy's
 * kms:ViaService condition uses (EBS volumes are encrypted through EC2). Real accounts list more;
 * an alias not here behaves like any alias the account does not have (docs/fidelity.md).
 */
export const PREDEFINED_AWS_MANAGED_SERVICES: Readonly<Record<string, string>> = {
  acm: 'acm',
  backup: 'backup',
  dynamodb: 'dynamodb',
  ebs: 'ec2',
  elasticfilesystem: 'elasticfilesystem',
  es: 'es',
  glue: 'glue',
  kinesis: 'kinesis',
  lambda: 'lambda',
  rds: 'rds',
  redshift: 'redshift',
  s3: 's3',
  secretsmanager: 'secretsmanager',
  sns: 'sns',
  sqs: 'sqs',
  ssm: 'ssm',
  xray: 'xray',
};

/** The service of a predefined alias name, or undefined. */
export function predefinedService(aliasName: string): string | undefined {
  if (!aliasName.startsWith(AWS_MANAGED_ALIAS_PREFIX)) return undefined;
  const service = aliasName.slice(AWS_MANAGED_ALIAS_PREFIX.length);
  return Object.hasOwn(PREDEFINED_AWS_MANAGED_SERVICES, service) ? service : undefined;
}

/**
 * The AWS managed key behind a predefined alias, created now if it does not exist yet. Undefined
 * for any other alias, and while the world is only being observed (nothing may be created then).
 */
export function ensureAwsManagedKey(world: World, aliasName: string): KmsKey | undefined {
  const service = predefinedService(aliasName);
  if (service === undefined || world.readOnly) return undefined;
  const existing = world.aliases.get(aliasName);
  if (existing) return world.keys.get(existing.targetKeyId);
  const endpoint = `${PREDEFINED_AWS_MANAGED_SERVICES[service]}.${world.region}.amazonaws.com`;
  const created = createKey(
    world,
    {
      description: `Default key that protects my ${service} resources when no other key is defined`,
      origin: 'AWS_KMS',
      keyManager: 'AWS',
      policy: awsManagedKeyPolicy(world.accountId, service, endpoint),
    },
    // An AWS_KMS key is made in KMS's own HSMs: no cluster time to count (docs/behaviour.md §5.2).
    new RequestLatency(),
  );
  if (!created.ok)
    throw new Error(
      `simulator invariant: AWS managed key for ${aliasName}: ${created.problem.detail}`,
    );
  const key = created.value;
  world.aliases.set(aliasName, {
    aliasName,
    targetKeyId: key.keyId,
    createdAtMs: world.nowMs,
    lastUpdatedAtMs: world.nowMs,
  });
  world.record('kms.alias.created', { aliasName, targetKeyId: key.keyId, awsManaged: true });
  startAutomaticRotation(world, key, AWS_MANAGED_ROTATION_DAYS);
  return key;
}
