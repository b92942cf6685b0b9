import type { Queryable } from '../connect/query-batch.js';
import type { SideClient } from '../connect/session.js';
import { readForeignKeys } from './foreign-keys.js';
import { groupByRelation, type Relation } from './relations.js';
import { readColumnSequences } from './sequences.js';
import type { Column, Table, UniqueKey } from './types.js';

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

/**
 * Reads `tables` (of any number of schemas; materialized views too) with their columns, keys, foreign keys and
 * the sequences feeding them: one query per concept, whatever the number of tables, sent through `batch` (the
 * caller sends it with the other catalog reads in one round trip); the sequences' states, when asked, need a
 * second, through `client`.
 */
export async function readTables(
  batch: Queryable,
  client: SideClient,
  tables: readonly Relation[],
  sequenceStates: boolean,
): Promise<Map<number, Table>> {
  const oids = tables.map((table) => table.oid);
  const [columns, keys, foreignKeys, sequences] = await Promise.all([
    batch.query<RawColumn>({
      text: `SELECT a.attrelid::int8 AS relid, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            b.typname AS base_type, b.typcategory AS category, ${neverNull('a')} AS not_null,
            CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN co.collname END AS collation
       FROM pg_catalog.pg_attribute a
       JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
       JOIN pg_catalog.pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
       LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
      WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`,
      values: [oids],
    }),
    // Each index's columns are looked up through pg_attribute's index (a join would scan pg_attribute whole).
    batch.query<RawKey>({
      text: `SELECT i.indrelid::int8 AS relid, i.indisprimary AS primary, k.columns
       FROM pg_catalog.pg_index i
       CROSS JOIN LATERAL (
         SELECT array_agg(a.attname::text ORDER BY k.ord) AS columns, bool_and(${neverNull('a')}) AS not_null,
                count(a.attnum) = count(*) AS all_found
           FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
           LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
          WHERE k.ord <= i.indnkeyatts OFFSET 0) AS k
      WHERE i.indrelid = ANY($1::oid[]) AND i.indisunique AND i.indisvalid
        AND i.indpred IS NULL AND i.indexprs IS NULL AND k.not_null AND k.all_found`,
      values: [oids],
    }),
    readForeignKeys(batch, oids),
    readColumnSequences(batch, client, oids, sequenceStates),
  ]);
  const columnsOf = groupByRelation(columns.rows, toColumn);
  const keysOf = groupByRelation(keys.rows, (key): UniqueKey => ({ columns: key.columns, primary: key.primary }));
  const read = new Map<number, Table>();
  for (const table of tables) {
    read.set(table.oid, {
      ...(table.kind === 'matview' ? { materialized: true as const } : {}),
      schema: table.schema,
      name: table.name,
      columns: columnsOf.get(table.oid) ?? [],
      keys: [...(keysOf.get(table.oid) ?? [])].sort(
        (a, b) => Number(b.primary) - Number(a.primary) || a.columns.length - b.columns.length,
      ),
      estimatedRows: table.estimatedRows,
      foreignKeys: foreignKeys.get(table.oid) ?? [],
      sequences: sequences.get(table.oid) ?? [],
    });
  }
  return read;
}

/**
 * Whether a column of pg_attribute `a` can hold no NULL: a NOT NULL constraint that is valid. PostgreSQL 18
 * adds NOT NULL ... NOT VALID, which sets attnotnull while old rows may still be NULL; before 18 no not-null
 * constraint is in pg_constraint and this is attnotnull.
 */
function neverNull(a: string): string {
  return `(${a}.attnotnull AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint n WHERE n.conrelid = ${a}.attrelid AND n.contype = 'n' AND NOT n.convalidated AND n.conkey = ARRAY[${a}.attnum]))`;
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
