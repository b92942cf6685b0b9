/** Parses RFC 4180 CSV; an unquoted empty field becomes null so tests can tell NULL from ''. */
export function parseCsv(text: string): (string | null)[][] {
  const records: (string | null)[][] = [];
  let record: (string | null)[] = [];
  let index = 0;
  while (index < text.length) {
    let field: string | null;
    if (text[index] === '"') {
      field = '';
      index += 1;
      for (;;) {
        const quote = text.indexOf('"', index);
        if (quote === -1) throw new Error('unterminated quoted field');
        field += text.slice(index, quote);
        index = quote + 1;
        if (text[index] !== '"') break;
        field += '"';
        index += 1;
      }
    } else {
      let end = index;
      while (end < text.length && text[end] !== ',' && text[end] !== '\n') end += 1;
      field = end === index ? null : text.slice(index, end);
      index = end;
    }
    record.push(field);
    if (text[index] === ',') {
      index += 1;
    } else {
      records.push(record);
      record = [];
      index += 1;
    }
  }
  return records;
}
