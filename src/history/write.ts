import type pg from 'pg';
import type { Summary } from '../summary.js';
import { runRow, tableRow } from './rows.js';

/** The columns of a table row as jsonb_to_recordset reads them (the shape tableRow gives). */
const TABLE_ROW_COLUMNS = `table_name text, status text, reason text, rows_source bigint, rows_target bigint,
  missing bigint, extra bigint, changed bigint, in_flight bigint, structure_failures integer, tenant_nulls bigint,
  tenant_unexpected bigint, orphans bigint, cross_tenant bigint, sequence_failures integer, duration_ms bigint`;

const TABLE_COLUMN_NAMES = TABLE_ROW_COLUMNS.split(',')
  .map((column) => column.trim().split(/\s+/)[0]!)
  .join(', ');

/**
 * Records one run and each of its tables in one transaction, so a reader never sees a run without its tables.
 * Values go as parameters; the tables as one JSON array, so a run of many tables is two statements.
 */
export async function insertRun(client: pg.Client, name: string, summary: Summary): Promise<string> {
  const run = runRow(name, summary);
  await client.query('BEGIN');
  try {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO pgverify.runs (name, started_at, finished_at, status, mode, source, target, source_schema,
         target_schema, reason, interrupted, pgverify_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id::text AS id`,
      [
        run.name,
        run.started_at,
        run.finished_at,
        run.status,
        run.mode,
        run.source,
        run.target,
        run.source_schema,
        run.target_schema,
        run.reason,
        run.interrupted,
        run.pgverify_version,
      ],
    );
    const id = rows[0]!.id;
    await client.query(
      `INSERT INTO pgverify.table_results (run_id, run_name, ${TABLE_COLUMN_NAMES})
       SELECT $1, $2, ${TABLE_COLUMN_NAMES} FROM jsonb_to_recordset($3::jsonb) AS t(${TABLE_ROW_COLUMNS})`,
      [id, name, JSON.stringify(summary.tables.map(tableRow))],
    );
    await client.query('COMMIT');
    return id;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
