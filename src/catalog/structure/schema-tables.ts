import type { Queryable } from '../../connect/query-batch.js';
import type { SideClient } from '../../connect/session.js';
import { COMPARED_TABLES } from '../introspect.js';

/**
 * A query over the compared tables of the schema `$1` named in `$2` (every one when it is NULL): `select` and
 * `from` follow a CTE `t (oid, relname, nspname, relacl, relowner, relrowsecurity, relforcerowsecurity)`;
 * every row names its table in `table`. With the names given, pg_class is read through its index on
 * (relname, relnamespace): a schema among thousands (a forEach's stores) costs its own tables, not a scan.
 */
export function overSchemaTables(select: string, from = '', where = 'TRUE'): string {
  return `WITH t AS (SELECT c.oid, c.relname, n.nspname, c.relacl, c.relowner, c.relrowsecurity, c.relforcerowsecurity
                 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1 AND ${COMPARED_TABLES} AND ($2::text[] IS NULL OR c.relname = ANY ($2::text[])))
SELECT t.relname AS table, ${select}
  FROM t ${from}
 WHERE ${where}`;
}

/** Which tables a structure query reads: the compared tables of `schema` named in `tables`, or every one. */
export interface StructureScope {
  readonly schema: string;
  readonly tables?: readonly string[];
}

/** Runs one such query and groups its rows, mapped, by table name, in the order the query returned them. */
export async function readByTable<Raw extends { table: string }, Item>(
  client: Queryable,
  scope: StructureScope,
  text: string,
  map: (raw: Raw) => Item,
): Promise<Map<string, Item[]>> {
  const result = await client.query<Raw>({ text, values: [scope.schema, scope.tables ?? null] });
  const byTable = new Map<string, Item[]>();
  for (const raw of result.rows) {
    const items = byTable.get(raw.table) ?? [];
    items.push(map(raw));
    byTable.set(raw.table, items);
  }
  return byTable;
}

/**
 * A definition without the object's own name and table, so that it compares across schemas and renames:
 * the first occurrence of each `[text, replacement]` pair, in order, each searched after the previous one.
 * A definition not shaped as expected is kept whole (it then only matches itself).
 */
export function withoutNames(definition: string, parts: ReadonlyArray<readonly [string, string]>): string {
  let result = '';
  let rest = definition;
  for (const [text, replacement] of parts) {
    const at = rest.indexOf(text);
    if (at < 0) return definition;
    result += rest.slice(0, at) + replacement;
    rest = rest.slice(at + text.length);
  }
  return result + rest;
}

/**
 * Runs `work` with search_path set to `schema` alone, local to the snapshot's transaction, then puts it back:
 * the catalog prints definitions relative to search_path, so names of the schema itself print unqualified,
 * while the rest of the run's SQL, and the user's filters, must see the search_path the session started with.
 * When `work` fails, the caller's savepoint rollback puts it back.
 */
export async function inSchemaSearchPath<T>(client: SideClient, schema: string, work: () => Promise<T>): Promise<T> {
  const previous = (await client.query<{ path: string }>("SELECT pg_catalog.current_setting('search_path') AS path"))
    .rows[0]!.path;
  await client.query({
    text: "SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident($1), true)",
    values: [schema],
  });
  const result = await work();
  await client.query({ text: "SELECT pg_catalog.set_config('search_path', $1, true)", values: [previous] });
  return result;
}
