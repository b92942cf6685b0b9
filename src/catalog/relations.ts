import type { SideClient } from '../connect/session.js';
import { DatabaseError } from '../errors.js';

/** The relations of a schema that are compared as tables (aliased `c`): ordinary and partitioned tables, not partitions. */
export const COMPARED_TABLES = "c.relkind IN ('r', 'p') AND NOT c.relispartition";

/** A relation the catalog readers describe: a compared table, or a view or materialized view of the schema. */
export interface Relation {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly kind: 'table' | 'view' | 'matview';
  /** The planner's row estimate (pg_class.reltuples); -1 when never analysed. */
  readonly estimatedRows: number;
}

interface RawRelation {
  oid: string;
  schema: string;
  name: string;
  kind: string;
  reltuples: number;
}

/**
 * Lists the compared tables, views and materialized views of `schemas` in one scan of pg_class, whatever the
 * number of schemas: a fan-out over a thousand stores lists them all at once, then reads each part by oid
 * (through pg_class's oid index), never scanning the catalog per store. Views owned by an extension are the
 * extension's business, not the schema's. Sorted by schema and name.
 */
export async function listRelations(client: SideClient, schemas: readonly string[]): Promise<Map<string, Relation[]>> {
  const result = await client.query<RawRelation>({
    text: `SELECT c.oid::int8::text AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
            c.reltuples::float8 AS reltuples
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY ($1::text[])
        AND (${COMPARED_TABLES} OR (c.relkind IN ('v', 'm') AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e
              WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')))
      ORDER BY n.nspname, c.relname`,
    values: [schemas],
  });
  const bySchema = new Map<string, Relation[]>(schemas.map((schema) => [schema, []]));
  for (const raw of result.rows) {
    bySchema.get(raw.schema)!.push(
      Object.freeze({
        oid: Number(raw.oid),
        schema: raw.schema,
        name: raw.name,
        kind: raw.kind === 'v' ? 'view' : raw.kind === 'm' ? 'matview' : 'table',
        estimatedRows: Number(raw.reltuples),
      }),
    );
  }
  return bySchema;
}

/**
 * A schema that does not exist is a mistake (a typo, a store whose migration never ran), not a schema whose
 * tables are all missing: it fails the run with one clear reason instead of one failure per table.
 */
export async function assertSchemaExists(client: SideClient, schema: string): Promise<void> {
  const found = await client.query<{ name: string }>({
    text: 'SELECT nspname AS name FROM pg_catalog.pg_namespace WHERE lower(nspname) = lower($1) ORDER BY nspname',
    values: [schema],
  });
  if (found.rows.some((row) => row.name === schema)) return;
  // SQL folds unquoted names to lower case, so "Public" is a common slip for public; pgverify takes names as written.
  const similar = found.rows[0]?.name;
  throw new DatabaseError(
    client.side,
    `schema "${schema}" does not exist${similar === undefined ? '' : ` (names are case-sensitive: did you mean "${similar}"?)`}`,
  );
}

/**
 * The relations of `oids` that another session holds, or waits for, in ACCESS EXCLUSIVE mode (DDL): reading
 * their definitions would wait for it, and so would any read queued behind the waiting request. By oid: who
 * (pid) and whether the lock is held or awaited.
 */
export async function lockedRelations(
  client: SideClient,
  oids: readonly number[],
): Promise<Map<number, { readonly pid: number; readonly granted: boolean }>> {
  const result = await client.query<{ oid: string; pid: number; granted: boolean }>({
    text: `SELECT DISTINCT ON (l.relation) l.relation::int8::text AS oid, l.pid, l.granted
             FROM pg_catalog.pg_locks l
            WHERE l.relation = ANY ($1::oid[]) AND l.mode = 'AccessExclusiveLock' AND l.pid <> pg_catalog.pg_backend_pid()
            ORDER BY l.relation, l.granted DESC`,
    values: [oids],
  });
  return new Map(result.rows.map((row) => [Number(row.oid), { pid: row.pid, granted: row.granted }]));
}

/** Catalog rows grouped by the oid of the relation they describe (`relid`), mapped, in the order they came. */
export function groupByRelation<Row extends { relid: number | string }, Item>(
  rows: readonly Row[],
  map: (row: Row) => Item,
): Map<number, Item[]> {
  const grouped = new Map<number, Item[]>();
  for (const row of rows) {
    const relid = Number(row.relid);
    const group = grouped.get(relid);
    if (group === undefined) grouped.set(relid, [map(row)]);
    else group.push(map(row));
  }
  return grouped;
}
