import type { Field } from '../summary.js';

/**
 * One row read from a side: key fields first, then value fields, all canonical text.
 * A row read by COPY keeps its raw line and is decoded only when its fields are read (see row-batch.ts,
 * where equal lines are recognised without creating a Row at all).
 */
export class Row {
  private decoded: readonly Field[] | undefined;

  private constructor(
    readonly raw: Buffer | null,
    decoded?: readonly Field[],
  ) {
    this.decoded = decoded;
  }

  /** A row from one line of COPY text output (without its newline). */
  static fromCopyLine(line: Buffer): Row {
    return new Row(line);
  }

  /** A row from a query result in array mode. */
  static fromFields(fields: readonly Field[]): Row {
    return new Row(null, fields);
  }

  get fields(): readonly Field[] {
    this.decoded ??= decodeCopyLine(this.raw!);
    return this.decoded;
  }
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** Decodes a line of PostgreSQL's COPY text format: tab-separated, `\N` for NULL, backslash escapes. */
export function decodeCopyLine(line: Buffer): Field[] {
  return line
    .toString('utf8')
    .split('\t')
    .map((field) => {
      if (field === '\\N') return null;
      if (!field.includes('\\')) return field;
      return field.replace(/\\([0-7]{1,3}|x[0-9A-Fa-f]{1,2}|.)/g, (_, code: string) => {
        if (/^[0-7]/.test(code)) return String.fromCharCode(parseInt(code, 8));
        if (code[0] === 'x') return String.fromCharCode(parseInt(code.slice(1), 16));
        return ESCAPES[code] ?? code;
      });
    });
}
