/**
 * Small Markdown builders for the runbook reports: tables, fenced blocks, collapsible output.
 * GitHub-flavoured Markdown; every builder returns lines so sections compose by concatenation.
 */

/** Text safe inside a table cell: pipes escaped, newlines folded. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

export function fenced(language: string, text: string): string[] {
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const fence = body.includes('```') ? '````' : '```';
  return [`${fence}${language}`, ...body.split('\n'), fence];
}

/** Output longer than this many lines is folded under a summary line. */
export const FOLD_LINES = 24;

/** A fenced block, folded into `<details>` when it is long. */
export function output(language: string, text: string, summary: string): string[] {
  const lines = text.split('\n').length;
  if (lines <= FOLD_LINES) return fenced(language, text);
  return [
    '<details>',
    `<summary>${summary} (${lines} lines)</summary>`,
    '',
    ...fenced(language, text),
    '',
    '</details>',
  ];
}

/** A JSON body pretty-printed with the service's member order, or the text as is when it is not JSON. */
export function prettyJson(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
