/**
 * A compact, human-readable record of a real-client walk: one line per command with its key
 * output, printed at the end of the walk so it can be quoted (issue #2 closing note).
 */
export class Transcript {
  private readonly lines: string[] = [];

  constructor(private readonly title: string) {}

  /** `$ command` followed by `→ result`. */
  step(command: string, result: string): void {
    this.lines.push(`$ ${command}`, `  → ${result}`);
  }

  note(text: string): void {
    this.lines.push(`# ${text}`);
  }

  text(): string {
    return [`=== ${this.title} ===`, ...this.lines].join('\n');
  }

  print(): void {
    console.log(this.text());
  }
}

/** Shortens long ids in the middle so transcript lines stay readable. */
export function short(value: string, keep = 80): string {
  return value.length <= keep ? value : `${value.slice(0, keep - 12)}…${value.slice(-10)}`;
}
