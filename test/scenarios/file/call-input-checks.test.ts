/**
 * `call:` steps at load (file/call-input-checks.ts, file/api-calls.ts; issue #13 §3): the operation
 * must be one the SDK sends and kmsim serves, every `input` member one its request model has, and
 * every placeholder must name something declared, or created by an earlier step. Each problem is
 * one line naming the file, the line and the field, like every other reference.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  apiCallProblem,
  apiInputShape,
  callableOperations,
} from '../../../src/scenarios/file/api-calls.js';
import { baseScenario, scenarioLoader } from '../../support/scenario-text.js';

/** The loader tests' base scenario (16 lines) with an open timeline at line 17: steps start at 18. */
const BASE = [...baseScenario('calls', '[a, b]'), 'timeline:'];
const { problems } = scenarioLoader(BASE, 'calls.yaml');

describe('scenarios: call steps: the operation', () => {
  it('callable operations are those the SDK sends and kmsim serves', () => {
    expect(callableOperations('kms')).toContain('CreateCustomKeyStore');
    expect(callableOperations('kms')).not.toContain('Sign');
    expect(callableOperations('cloudhsmv2')).toContain('CreateCluster');
    expect(apiInputShape('kms.Encrypt')?.required).toEqual(['KeyId', 'Plaintext']);
    expect(apiInputShape('kms.Sign')).toBeUndefined();
  });

  it('an operation the SDK has but kmsim does not serve is refused at load, with what it serves', () => {
    expect(apiCallProblem('kms.Sign')).toMatch(
      /^kmsim does not serve the kms operation 'Sign' \(it would only ever answer UnknownOperationException\); it serves: CancelKeyDeletion, /,
    );
    expect(problems('  - at: 1m', '    call: kms.Sign', '    input: { KeyId: x }')).toEqual([
      expect.stringMatching(
        /^calls\.yaml:19: timeline\[0\]\.call: kmsim does not serve the kms operation 'Sign'/,
      ),
    ]);
  });

  it("kmsim's KMS request models have exactly the members the pinned SDK sends, so a member check never refuses a real one", async () => {
    const sdk = (await import('@aws-sdk/client-kms')) as unknown as Record<string, unknown>;
    for (const operation of callableOperations('kms')) {
      // The 3.1164 client's operation schemas: [kind, namespace, name, traits, memberNames, ...].
      const schema = sdk[`${operation}Request$`] as unknown[] | undefined;
      expect(schema, operation).toBeDefined();
      const sdkMembers = [...(schema![4] as string[])].sort();
      const ours = Object.keys(apiInputShape(`kms.${operation}`)!.members).sort();
      expect(ours, operation).toEqual(sdkMembers);
    }
  });

  it('a misspelt operation gets a suggestion among the callable ones', () => {
    expect(apiCallProblem('kms.Encrpyt')).toBe(
      "unknown kms operation 'Encrpyt' (did you mean 'Encrypt'?)",
    );
    expect(apiCallProblem('cloudhsmv2.describeclusters')).toBe(
      "unknown cloudhsmv2 operation 'describeclusters' (did you mean 'DescribeClusters'?)",
    );
  });
});

describe('scenarios: call steps: input members', () => {
  it('a valid call with nested members, a map and placeholders loads', () => {
    expect(
      problems(
        '  - at: 1m',
        '    call: cloudhsmv2.DescribeClusters',
        '    input:',
        '      Filters:',
        "        clusterIds: ['{cluster:main}']",
        '  - at: 2m',
        '    call: kms.CreateCustomKeyStore',
        '    input:',
        '      CustomKeyStoreName: second',
        "      CloudHsmClusterId: '{cluster:main}'",
        "      TrustAnchorCertificate: '{trustAnchor}'",
        '      KeyStorePassword: kmsuser-Scenario1',
        '    expectError: CloudHsmClusterInUseException',
        '  - at: 150s',
        '    call: kms.TagResource',
        "    input: { KeyId: '{keyId:app-key}', Tags: [{ TagKey: team, TagValue: '{keyStore:store}' }] }",
        '  - at: 3m',
        '    call: kms.Encrypt',
        "    input: { KeyId: '{keyId:app-key}', Plaintext: hello, EncryptionContext: { store: '{keyStore:store}' } }",
      ),
    ).toEqual([]);
  });

  it('a member the operation does not take is refused at its line, with a suggestion and the members it takes', () => {
    expect(
      problems(
        '  - at: 1m',
        '    call: kms.CreateCustomKeyStore',
        '    input:',
        '      CustomKeyStoreName: second',
        "      CloudHsmClusterID: '{cluster:main}'",
      ),
    ).toEqual([
      "calls.yaml:22: timeline[0].input.CloudHsmClusterID: unknown member 'CloudHsmClusterID' (did you mean 'CloudHsmClusterId'?); kms.CreateCustomKeyStore takes: CustomKeyStoreName, CloudHsmClusterId, TrustAnchorCertificate, KeyStorePassword, CustomKeyStoreType, XksProxyUriEndpoint, XksProxyUriPath, XksProxyVpcEndpointServiceName, XksProxyVpcEndpointServiceOwner, XksProxyAuthenticationCredential, XksProxyConnectivity",
    ]);
  });

  it('members are checked at any depth: inside a list of structures and a nested structure', () => {
    expect(
      problems(
        '  - at: 1m',
        '    call: kms.CreateKey',
        '    input:',
        '      Tags:',
        '        - { TagKey: a, Value: b }',
        '  - at: 2m',
        '    call: kms.CreateCustomKeyStore',
        '    input:',
        '      XksProxyAuthenticationCredential: { AccessKeyId: x, Secret: y }',
      ),
    ).toEqual([
      "calls.yaml:22: timeline[0].input.Tags[0].Value: unknown member 'Value' (did you mean 'TagValue'?); it takes: TagKey, TagValue",
      "calls.yaml:26: timeline[1].input.XksProxyAuthenticationCredential.Secret: unknown member 'Secret' (did you mean 'RawSecretAccessKey'?); it takes: AccessKeyId, RawSecretAccessKey",
    ]);
  });

  it('values are not judged: a bad value or a missing required member is what a step may send on purpose', () => {
    expect(
      problems(
        '  - at: 1m',
        '    call: kms.GenerateRandom',
        '    input: { NumberOfBytes: 5000 }',
        '    expectError: ValidationException',
        '  - at: 2m',
        '    call: kms.Encrypt',
        "    input: { KeyId: '{key:app-key}' }",
        '    expectError: ValidationException',
      ),
    ).toEqual([]);
  });
});

