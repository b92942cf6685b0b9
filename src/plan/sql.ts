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
