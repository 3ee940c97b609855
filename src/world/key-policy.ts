/**
 * Key policies (issue #10; GetKeyPolicy, PutKeyPolicy, CreateKey Policy). kmsim stores the document
 * byte for byte and checks what KMS checks without evaluating anything: size (32 KB, docs/behaviour.md §5.4:
 * LimitExceededException), JSON syntax and the policy grammar (MalformedPolicyDocumentException),
 * and that every statement names principals of a valid form. Whether the principals exist, and
 * the lockout safety check, need IAM and policy evaluation, which kmsim does not model
 * (docs/fidelity.md).
 */
import { awsManagedRefusal } from './aws-managed-refusal.js';
import type { KmsKey } from './kms-key.js';
import type { KmsProblemKind } from './kms-problem.js';
import { fail, ok, type Result } from './result.js';
import type { World } from './world.js';

/** Key policy document size, in bytes (docs/behaviour.md §5.4: 32 KB, not adjustable). */
export const MAX_POLICY_BYTES = 32 * 1024;

/** The only key policy name KMS supports (API reference, GetKeyPolicy / ListKeyPolicies). */
export const DEFAULT_POLICY_NAME = 'default';

/** The wording real KMS uses for a statement whose principals it rejects. */
export const INVALID_PRINCIPALS_MESSAGE =
  'Policy contains a statement with one or more invalid principals.';

const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const AWS_PRINCIPAL =
  /^(\*|\d{12}|arn:aws[a-z-]*:(iam|sts)::\d{12}:(root|user\/.+|role\/.+|assumed-role\/.+|federated-user\/.+|group\/.+))$/;
const SERVICE_PRINCIPAL = /^([A-Za-z0-9-]+\.)+amazonaws\.com(\.cn)?$/;

type Statement = Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function principalValuesValid(type: string, value: unknown): boolean {
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) return false;
  return values.every((item) => {
    if (typeof item !== 'string' || item === '') return false;
    if (type === 'AWS') return AWS_PRINCIPAL.test(item);
    if (type === 'Service') return SERVICE_PRINCIPAL.test(item);
    return true;
  });
}

function principalsValid(principal: unknown): boolean {
  if (principal === '*') return true;
  if (!isRecord(principal)) return false;
  const entries = Object.entries(principal);
  return (
    entries.length > 0 &&
    entries.every(([type, value]) => PRINCIPAL_TYPES.has(type) && principalValuesValid(type, value))
  );
}

/** Undefined when the statement is fine; else the problem's message ('' means no message at all). */
function statementProblem(statement: unknown): { message: string } | undefined {
  if (!isRecord(statement)) return { message: '' };
  if (statement['Effect'] !== 'Allow' && statement['Effect'] !== 'Deny') return { message: '' };
  const principal = statement['Principal'] ?? statement['NotPrincipal'];
  if (principal === undefined || !principalsValid(principal))
    return { message: INVALID_PRINCIPALS_MESSAGE };
  return undefined;
}

/**
 * Checks a policy document. A grammar error carries an empty detail: real KMS answers a document
 * that is not a policy with no message at all (docs/fidelity.md).
 */
export function checkPolicyDocument(text: string): Result<string, KmsProblemKind> {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_POLICY_BYTES)
    return fail(
      'policy-too-large',
      `The key policy is ${bytes} bytes; a key policy document can be at most ${MAX_POLICY_BYTES} bytes.`,
    );
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return fail('policy-malformed', '');
  }
  if (!isRecord(document)) return fail('policy-malformed', '');
  const version = document['Version'];
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17')
    return fail('policy-malformed', '');
  const statements = document['Statement'];
  const list = Array.isArray(statements) ? statements : [statements];
  if (statements === undefined || list.length === 0) return fail('policy-malformed', '');
  for (const statement of list as Statement[]) {
    const problem = statementProblem(statement);
    if (problem) return fail('policy-malformed', problem.message);
  }
  return ok(text);
}

/** PutKeyPolicy: any key state (Developer Guide key-state table); AWS managed keys refuse. */
export function putKeyPolicy(
  world: World,
  key: KmsKey,
  text: string,
): Result<KmsKey, KmsProblemKind> {
  if (key.keyManager === 'AWS') return awsManagedRefusal(world, key, 'kms:PutKeyPolicy');
  const checked = checkPolicyDocument(text);
  if (!checked.ok) return checked;
  key.policy = text;
  world.record('kms.key.policy-put', { keyId: key.keyId, bytes: Buffer.byteLength(text, 'utf8') });
  return ok(key);
}
