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
 * Quotes a value as an SQL string literal, for the one place a value read from a database must become part
 * of a filter (a forEach tenant). Quotes are doubled; a value with a backslash becomes an E'' literal with the
 * backslash doubled, so the result means the same whatever standard_conforming_strings says.
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('an SQL literal cannot contain a NUL character');
  const quoted = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}
