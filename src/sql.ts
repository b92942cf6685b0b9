/** Quotes an identifier for SQL whatever it contains (quotes, spaces, case, emoji). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."table"`. */
export function qualifiedName(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

/**
 * Wraps a user's row filter so it stays one parenthesised expression; the newline ends any `--` comment
 * the filter carries so it cannot swallow the SQL after it.
 */
export function filterClause(filter: string | undefined): string {
  return filter === undefined ? 'TRUE' : `(${filter}\n)`;
}

/**
 * Quotes a value as an SQL string literal, for a value read from a database that must become part of a
 * statement's text (a forEach tenant's filter, the key bounds of a checksum or a COPY). Quotes are doubled; a
 * value with a backslash becomes an E'' literal with the backslash doubled, so the result means the same
 * whatever standard_conforming_strings says.
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('an SQL literal cannot contain a NUL character');
  const quoted = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

/**
 * Where a row filter closes a bracket it did not open, outside strings, quoted names and comments: such a filter
 * (`store_id = 2) OR (true`) would get out of the brackets filterClause puts around it and select every row.
 * Returns the offending `)`'s offset, or undefined for a filter that stays one expression.
 */
export function strayBracket(filter: string): number | undefined {
  let depth = 0;
  let index = 0;
  while (index < filter.length) {
    const rest = filter.slice(index);
    const char = filter[index]!;
    if (rest.startsWith('--')) index = skipTo(filter, '\n', index + 2);
    else if (rest.startsWith('/*')) index = skipComment(filter, index + 2);
    else if (char === "'") index = skipQuoted(filter, index + 1, "'", /(^|[^\w$])[eE]$/.test(filter.slice(0, index)));
    else if (char === '"') index = skipQuoted(filter, index + 1, '"', false);
    else if (char === '$' && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(rest)) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(rest)![0];
      index = skipTo(filter, tag, index + tag.length) + tag.length - 1;
    } else {
      if (char === '(') depth++;
      if (char === ')' && --depth < 0) return index;
      index++;
    }
  }
  return undefined;
}

/** The offset just after the next `end` from `from` (the filter's end when there is none). */
function skipTo(text: string, end: string, from: number): number {
  const found = text.indexOf(end, from);
  return found === -1 ? text.length : found + 1;
}

/** Past a /* comment *\/, which nests in PostgreSQL. */
function skipComment(text: string, from: number): number {
  let depth = 1;
  let index = from;
  while (index < text.length && depth > 0) {
    const pair = text.slice(index, index + 2);
    depth += pair === '/*' ? 1 : pair === '*/' ? -1 : 0;
    index += pair === '/*' || pair === '*/' ? 2 : 1;
  }
  return index;
}

/** Past a quoted string or name; a doubled quote stays inside, as does a backslash-escaped one in an E'' string. */
function skipQuoted(text: string, from: number, quote: string, backslashes: boolean): number {
  let index = from;
  while (index < text.length) {
    const char = text[index]!;
    if (backslashes && char === '\\') index += 2;
    else if (char === quote && text[index + 1] === quote) index += 2;
    else if (char === quote) return index + 1;
    else index++;
  }
  return index;
}
