/**
 * What a scenario file says about itself: the leading comment block (first paragraph: what it
 * shows; a paragraph starting "Follows docs/behaviour.md": the spec sections it follows) or, without one, its
 * `description`. Read from the file's text, so the report stays a function of trace and text.
 */
import { parse } from 'yaml';

export interface ScenarioHeader {
  /** One paragraph: what the scenario shows. */
  readonly summary: string;
  /** The spec sections it follows, if it says. */
  readonly follows: string | undefined;
}

function paragraphs(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('#')) break;
    lines.push(line.replace(/^#\s?/, ''));
  }
  const out: string[] = [];
  let current: string[] = [];
  for (const line of [...lines, '']) {
    if (line.trim() === '') {
      if (current.length > 0) out.push(current.join(' ').replace(/\s+/g, ' ').trim());
      current = [];
    } else {
      current.push(line.trim());
    }
  }
  return out;
}

export function scenarioHeader(text: string): ScenarioHeader {
  const found = paragraphs(text);
  const follows = found.find((paragraph) => paragraph.startsWith('Follows docs/behaviour.md'));
  let summary = found.find(
    (paragraph) => paragraph !== follows && !paragraph.startsWith('What to notice'),
  );
  if (summary === undefined) {
    try {
      const description = (parse(text) as { description?: unknown } | null)?.description;
      if (typeof description === 'string') summary = description.trim();
    } catch {
      // A file that does not parse has no description; the report says nothing rather than guess.
    }
  }
  return { summary: summary ?? '', follows };
}

/** The first sentence of the summary, for the reports index. */
export function firstSentence(summary: string): string {
  const end = summary.search(/[.:](\s|$)/);
  return end < 0 ? summary : summary.slice(0, end + 1).replace(/:$/, '.');
}
