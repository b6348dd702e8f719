/**
 * Splits a child's output stream into lines and prefixes each with the service name, keeping
 * an unterminated tail until the rest of the line arrives (chunks do not follow line breaks).
 */
export class LinePrefixer {
  private partial = '';

  constructor(private readonly prefix: string) {}

  static forService(name: string): LinePrefixer {
    return new LinePrefixer(`[${name}] `);
  }

  /** The complete lines in `chunk` (plus what was held back), prefixed, without line breaks. */
  push(chunk: string): string[] {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    return parts.map((line) => this.prefix + stripCarriageReturn(line));
  }

  /** The held-back tail when the stream ends without a final line break. */
  flush(): string[] {
    const rest = this.partial;
    this.partial = '';
    return rest === '' ? [] : [this.prefix + stripCarriageReturn(rest)];
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
