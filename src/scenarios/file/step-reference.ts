/**
 * The timeline-step part of the scenario reference (docs/scenario-reference.md, scenario-reference.ts),
 * generated from the declarations: every fault's own definition (src/faults/) and the operator
 * actions of step-catalogue.ts.
 */
import { FAULT_CATALOGUE } from '../../faults/catalogue.js';
import type { FaultDefinition, StepParam } from '../../faults/fault.js';
import { ACTION_STEPS, STEP_KEYS } from './step-catalogue.js';

const KIND_TEXT: Readonly<Record<StepParam['kind'], string>> = {
  cluster: 'cluster name',
  'key-store': 'key store name',
  key: 'key name',
  az: 'AZ of the cluster',
  'new-cluster': 'new cluster name',
  'new-key': 'new key name',
  duration: 'duration',
  number: 'whole number',
  string: 'string',
  'string-list': 'list of strings',
  'az-list': 'list of AZs',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function bounds(param: StepParam): string {
  const parts: string[] = [];
  if (param.min !== undefined)
    parts.push(`≥ ${param.min}${param.kind === 'duration' ? ' ms' : ''}`);
  if (param.max !== undefined)
    parts.push(`≤ ${param.max}${param.kind === 'duration' ? ' ms' : ''}`);
  if (param.values !== undefined)
    parts.push(
      param.valuesAre ?? `one of ${param.values.map((value) => `\`${value}\``).join(', ')}`,
    );
  return parts.join(', ');
}

function scheduling(fault: FaultDefinition): string {
  if (fault.schedule === undefined) return 'never drawn';
  return fault.schedule.byDefault ? 'drawn by default' : 'drawn when named in `faults`';
}

function faultSection(fault: FaultDefinition): string[] {
  const lines = [`#### \`${fault.name}\``, '', `Models: ${fault.summary}.`];
  if (fault.symptom) lines.push('', '**Flagged symptom injector**: every report marks its use.');
  lines.push(
    '',
    `Heal: ${fault.healable ? (fault.runbook.heal ?? '') : 'none; recovery is operator work.'}`,
    '',
    `Property tests: ${scheduling(fault)}.`,
    '',
  );
  const params = Object.entries(fault.params);
  if (params.length === 0) return [...lines, 'No parameters.', ''];
  lines.push(
    '| parameter | value | required | meaning | bounds |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const [name, param] of params)
    lines.push(
      `| \`${name}\` | ${KIND_TEXT[param.kind]} | ${param.required ? 'yes' : 'no'} | ${cell(param.description)} | ${cell(bounds(param))} |`,
    );
  return [...lines, ''];
}

function actionSection(name: string, params: Readonly<Record<string, StepParam>>): string[] {
  const entries = Object.entries(params);
  const list = entries
    .map(
      ([param, spec]) =>
        `\`${param}\` (${KIND_TEXT[spec.kind]}${spec.required ? '' : ', optional'})`,
    )
    .join(', ');
  return [`- \`${name}\`: ${entries.length === 0 ? 'no parameters' : list}`];
}

export function renderStepReference(): string {
  return [
    '## Timeline steps',
    '',
    `Every step has \`at\` and exactly one of \`fault\`, \`heal\`, \`action\` or \`call\`; the keys every step may have are ${STEP_KEYS.map((key) => `\`${key}\``).join(', ')}, plus its parameters. A heal names the fault it ends by the same references (cluster, key store, key); the fault's settings are optional there. \`expectError: <ExceptionName>\` makes the step pass only if it fails with that exception.`,
    '',
    'A `call` step sends any KMS or CloudHSM v2 API request: `call: kms.CreateCustomKeyStore` or `call: cloudhsmv2.CreateCluster`, with the request members under `input`. Strings in `input` may use placeholders: `{cluster:main}` and `{keyStore:store}` (their ids), `{key:app-key}` (the key ARN), `{keyId:app-key}` (the key id) and `{trustAnchor}` (the trust anchor every scenario cluster is initialized with). At load, the operation must be one kmsim serves, every `input` member (at any depth) one the operation takes (the SDK would silently drop any other), and every placeholder must name a declared cluster, key store or key, or one an earlier step creates; placeholders are replaced in values, not in map keys. Values are not checked, so a step may send a bad one on purpose and expect the ValidationException of the service.',
    '',
    '### Faults',
    '',
    ...[...FAULT_CATALOGUE.values()].flatMap(faultSection),
    '### Operator actions',
    '',
    ...Object.entries(ACTION_STEPS).flatMap(([name, params]) => actionSection(name, params)),
    '',
  ].join('\n');
}
