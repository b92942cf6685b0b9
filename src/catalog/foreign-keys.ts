import type { Queryable } from '../connect/query-batch.js';
import { groupByRelation } from './relations.js';
import type { ForeignKey } from './types.js';

interface RawForeignKey {
  relid: string;
  name: string;
  columns: string[];
  referenced_schema: string;
  referenced_table: string;
  referenced_columns: string[];
}

/**
 * Reads the foreign keys declared on the given tables in one query, grouped by table oid.
 * `conparentid = 0` leaves out the copies PostgreSQL makes per partition of a referenced partitioned table.
 */
export async function readForeignKeys(client: Queryable, oids: readonly number[]): Promise<Map<number, ForeignKey[]>> {
  const result = await client.query<RawForeignKey>({
    text: `SELECT con.conrelid::int8 AS relid, con.conname AS name,
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
            rn.nspname AS referenced_schema, rc.relname AS referenced_table,
            ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS referenced_columns
       FROM pg_catalog.pg_constraint con
       JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
       JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE con.contype = 'f' AND con.conrelid = ANY($1::oid[]) AND con.conparentid = 0
      ORDER BY con.conrelid, con.conname`,
    values: [oids],
  });
  return groupByRelation(result.rows, toForeignKey);
}

function toForeignKey(raw: RawForeignKey): ForeignKey {
  return Object.freeze({
    name: raw.name,
    columns: Object.freeze([...raw.columns]),
    referencedSchema: raw.referenced_schema,
    referencedTable: raw.referenced_table,
    referencedColumns: Object.freeze([...raw.referenced_columns]),
  });
}
