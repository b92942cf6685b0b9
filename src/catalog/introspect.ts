import { QueryBatch } from '../connect/query-batch.js';
import type { SideClient } from '../connect/session.js';
import { DatabaseError } from '../errors.js';
import { readForeignKeys } from './foreign-keys.js';
import { readColumnSequences } from './sequences.js';
import type { Column, Table, UniqueKey } from './types.js';

interface RawTable {
  oid: number;
  name: string;
  reltuples: number;
}
interface RawColumn {
  relid: number;
  name: string;
  type: string;
  base_type: string;
  category: string;
  not_null: boolean;
  collation: string | null;
}
interface RawKey {
  relid: number;
  primary: boolean;
  columns: string[];
}

/** The relations of a schema that are compared as tables (aliased `c`): ordinary and partitioned tables, not partitions. */
export const COMPARED_TABLES = "c.relkind IN ('r', 'p') AND NOT c.relispartition";

/**
 * Reads every ordinary or partitioned table of a schema (not partitions themselves) with columns, keys,
 * foreign keys and the sequences feeding them: one query per concept, whatever the number of tables.
 * `names`, when the caller listed the schema's tables already (readComparedTableNames), lets pg_class be read
 * through its name index rather than scanned: a fan-out over a thousand store schemas would scan it per store.
 */
export async function readSchemaTables(
  client: SideClient,
  schema: string,
  names?: readonly string[],
): Promise<Table[]> {
  const tables = await client.query<RawTable>({
    text: `SELECT c.oid::int8 AS oid, c.relname AS name, c.reltuples::float8 AS reltuples
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND ${COMPARED_TABLES} AND ($2::text[] IS NULL OR c.relname = ANY ($2::text[]))
      ORDER BY c.relname`,
    values: [schema, names ?? null],
  });
  const oids = tables.rows.map((row) => row.oid);
  if (oids.length === 0) {
    await assertSchemaExists(client, schema);
    return [];
  }
  // The four reads that need only the oids go in one round trip.
  const batch = new QueryBatch();
  const reads = Promise.all([
    batch.query<RawColumn>({
      text: `SELECT a.attrelid::int8 AS relid, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            b.typname AS base_type, b.typcategory AS category, a.attnotnull AS not_null,
            CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN co.collname END AS collation
       FROM pg_catalog.pg_attribute a
       JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
       JOIN pg_catalog.pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
       LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
      WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`,
      values: [oids],
    }),
    batch.query<RawKey>({
      text: `SELECT i.indrelid::int8 AS relid, i.indisprimary AS primary,
            array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_catalog.pg_index i
       CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = ANY($1::oid[]) AND i.indisunique AND i.indisvalid
        AND i.indpred IS NULL AND i.indexprs IS NULL AND k.ord <= i.indnkeyatts
      GROUP BY i.indexrelid, i.indrelid, i.indisprimary
     HAVING bool_and(a.attnotnull) AND count(*) = count(k.attnum) AND min(k.attnum) > 0`,
      values: [oids],
    }),
    readForeignKeys(batch, oids),
    readColumnSequences(batch, client, oids),
  ]);
  const [, [columns, keys, foreignKeys, sequences]] = await Promise.all([batch.send(client), reads]);
  return tables.rows.map((table) => ({
    schema,
    name: table.name,
    columns: columns.rows.filter((column) => Number(column.relid) === Number(table.oid)).map(toColumn),
    keys: keys.rows
      .filter((key) => Number(key.relid) === Number(table.oid))
      .map((key): UniqueKey => ({ columns: key.columns, primary: key.primary }))
      .sort((a, b) => Number(b.primary) - Number(a.primary) || a.columns.length - b.columns.length),
    estimatedRows: Number(table.reltuples),
    foreignKeys: foreignKeys.get(Number(table.oid)) ?? [],
    sequences: sequences.get(Number(table.oid)) ?? [],
  }));
}

/** The compared tables of every schema of the database, by schema: one scan of pg_class for a whole fan-out. */
export async function readComparedTableNames(client: SideClient): Promise<Map<string, string[]>> {
  const result = await client.query<{ schema: string; names: string[] }>(
    `SELECT n.nspname AS schema, array_agg(c.relname::text ORDER BY c.relname) AS names
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE ${COMPARED_TABLES}
      GROUP BY n.nspname`,
  );
  return new Map(result.rows.map((row) => [row.schema, row.names]));
}

/**
 * A schema that does not exist is a mistake (a typo, a store whose migration never ran), not a schema whose
 * tables are all missing: it fails the run with one clear reason instead of one failure per table.
 */
async function assertSchemaExists(client: SideClient, schema: string): Promise<void> {
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

function toColumn(raw: RawColumn): Column {
  return Object.freeze({
    name: raw.name,
    type: raw.type,
    baseType: raw.base_type,
    category: raw.category,
    notNull: raw.not_null,
    collation: raw.collation,
  });
}
