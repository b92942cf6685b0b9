import type pg from 'pg';
import { PgVerifyError } from '../errors.js';

/**
 * The history schema's migrations, oldest first: migration i brings the schema to version i + 1. Each runs
 * once, in the transaction that records it in pgverify.schema_version. Append, never edit: a database
 * written by an earlier pgverify is migrated from where it stands.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE pgverify.runs (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     name text NOT NULL,
     started_at timestamptz NOT NULL,
     finished_at timestamptz NOT NULL,
     status text NOT NULL CHECK (status IN ('pass', 'fail', 'error')),
     mode text NOT NULL,
     source text NOT NULL,
     target text NOT NULL,
     source_schema text NOT NULL,
     target_schema text NOT NULL,
     reason text,
     interrupted boolean NOT NULL DEFAULT false,
     pgverify_version text NOT NULL
   );
   CREATE INDEX runs_name_started_at ON pgverify.runs (name, started_at);
   CREATE INDEX runs_started_at ON pgverify.runs (started_at);
   CREATE TABLE pgverify.table_results (
     run_id bigint NOT NULL REFERENCES pgverify.runs (id) ON DELETE CASCADE,
     run_name text NOT NULL,
     table_name text NOT NULL,
     status text NOT NULL CHECK (status IN ('pass', 'fail', 'error')),
     reason text,
     rows_source bigint,
     rows_target bigint,
     missing bigint NOT NULL,
     extra bigint NOT NULL,
     changed bigint NOT NULL,
     in_flight bigint,
     structure_failures integer,
     tenant_nulls bigint,
     tenant_unexpected bigint,
     orphans bigint,
     cross_tenant bigint,
     sequence_failures integer NOT NULL,
     duration_ms bigint NOT NULL
   );
   CREATE INDEX table_results_run_id ON pgverify.table_results (run_id);
   CREATE INDEX table_results_run_name_table_name ON pgverify.table_results (run_name, table_name);`,
];

/** The version of the history schema this pgverify writes. */
export const HISTORY_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * An advisory lock key of pgverify's own ('pgvh' in ASCII): two runs starting at once take turns, so the
 * second finds the schema the first created instead of failing on it.
 */
const MIGRATION_LOCK = 0x70677668;

/**
 * Creates the schema pgverify, or migrates it to HISTORY_SCHEMA_VERSION, in one transaction under the
 * advisory lock. Idempotent: an up-to-date schema costs one lock and one read. A schema newer than this
 * pgverify knows is refused rather than written in a shape it may no longer have.
 */
export async function migrateHistorySchema(client: pg.Client): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE SCHEMA IF NOT EXISTS pgverify');
    await client.query(
      'CREATE TABLE IF NOT EXISTS pgverify.schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ version: number }>(
      'SELECT coalesce(max(version), 0)::int AS version FROM pgverify.schema_version',
    );
    const current = rows[0]!.version;
    if (current > HISTORY_SCHEMA_VERSION)
      throw new PgVerifyError(
        `the history schema is at version ${current}, newer than this pgverify's ${HISTORY_SCHEMA_VERSION}: upgrade pgverify`,
      );
    for (let version = current + 1; version <= HISTORY_SCHEMA_VERSION; version++) {
      await client.query(MIGRATIONS[version - 1]!);
      await client.query('INSERT INTO pgverify.schema_version (version) VALUES ($1)', [version]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The version of an existing history schema, 0 when there is none: reading never creates it. */
export async function historySchemaVersion(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ version: number | null }>(
    "SELECT CASE WHEN to_regclass('pgverify.schema_version') IS NULL THEN 0 END AS version",
  );
  if (rows[0]!.version === 0) return 0;
  const found = await client.query<{ version: number }>(
    'SELECT coalesce(max(version), 0)::int AS version FROM pgverify.schema_version',
  );
  return found.rows[0]!.version;
}
