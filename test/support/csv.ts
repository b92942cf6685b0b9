/** One parsed CSV field: null for an empty unquoted field (SQL NULL), a string otherwise ('' is `""`). */
export type CsvField = string | null;

/**
 * Parses RFC 4180 CSV, keeping the one distinction diffs.csv relies on:
 * an empty unquoted field is null, a quoted empty field is the empty string.
 */
export function parseCsv(text: string): CsvField[][] {
  const records: CsvField[][] = [];
  let record: CsvField[] = [];
  let field = '';
  let quoted = false;
  let position = 0;
  const endField = (): void => {
    record.push(quoted || field !== '' ? field : null);
    field = '';
    quoted = false;
  };
  while (position < text.length) {
    const char = text[position]!;
    if (char === '"' && field === '' && !quoted) {
      quoted = true;
      position += 1;
      // Inside quotes until a lone quote; a doubled quote is a literal one.
      for (;;) {
        const next = text.indexOf('"', position);
        if (next === -1) throw new Error(`unterminated quoted CSV field at offset ${position}`);
        field += text.slice(position, next);
        if (text[next + 1] === '"') {
          field += '"';
          position = next + 2;
        } else {
          position = next + 1;
          break;
        }
      }
    } else if (char === ',') {
      endField();
      position += 1;
    } else if (char === '\n' || char === '\r') {
      endField();
      records.push(record);
      record = [];
      position += char === '\r' && text[position + 1] === '\n' ? 2 : 1;
    } else {
      if (quoted) throw new Error(`unexpected ${JSON.stringify(char)} after a quoted CSV field at offset ${position}`);
      field += char;
      position += 1;
    }
  }
  if (field !== '' || quoted || record.length > 0) {
    endField();
    records.push(record);
  }
  return records;
}