describe('scenarios: call steps: placeholders', () => {
  it('a placeholder naming an undeclared cluster, key store or key is a load problem naming the field', () => {
    expect(
      problems(
        '  - at: 1m',
        '    call: kms.CreateCustomKeyStore',
        '    input:',
        '      CustomKeyStoreName: second',
        "      CloudHsmClusterId: '{cluster:mian}'",
        '  - at: 2m',
        '    call: kms.TagResource',
        '    input:',
        "      KeyId: 'arn is {key:nokey}'",
        '      Tags:',
        "        - { TagKey: a, TagValue: '{keyStore:other}' }",
      ),
    ).toEqual([
      "calls.yaml:22: timeline[0].input.CloudHsmClusterId: 'mian' is not declared in world.clusters or created by a 'create-cluster-from-backup' step (did you mean 'main'?)",
      "calls.yaml:26: timeline[1].input.KeyId: 'nokey' is not declared in world.keys or created by a 'create-key' step",
      "calls.yaml:28: timeline[1].input.Tags[0].TagValue: 'other' is not declared in world.keyStores",
    ]);
  });

  it('a key created by a later step cannot be used yet; one created earlier can', () => {
    expect(
      problems(
        '  - at: 1m',
        '    call: kms.DescribeKey',
        "    input: { KeyId: '{keyId:late-key}' }",
        '  - at: 2m',
        '    action: create-key',
        '    name: late-key',
        '    keyStore: store',
        '  - at: 3m',
        '    call: kms.DisableKey',
        "    input: { KeyId: '{keyId:late-key}' }",
      ),
    ).toEqual([
      "calls.yaml:20: timeline[0].input.KeyId: key 'late-key' is created by timeline[1].name, which does not run before this step",
    ]);
  });

  it('a misspelt placeholder kind, an empty name, a partial {trustAnchor} and a placeholder in a map key are refused: they would be sent as written', () => {
    expect(
      problems(
        '  - at: 1m',
        '    call: kms.CreateCustomKeyStore',
        '    input:',
        "      CloudHsmClusterId: '{clutser:main}'",
        "      CustomKeyStoreName: '{keyStore:}'",
        "      TrustAnchorCertificate: 'pem {trustAnchor}'",
        '  - at: 2m',
        '    call: kms.Encrypt',
        "    input: { KeyId: x, EncryptionContext: { '{key:app-key}': v } }",
      ),
    ).toEqual([
      "calls.yaml:21: timeline[0].input.CloudHsmClusterId: '{clutser:main}' is not a placeholder (did you mean 'cluster'?); placeholders are {key:<name>}, {keyId:<name>}, {keyStore:<name>}, {cluster:<name>}, {trustAnchor}",
      "calls.yaml:22: timeline[0].input.CustomKeyStoreName: '{keyStore:}' names nothing: write {keyStore:<name>}",
      'calls.yaml:23: timeline[0].input.TrustAnchorCertificate: {trustAnchor} stands for a whole value (the trust anchor certificate), not part of one',
      'calls.yaml:26: timeline[1].input.EncryptionContext["{key:app-key}"]: placeholders are replaced in values, not in keys: \'{key:app-key}\' would be sent as written',
    ]);
  });
});

describe('scenarios: call steps: kmsim run', () => {
  it('an undeclared name in a call input exits 2 with one line naming file, line and field, and runs nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmsim-call-'));
    try {
      const file = join(dir, 'bad-call.yaml');
      writeFileSync(
        file,
        [
          ...BASE,
          '  - at: 1m',
          '    call: kms.DescribeKey',
          "    input: { KeyId: '{keyId:missing}' }",
          '',
        ].join('\n'),
      );
      let status = 0;
      let stderr = '';
      let stdout = '';
      try {
        stdout = execFileSync(process.execPath, ['bin/kmsim.js', 'run', file], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      } catch (error) {
        const failed = error as { status: number; stderr: string; stdout: string };
        status = failed.status;
        stderr = failed.stderr;
        stdout = failed.stdout;
      }
      expect(status).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toEqual([
        `${file}:20: timeline[0].input.KeyId: 'missing' is not declared in world.keys or created by a 'create-key' step`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
