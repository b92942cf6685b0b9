import type pg from 'pg';
import { applyChanges, readExpectedChanges, type ExpectedChange } from './changes.js';
import { withClient, withClients } from './db.js';
import { generateEvents, heapBytesPerRow } from './generator.js';
import type { BenchServer } from './server.js';

/** The three databases of one size: a source, an identical target and a target with 10 changed rows. */
export interface Dataset {
  readonly rows: number;
  readonly sourceUrl: string;
  readonly targetUrl: string;
  readonly changedUrl: string;
  /** Where the nightly scenario records its runs (--history): kept between benchmark runs, as a cron's is. */
  readonly historyUrl: string;
  readonly heapBytesPerRow: number;
  readonly expectedChanges: readonly ExpectedChange[];
}

/** Changes whenever generator.ts changes what it builds, so that no older build is ever measured. */
const LAYOUT = 'v2';
const PREFIX = `pgverify_bench_${LAYOUT}_`;

/** Database names of one size; a name ending in `_loading` is a build that has not finished. */
export function datasetNames(rows: number) {
  return {
    source: `${PREFIX}source_${rows}`,
    target: `${PREFIX}target_${rows}`,
    changed: `${PREFIX}target_changed_${rows}`,
  };
}

const LOADING = '_loading';
const HISTORY = `${PREFIX}history`;

/**
 * Creates the databases of `rows` rows that are absent (all of them with `rebuild`) and returns them.
 * Each is built under a `_loading` name and renamed when complete, so an interrupted build is never reused.
 * The targets are copies of the source database (CREATE DATABASE ... TEMPLATE): identical rows, no second load.
 */
export async function ensureDataset(
  server: BenchServer,
  rows: number,
  options: { rebuild: boolean; log: (line: string) => void },
): Promise<Dataset> {
  const names = datasetNames(rows);
  await withClient(server.url('postgres'), async (admin) => {
    const existing = await existingDatabases(admin, Object.values(names));
    const version = Number(
      (await admin.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!.v,
    );
    const drop = async (name: string) => {
      await admin.query(
        `DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)}${version >= 130000 ? ' WITH (FORCE)' : ''}`,
      );
      existing.delete(name);
    };
    for (const name of Object.values(names)) await drop(name + LOADING);
    // Databases of an older layout would only fill the disk (each size is a few GB).
    for (const name of await staleDatabases(admin)) {
      options.log(`dropping ${name}: built by an older benchmark`);
      await drop(name);
    }
    // The targets are only valid as copies of the source they sit beside.
    if (options.rebuild || !existing.has(names.source)) for (const name of Object.values(names)) await drop(name);
    const copyOf = async (name: string) => {
      const strategy = version >= 150000 ? ' STRATEGY = FILE_COPY' : '';
      await admin.query(
        `CREATE DATABASE ${admin.escapeIdentifier(name + LOADING)} TEMPLATE ${admin.escapeIdentifier(names.source)}${strategy}`,
      );
    };
    const finish = (name: string) =>
      admin.query(`ALTER DATABASE ${admin.escapeIdentifier(name + LOADING)} RENAME TO ${admin.escapeIdentifier(name)}`);

    if (!existing.has(names.source)) {
      options.log(`creating ${names.source} (${rows} rows)`);
      const started = performance.now();
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(names.source + LOADING)}`);
      await withClient(server.url(names.source + LOADING), (client) => generateEvents(client, rows));
      await finish(names.source);
      options.log(`  loaded in ${seconds(started)} s`);
    }
    if (!existing.has(names.target)) {
      options.log(`creating ${names.target} as a copy of the source`);
      await copyOf(names.target);
      await finish(names.target);
    }
    if ((await existingDatabases(admin, [HISTORY])).size === 0)
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(HISTORY)}`);
    if (!existing.has(names.changed)) {
      options.log(`creating ${names.changed}: a copy with 10 scattered changed rows`);
      await copyOf(names.changed);
      await withClient(server.url(names.changed + LOADING), (client) => applyChanges(client, rows));
      await finish(names.changed);
    }
  });
  const sourceUrl = server.url(names.source);
  const changedUrl = server.url(names.changed);
  const facts = await withClients([sourceUrl, changedUrl], async ([source, changed]) => ({
    heapBytesPerRow: await heapBytesPerRow(source!),
    expectedChanges: await readExpectedChanges(source!, changed!, rows),
  }));
  return {
    rows,
    sourceUrl,
    targetUrl: server.url(names.target),
    changedUrl,
    historyUrl: server.url(HISTORY),
    ...facts,
  };
}

async function staleDatabases(admin: pg.Client): Promise<string[]> {
  const result = await admin.query<{ datname: string }>({
    // The fleet scenarios' databases (fleet-data.ts, fleet.ts, wide.ts) are not this dataset's: they stay.
    text: `SELECT datname FROM pg_database WHERE datname LIKE 'pgverify\\_bench\\_%' AND left(datname, length($1)) <> $1
             AND datname NOT LIKE 'pgverify\\_bench\\_fleet\\_%' AND datname NOT LIKE 'pgverify\\_bench\\_wide%'`,
    values: [PREFIX],
  });
  return result.rows.map((row) => row.datname);
}

async function existingDatabases(admin: pg.Client, names: readonly string[]): Promise<Set<string>> {
  const result = await admin.query<{ datname: string }>({
    text: 'SELECT datname FROM pg_database WHERE datname = ANY($1::text[])',
    values: [names],
  });
  return new Set(result.rows.map((row) => row.datname));
}

function seconds(started: number): string {
  return ((performance.now() - started) / 1000).toFixed(1);
}
