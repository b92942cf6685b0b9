// The many-table scenarios of `npm run bench -- --fleet [--stores N]`, each timed as one `pgverify check --config`
// beside a floor measured just before each run (measureFleet). This file holds seed 003's structure fleet: every
// store schema built from one template, checked against it with `--structure-only` (issue 13's target: 89 stores
// of 15 tables in under 2 seconds); the floor is what the two databases need to describe those tables once.
// fleet-data.ts holds the data fleet and wide.ts the schema of 500 small tables.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildDatabaseOnce, withClients } from './db.js';
import { runProcess } from './measure.js';
import type { BenchServer } from './server.js';

const FIXTURE_SCHEMA = 'store_1751248005649';
const SOURCE_DB = 'pgverify_bench_fleet_template';
const targetDb = (stores: number) => `pgverify_bench_fleet_${stores}`;

/** One fleet measurement: the tool's seconds (best and median of the runs) and the floor's. */
export interface FleetResult {
  readonly title: string;
  readonly target: FleetScenario['target'];
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
    await buildDatabaseOnce(server, database, async (client) => {
      log(`creating ${database}: ${schemas.length} schema(s) of the store-move fixture`);
      for (const schema of schemas) await client.query(schemaSql(schema));
    });
  }
}

/** The structure fleet: `--structure-only`, every store schema against the template, beside its catalog floor. */
export function structureFleet(server: BenchServer, stores: number): FleetScenario {
  const storeSchemas = Array.from({ length: stores }, (_, index) => `store_${index + 1}`);
  return {
    title: `--structure-only, forEach over ${stores} store schemas of 15 tables against a template`,
    config: {
      source: server.url(SOURCE_DB),
      target: server.url(targetDb(stores)),
      sourceSchema: 'template',
      tenantColumn: 'store_id',
      structureOnly: true,
      runs: [{ name: 'stores', forEach: storesOf('target') }],
    },
    // Issue 13's target is for seed 003's 89 stores; other counts are measured to show how it scales.
    target: stores === 89 ? { seconds: 2 } : undefined,
    floor: () =>
      withClients([server.url(SOURCE_DB), server.url(targetDb(stores))], async (clients) => {
        const started = performance.now();
        await Promise.all([clients[0]!.query(FLOOR_SQL, [['template']]), clients[1]!.query(FLOOR_SQL, [storeSchemas])]);
        return (performance.now() - started) / 1000;
      }),
  };
}

/** A forEach over the store schemas `store_<n>` of the target: tenant n, target schema store_<n>. */
export function storesOf(on: 'source' | 'target') {
  return {
    query:
      "SELECT substr(nspname, 7) AS tenant, nspname AS target_schema FROM pg_catalog.pg_namespace WHERE nspname LIKE 'store\\_%' ORDER BY 1",
    on,
  };
}

/** A fleet run to time: its config and the floor measured beside it. */
export interface FleetScenario {
  readonly title: string;
  readonly config: object;
  /** Seconds the databases need for the floor's work, measured just before each run of the tool. */
  readonly floor: () => Promise<number>;
  /** The target for the best run: a ratio to the best floor, or seconds; undefined: only measured. */
  readonly target: { readonly ratio: number } | { readonly seconds: number } | undefined;
}

/** Times `pgverify check --config <scenario's config>` `runs` times, each beside a floor measured just before. */
export async function measureFleet(
  scenario: FleetScenario,
  runs: number,
  tool: { root: string; scratchDir: string },
  log: (line: string) => void,
): Promise<FleetResult> {
  const config = join(tool.scratchDir, 'fleet.json');
  // (Absent on a first run against PGVERIFY_BENCH_URL's server: no embedded server made it.)
  await mkdir(tool.scratchDir, { recursive: true });
  await writeFile(config, JSON.stringify(scenario.config));
  const toolSeconds: number[] = [];
  const floorSeconds: number[] = [];
  let status = '';
  const outDir = join(tool.scratchDir, 'fleet-out');
  for (let run = 1; run <= runs; run++) {
    const floor = await scenario.floor();
    floorSeconds.push(floor);
    await rm(outDir, { recursive: true, force: true });
    const result = await runProcess(
      process.execPath,
      [join(tool.root, 'bin', 'pgverify.js'), 'check', '--config', config, '--quiet', '--out', outDir],
      { cwd: tool.root, env: process.env },
    );
    toolSeconds.push(result.seconds);
    status = `exit ${result.exitCode}: ${result.stdout.trim()}`;
    log(`run ${run}/${runs}  floor: ${floor.toFixed(2)} s, pgverify: ${result.seconds.toFixed(2)} s (${status})`);
  }
  return {
    title: scenario.title,
    target: scenario.target,
    tool: { best: Math.min(...toolSeconds), median: median(toolSeconds), status },
    floor: { best: Math.min(...floorSeconds), median: median(floorSeconds) },
  };
}

/** Whether the best run meets the scenario's target, in words. */
export function fleetVerdict(fleet: FleetResult): string {
  if (fleet.target === undefined) return 'no target for this number of stores: measured';
  const met =
    'ratio' in fleet.target
      ? fleet.tool.best <= fleet.target.ratio * fleet.floor.best
      : fleet.tool.best <= fleet.target.seconds;
  const target = 'ratio' in fleet.target ? `${fleet.target.ratio}x` : `${fleet.target.seconds} s`;
  return `target ${target}: ${met ? 'PASS' : 'MISS'}`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
