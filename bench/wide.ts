// Issue 14's wide schema: 500 small tables in one run, against a floor that hashes every row of every table
// once per side, in one statement per side, both sides at once.
import { buildDatabaseOnce, withClients } from './db.js';
import type { FleetScenario } from './fleet.js';
import type { BenchServer } from './server.js';

const DATABASE = 'pgverify_bench_wide';
const TABLES = 500;
const ROWS = 200;
const tableName = (index: number) => `t_${String(index).padStart(3, '0')}`;

/** Builds the wide database once (later runs reuse it): the same 500 tables in two schemas. */
export async function ensureWide(server: BenchServer, log: (line: string) => void): Promise<void> {
  await buildDatabaseOnce(server, DATABASE, async (client) => {
    log(`creating ${DATABASE}: ${TABLES} tables of ${ROWS} rows in two schemas`);
    for (const schema of ['wide_source', 'wide_target']) {
      await client.query(`CREATE SCHEMA ${schema}`);
      for (let index = 1; index <= TABLES; index++) {
        const table = `${schema}.${tableName(index)}`;
        await client.query(
          `CREATE TABLE ${table} (id integer PRIMARY KEY, name text NOT NULL, amount numeric(12, 2), created_at timestamptz NOT NULL);
           INSERT INTO ${table} SELECT g, 'row ' || g, g * 1.5, timestamptz '2025-01-01 00:00:00+00' + g * interval '1 hour'
             FROM generate_series(1, ${ROWS}) AS g`,
        );
      }
    }
    await client.query('VACUUM ANALYZE');
  });
}

/** One run over the 500 tables, every check on, against the floor. */
export function wideSchema(server: BenchServer): FleetScenario {
  const url = server.url(DATABASE);
  const hashEveryRow = (schema: string) =>
    Array.from(
      { length: TABLES },
      (_, index) => `SELECT sum(hash_record_extended(t, 0)) FROM ${schema}.${tableName(index + 1)} AS t`,
    ).join(' UNION ALL ');
  return {
    title: `check (fast mode, every check), one schema of ${TABLES} tables of ${ROWS} rows`,
    config: { source: url, target: url, sourceSchema: 'wide_source', targetSchema: 'wide_target' },
    floor: () =>
      withClients([url, url], async (clients) => {
        const started = performance.now();
        await Promise.all([
          clients[0]!.query(hashEveryRow('wide_source')),
          clients[1]!.query(hashEveryRow('wide_target')),
        ]);
        return (performance.now() - started) / 1000;
      }),
    target: { ratio: 2 },
  };
}
