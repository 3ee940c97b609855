/**
 * The shell variables the runbook commands use, each explained once, above the first command that
 * needs it (issue 14: "every placeholder explained where it first appears"). The top of a report
 * sets the ones its commands use, one `export` line each with what it holds as a comment; a
 * variable whose value comes from an earlier command (`CIPHERTEXT`) is explained at that command.
 */

export interface Placeholder {
  readonly name: string;
  /** The `export` line a person runs, with the value to adapt. */
  readonly setting: string;
  /** What it holds, as a shell comment on the same line. */
  readonly comment: string;
  /** More than fits a comment, as a bullet under the block. */
  readonly note?: string;
}

/** Set at the top of a report. */
export const PLACEHOLDERS: readonly Placeholder[] = [
  {
    name: 'KMS_ENDPOINT',
    setting: 'export KMS_ENDPOINT=http://127.0.0.1:4599',
    comment: "kmsim: the address 'kmsim serve' prints; AWS: https://kms.<region>.amazonaws.com",
  },
  {
    name: 'CLOUDHSM_ENDPOINT',
    setting: 'export CLOUDHSM_ENDPOINT=http://127.0.0.1:4599',
    comment: 'kmsim: the same address; AWS: https://cloudhsmv2.<region>.amazonaws.com',
  },
  {
    name: 'KMSUSER_PASSWORD',
    setting: "export KMSUSER_PASSWORD='<new kmsuser password>'",
    comment: 'you choose it now: 8 to 32 characters',
    note: "`$KMSUSER_PASSWORD` is the new password of the `kmsuser` crypto user (docs/behaviour.md §4.7, §6.6): you set it in the cluster with the CloudHSM CLI, then give KMS the same value with `update-custom-key-store`. KMS changes it again when it connects (§4.3), so nobody needs it afterwards. The run's own password is never printed.",
  },
];

/** Explained where it is first used, not at the top: its value comes from a command's output. */
export const CIPHERTEXT_PLACEHOLDER = 'CIPHERTEXT';

const used = (text: string, name: string): boolean => new RegExp(`\\$${name}\\b`).test(text);

/** The top-of-report placeholders `text` uses, in PLACEHOLDERS order. */
export function placeholdersIn(text: string): Placeholder[] {
  return PLACEHOLDERS.filter((placeholder) => used(text, placeholder.name));
}

/**
 * The block that sets the placeholders `commands` use: Markdown lines, empty when none is used.
 * The AWS CLI also needs a Region and credentials (any non-empty ones for kmsim), and the `aws`
 * commands carry `--endpoint-url` themselves because the AWS CLI 2.9 that Debian ships does not
 * read AWS_ENDPOINT_URL.
 */
export function placeholderBlock(commands: string): string[] {
  const found = placeholdersIn(commands);
  if (found.length === 0) return [];
  const width = Math.max(...found.map((placeholder) => placeholder.setting.length));
  const endpoints = found.some((placeholder) => placeholder.name.endsWith('_ENDPOINT'));
  return [
    'Set these first; every command below uses them:',
    '',
    '```sh',
    ...found.map((placeholder) => `${placeholder.setting.padEnd(width)}  # ${placeholder.comment}`),
    ...(endpoints
      ? [
          `${'export AWS_REGION=us-east-1'.padEnd(width)}  # kmsim serves us-east-1; against kmsim any AWS credentials will do`,
        ]
      : []),
    '```',
    '',
    ...(endpoints
      ? [
          'Each `aws` command passes `--endpoint-url` itself: the AWS CLI 2.9 that Debian ships does not read `AWS_ENDPOINT_URL`. Against AWS, set the variables to the Regional endpoints and the same commands work.',
          '',
        ]
      : []),
    ...found.flatMap((placeholder) => (placeholder.note ? [placeholder.note, ''] : [])),
  ];
}
