/**
 * The few SVG elements the run chart is drawn with, as text: numbers rounded to a tenth of a
 * pixel and attributes in a fixed order, so the same drawing is always the same bytes on every
 * machine. Text is escaped for XML; nothing refers to an outside resource.
 */

export const FONT = 'Helvetica, Arial, sans-serif';

/** A coordinate or size rounded to 0.1 px, without a trailing ".0" or a "-0". */
export function px(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

type Attributes = Readonly<Record<string, string | number | undefined>>;

function attributes(values: Attributes): string {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(
      ([name, value]) => ` ${name}="${typeof value === 'number' ? px(value) : escapeXml(value!)}"`,
    )
    .join('');
}

export function rect(
  x: number,
  y: number,
  width: number,
  height: number,
  extra: Attributes,
): string {
  return `<rect${attributes({ x, y, width: Math.max(0, width), height: Math.max(0, height), ...extra })}/>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, extra: Attributes): string {
  return `<line${attributes({ x1, y1, x2, y2, ...extra })}/>`;
}

export function path(d: string, extra: Attributes): string {
  return d === '' ? '' : `<path${attributes({ d, ...extra })}/>`;
}

export interface TextStyle {
  readonly size?: number;
  readonly weight?: 'bold';
  readonly fill?: string;
  readonly anchor?: 'start' | 'middle' | 'end';
  /** Vertical placement of the text relative to y (SVG dominant-baseline). */
  readonly baseline?: 'middle' | 'hanging';
  readonly transform?: string;
}

export function text(x: number, y: number, content: string, style: TextStyle = {}): string {
  return `<text${attributes({
    x,
    y,
    'font-size': style.size ?? 11,
    'font-weight': style.weight,
    fill: style.fill ?? '#212121',
    'text-anchor': style.anchor,
    'dominant-baseline': style.baseline,
    transform: style.transform,
  })}>${escapeXml(content)}</text>`;
}

export function group(children: readonly string[], extra: Attributes = {}): string {
  const body = children.filter((child) => child !== '');
  return body.length === 0 ? '' : `<g${attributes(extra)}>\n${body.join('\n')}\n</g>`;
}

/** The whole document: explicit size and viewBox, white background, generic fonts only. */
export function svgDocument(width: number, height: number, children: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(width)}" height="${px(height)}" viewBox="0 0 ${px(width)} ${px(height)}" font-family="${FONT}">`,
    `<rect width="${px(width)}" height="${px(height)}" fill="#ffffff"/>`,
    ...children.filter((child) => child !== ''),
    '</svg>',
    '',
  ].join('\n');
}

/** Text width estimate (px) for the chart's sans-serif: generous, so labels never collide. */
export function textWidth(content: string, size = 11): number {
  return content.length * size * 0.58;
}

/** The text cut with an ellipsis so that its estimated width fits `widthPx`. */
export function fitText(content: string, widthPx: number, size = 11): string {
  if (textWidth(content, size) <= widthPx) return content;
  const keep = Math.max(0, Math.floor(widthPx / (size * 0.58)) - 1);
  return `${content.slice(0, keep)}…`;
}
