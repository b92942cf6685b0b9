// `npm run bench -- --fleet [--stores N]`: seed 003's fleet, every store schema built from one template, checked
// against the template with `--structure-only` in one forEach run (issue 13's target: 89 stores of 15 tables in
// under 2 seconds), beside a floor: what the two databases need to describe those tables once.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withClient, withClients } from './db.js';
import { runProcess } from './measure.js';
import type { BenchServer } from './server.js';

const FIXTURE_SCHEMA = 'store_1751248005649';
const SOURCE_DB = 'pgverify_bench_fleet_template';
const targetDb = (stores: number) => `pgverify_bench_fleet_${stores}`;

/** One fleet measurement: the tool's seconds (best and median of the runs) and the floor's. */
export interface FleetResult {
  readonly stores: number;
  readonly tablesPerStore: number;
  readonly tool: { readonly best: number; readonly median: number; readonly status: string };
  readonly floor: { readonly best: number; readonly median: number };
}

/**
 * The floor: per side, in one query, every definition the structure comparison reads for the compared tables:
 * column types and defaults, constraints, indexes and triggers, on both databases at once.
 */
const FLOOR_SQL = `SELECT count(*), sum(length(d)) FROM (
  SELECT format_type(a.atttypid, a.atttypmod) || coalesce(pg_get_expr(ad.adbin, ad.adrelid), '') AS d
    FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
   WHERE n.nspname = ANY($1::text[]) AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL SELECT pg_get_constraintdef(co.oid) FROM pg_catalog.pg_constraint co JOIN pg_catalog.pg_namespace n ON n.oid = co.connamespace WHERE n.nspname = ANY($1::text[])
  UNION ALL SELECT pg_get_indexdef(i.indexrelid) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY($1::text[])
  UNION ALL SELECT pg_get_triggerdef(t.oid) FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY($1::text[]) AND NOT t.tgisinternal
) definitions`;

/** Builds the template database and a database of `stores` store schemas once; later runs reuse them. */
export async function ensureFleet(server: BenchServer, stores: number, log: (line: string) => void): Promise<void> {
  const storeSql = await readFile(new URL('../fixtures/store-move/target.sql', import.meta.url), 'utf8');
  const schemaSql = (schema: string) => storeSql.split(FIXTURE_SCHEMA).join(schema);
  for (const [database, schemas] of [
    [SOURCE_DB, ['template']],
    [targetDb(stores), Array.from({ length: stores }, (_, index) => `store_${index + 1}`)],
  ] as const) {
    const exists = await withClient(server.url('postgres'), async (client) => {
      const found = await client.query('SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1', [database]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      return found.rowCount !== 0;
    });
    if (exists) continue;
    log(`creating ${database}: ${schemas.length} schema(s) of the store-move fixture`);
    await withClient(server.url(database), async (client) => {
      for (const schema of schemas) await client.query(schemaSql(schema));
    });
  }
}

/** Times `pgverify check --config fleet.json` (structure only, every store against the template) beside the floor. */
export async function measureFleet(
  server: BenchServer,
  stores: number,
  runs: number,
  tool: { root: string; scratchDir: string },
  log: (line: string) => void,
): Promise<FleetResult> {
  const storeSchemas = Array.from({ length: stores }, (_, index) => `store_${index + 1}`);
  const config = join(tool.scratchDir, 'fleet.json');
  await writeFile(
    config,
    JSON.stringify({
      source: server.url(SOURCE_DB),
      target: server.url(targetDb(stores)),
      sourceSchema: 'template',
      tenantColumn: 'store_id',
      structureOnly: true,
      jobs: 4,
      runs: [
        {
          name: 'stores',
          forEach: {
            query:
              "SELECT nspname AS tenant, nspname AS target_schema FROM pg_catalog.pg_namespace WHERE nspname LIKE 'store\\_%' ORDER BY 1",
            on: 'target',
          },
        },
      ],
    }),
  );
  const toolSeconds: number[] = [];
  const floorSeconds: number[] = [];
  let status = '';
  const outDir = join(tool.scratchDir, 'fleet-out');
  for (let run = 1; run <= runs; run++) {
    const floor = await withClients([server.url(SOURCE_DB), server.url(targetDb(stores))], async (clients) => {
      const started = performance.now();
      await Promise.all([clients[0]!.query(FLOOR_SQL, [['template']]), clients[1]!.query(FLOOR_SQL, [storeSchemas])]);
      return (performance.now() - started) / 1000;
    });
    floorSeconds.push(floor);
    await rm(outDir, { recursive: true, force: true });
    const result = await runProcess(
      process.execPath,
      [join(tool.root, 'bin', 'pgverify.js'), 'check', '--config', config, '--quiet', '--out', outDir],
      {
        cwd: tool.root,
        env: process.env,
      },
    );
    toolSeconds.push(result.seconds);
    status = `exit ${result.exitCode}: ${result.stdout.trim()}`;
    log(
      `run ${run}/${runs}  fleet floor: ${floor.toFixed(2)} s, --structure-only over ${stores} stores: ${result.seconds.toFixed(2)} s (${status})`,
    );
  }
  return {
    stores,
    tablesPerStore: 15,
    tool: { best: Math.min(...toolSeconds), median: median(toolSeconds), status },
    floor: { best: Math.min(...floorSeconds), median: median(floorSeconds) },
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
