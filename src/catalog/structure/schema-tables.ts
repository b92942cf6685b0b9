import type { Queryable } from '../../connect/query-batch.js';
import { groupByRelation } from '../relations.js';

/**
 * A query over the relations whose oids are `$1`: `select` and `from` follow a CTE
 * `t (oid, relname, nspname, relacl, relowner, relrowsecurity, relforcerowsecurity)`, `order` sorts one
 * relation's rows; every row names its relation in `relid`. The catalog prints definitions relative to
 * search_path, so each relation's rows are printed with search_path set to its own schema alone (names of
 * the schema print unqualified): the relations of a thousand store schemas are read in one query, each as
 * if alone. The setting is local to the transaction; the caller's savepoint rollback puts the session's back.
 * Both subqueries are fenced (OFFSET 0) so that the setting is made before the relation's rows are printed.
 */
export function overRelations(select: string, from = '', where = 'TRUE', order = ''): string {
  return `WITH t AS MATERIALIZED (
  SELECT c.oid, c.relname, n.nspname, c.relacl, c.relowner, c.relrowsecurity, c.relforcerowsecurity
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE c.oid = ANY ($1::oid[])
   ORDER BY n.nspname, c.relname)
SELECT t.oid::int8::text AS relid, x.*
  FROM t
 ${printedIn('t.nspname')}
 CROSS JOIN LATERAL (SELECT ${select}
                       FROM (SELECT sp.path) AS printed ${from}
                      WHERE ${where}${order === '' ? '' : ` ORDER BY ${order}`} OFFSET 0) AS x`;
}

/**
 * The lateral subquery that sets search_path to the schema `schema` (an SQL expression of the row) alone, fenced
 * (OFFSET 0) so that it runs per row; a subquery after it prints that row's definitions only once it reads
 * `sp.path`, relative to that schema. Local to the transaction: the caller's savepoint rollback undoes it.
 */
export function printedIn(schema: string): string {
  return `CROSS JOIN LATERAL (SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident(${schema}), true) OFFSET 0) AS sp(path)`;
}

/** Runs one such query and groups its rows, mapped, by relation oid, in the order the query returned them. */
export async function readByRelation<Raw extends { relid: string }, Item>(
  client: Queryable,
  oids: readonly number[],
  text: string,
  map: (raw: Raw) => Item,
): Promise<Map<number, Item[]>> {
  const result = await client.query<Raw>({ text, values: [oids] });
  return groupByRelation(result.rows, map);
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
