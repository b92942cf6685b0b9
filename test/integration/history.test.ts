import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHistory, UsageError, type RunsSummary, type Summary } from '../../src/index.js';
import { assertHistoryServerElsewhere, databaseIdentity } from '../../src/history/distinct.js';
import { HistoryRecorder } from '../../src/history/recorder.js';
import { launchChromium, skipWithoutChromium } from '../support/chromium.js';
import { checkArgs, runCli, type CliRun } from '../support/cli.js';
import { createDatabasePair, queryRows, runSql, type DatabasePair } from '../support/databases.js';
import { edgeMajors } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// Two stores share the source's public schema; the migration moved each into its own schema store_<n>.
const SOURCE = `
  CREATE TABLE customers (id int PRIMARY KEY, store_id int NOT NULL, name text);
  CREATE TABLE orders (id int PRIMARY KEY, store_id int NOT NULL, customer_id int REFERENCES customers (id), total numeric(10,2));
  INSERT INTO customers SELECT g, 1 + g % 2, 'customer ' || g FROM generate_series(1, 40) g;
  INSERT INTO orders SELECT g, 1 + (g % 40) % 2, g % 40 + (CASE WHEN g % 40 = 0 THEN 40 ELSE 0 END), g * 2.5 FROM generate_series(1, 120) g;
  CREATE SCHEMA ops;
  CREATE TABLE ops.stores (id int PRIMARY KEY, schema_name text NOT NULL);
  INSERT INTO ops.stores VALUES (1, 'store_1'), (2, 'store_2');`;

function storeSchema(store: number): string {
  return `
    CREATE SCHEMA store_${store};
    CREATE TABLE store_${store}.customers (id int PRIMARY KEY, store_id int NOT NULL, name text);
    CREATE TABLE store_${store}.orders (id int PRIMARY KEY, store_id int NOT NULL,
      customer_id int REFERENCES store_${store}.customers (id), total numeric(10,2));
    INSERT INTO store_${store}.customers SELECT g, 1 + g % 2, 'customer ' || g FROM generate_series(1, 40) g WHERE 1 + g % 2 = ${store};
    INSERT INTO store_${store}.orders
      SELECT g, 1 + (g % 40) % 2, g % 40 + (CASE WHEN g % 40 = 0 THEN 40 ELSE 0 END), g * 2.5 FROM generate_series(1, 120) g
       WHERE 1 + (g % 40) % 2 = ${store};`;
}

/** The night store 2 goes wrong: one customer's name changed on the target. */
const BREAK_STORE_2 = `UPDATE store_2.customers SET name = 'renamed' WHERE id = 1`;
const MEND_STORE_2 = `UPDATE store_2.customers SET name = 'customer 1' WHERE id = 1`;

const files = useTestPair('history', (pair) =>
  Promise.all([runSql(pair.sourceUrl, SOURCE), runSql(pair.targetUrl, storeSchema(1) + storeSchema(2))]),
);

/** The nightly config: a forEach over the stores; `history` added by each test. */
function nightlyConfig(extra: Record<string, unknown> = {}) {
  return {
    source: files.pair.sourceUrl,
    target: files.pair.targetUrl,
    tenantColumn: 'store_id',
    runs: [
      {
        name: 'stores',
        forEach: { query: 'SELECT id AS tenant, schema_name AS target_schema FROM ops.stores ORDER BY id' },
      },
    ],
    ...extra,
  };
}

async function writeConfig(name: string, config: object): Promise<string> {
  const path = join(files.output.path, `${name}.json`);
  await writeFile(path, JSON.stringify(config, null, 2));
  return path;
}

const historyMajors = edgeMajors();

describe('what a history does not record', () => {
  it("a tenant the forEach query returns twice: the duplicate's error is the run's, not the tenant's", async () => {
    const historyDb = await createDatabasePair('history_duplicate');
    try {
      const config = await writeConfig(
        'duplicate-tenant',
        nightlyConfig({
          history: historyDb.sourceUrl,
          runs: [
            {
              name: 'stores',
              forEach: {
                query:
                  'SELECT id AS tenant, schema_name AS target_schema FROM ops.stores UNION ALL SELECT id, schema_name FROM ops.stores WHERE id = 1 ORDER BY 1',
              },
            },
          ],
        }),
      );
      const run = await runCli(['check', '--config', config, '--out', files.output.dir('duplicate-tenant'), '--quiet']);
      expect(run.code).toBe(3);
      expect(
        await queryRows(historyDb.sourceUrl, 'SELECT name, status FROM pgverify.runs ORDER BY name, status'),
      ).toEqual([
        { name: 'stores:1', status: 'pass' },
        { name: 'stores:2', status: 'pass' },
      ]);
    } finally {
      await historyDb.drop();
    }
  });
});

describe.each(historyMajors)('two nights recorded in a history database on PostgreSQL %s', (major) => {
  let historyDb: DatabasePair;
  let historyUrl: string;
  const nights: CliRun[] = [];
  let outDirs: string[];

  beforeAll(async () => {
    historyDb = await createDatabasePair(`history_db_${major}`, { source: major, target: major });
    historyUrl = historyDb.sourceUrl;
    const config = await writeConfig(`nightly-${major}`, nightlyConfig({ history: historyUrl }));
    outDirs = [files.output.dir(`night-1-${major}`), files.output.dir(`night-2-${major}`)];
    nights.push(await runCli(['check', '--config', config, '--out', outDirs[0]!, '--quiet']));
    await runSql(files.pair.targetUrl, BREAK_STORE_2);
    // The config's key, then the flag: both paths lead to the same history.
    nights.push(await runCli(['check', '--config', config, '--out', outDirs[1]!, '--quiet', '--history', historyUrl]));
  });

  afterAll(async () => {
    await runSql(files.pair.targetUrl, MEND_STORE_2);
    await historyDb?.drop();
  });

  it('exits with what the comparison found, and warns of nothing', () => {
    expect(nights.map((night) => night.code)).toEqual([0, 1]);
    expect(nights.map((night) => night.stderr)).toEqual(['', '']);
  });

  it('reads both nights back from pgverify.runs and pgverify.table_results, without passwords', async () => {
    const runs = await queryRows<{ name: string; status: string; mode: string; source: string; target: string }>(
      historyUrl,
      // The stores of a night run two at a time and are recorded as they finish: order by name, then night.
      'SELECT name, status, mode, source, target, pgverify_version FROM pgverify.runs ORDER BY name, id',
    );
    expect(runs.map((run) => [run.name, run.status, run.mode])).toEqual([
      ['stores:1', 'pass', 'fast'],
      ['stores:1', 'pass', 'fast'],
      ['stores:2', 'pass', 'fast'],
      ['stores:2', 'fail', 'fast'],
    ]);
    const password = new URL(files.pair.sourceUrl).password;
    expect(runs[0]!.source).toBe(files.pair.sourceUrl.replace(`:${password}@`, '@'));
    expect(JSON.stringify(runs)).not.toContain(`:${password}@`);
    const tables = await queryRows<Record<string, string | null>>(
      historyUrl,
      `SELECT t.run_name, t.table_name, t.status, t.rows_source, t.rows_target, t.missing, t.extra, t.changed,
              t.orphans, t.sequence_failures, t.in_flight
         FROM pgverify.table_results t JOIN pgverify.runs r ON r.id = t.run_id ORDER BY t.run_name, r.id, t.table_name`,
    );
    expect(tables).toHaveLength(8);
    expect(tables.at(-2)).toEqual({
      run_name: 'stores:2',
      table_name: 'customers',
      status: 'fail',
      rows_source: '20',
      rows_target: '20',
      missing: '0',
      extra: '0',
      changed: '1',
      // customers declares no foreign key: no orphan was counted, which is not 0 found.
      orphans: null,
      sequence_failures: 0,
      in_flight: null,
    });
    expect(await queryRows(historyUrl, 'SELECT version FROM pgverify.schema_version')).toEqual([{ version: 1 }]);
  });

  it('shows the status change in `pgverify history`, in the terminal', async () => {
    const run = await runCli(['history', '--history', historyUrl, '--since', '1d']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n');
    expect(lines.find((line) => line.startsWith('stores:1'))).toMatch(/^stores:1\s+✓✓\s+PASS$/);
    expect(lines.find((line) => line.startsWith('stores:2'))).toMatch(
      /^stores:2\s+✓✗\s+FAIL for 1 run since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, last passed \d{4}-/,
    );
    const customers = lines.filter((line) => line.startsWith('  customers'));
    expect(customers.at(-1)).toMatch(/✓✗\s+FAIL for 1 run since .*; changed 0 → 1 \(\+1\)$/);
    // Tables that passed every night with nothing counted are counted, not listed.
    const store = (name: string) => lines.slice(lines.findIndex((line) => line.startsWith(name)) + 1);
    expect(store('stores:1')[0]).toBe('  2 tables: passed every run, nothing counted');
    expect(store('stores:2').slice(0, 2)).toEqual([
      expect.stringMatching(/^ {2}customers\s+✓✗\s+FAIL/),
      '  and 1 more table: passed every run, nothing counted',
    ]);
  });

  it('shows the same as JSON, one run with --run', async () => {
    const run = await runCli(['history', '--history', historyUrl, '--run', 'stores:2', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.runs.map((entry: { run: string }) => entry.run)).toEqual(['stores:2']);
    const [store] = report.runs;
    expect(store).toMatchObject({ statuses: ['pass', 'fail'], strip: '✓✗', lastStatus: 'fail', failingNights: 1 });
    expect(store.lastPassed).toBe(store.nights[0]);
    expect(store.failingSince).toBe(store.nights[1]);
    const customers = store.tables.find((table: { table: string }) => table.table === 'customers');
    expect(customers.trends).toEqual([{ count: 'changed', first: 0, last: 1, change: 1, values: [0, 1] }]);
    expect(store.tables.find((table: { table: string }) => table.table === 'orders')).toMatchObject({
      strip: '✓✓',
      trends: [],
    });
    // The library gives the same.
    expect(await readHistory({ history: historyUrl, run: 'stores:2' })).toEqual({
      ...report,
      since: expect.any(String),
    });
  });

  it("writes each run's recent history into its report.html and the changes into the roll-up", async () => {
    const store = await readFile(join(outDirs[1]!, 'stores_2', 'report.html'), 'utf8');
    expect(store).toContain('<th scope="col">last 2 runs</th>');
    expect(store).toMatch(/aria-label="last 2 runs of customers: pass, fail"/);
    const rollup = await readFile(join(outDirs[1]!, 'report.html'), 'utf8');
    expect(rollup).toContain('<h2>Changed since the previous run</h2>');
    expect(rollup).toMatch(
      /<li>stores:2: <span class="status pass">pass<\/span> → <span class="status fail">fail<\/span>/,
    );
    const first = JSON.parse(await readFile(join(outDirs[0]!, 'summary.json'), 'utf8')) as RunsSummary;
    expect(first.runs.map((run) => run.historyError)).toEqual([undefined, undefined]);
  });
});

describe('a history database that is one of the compared ones', () => {
  it('is refused with exit 2 when it is the source, as typed', async () => {
    const run = await runCli([...checkArgs(files.pair), '--history', files.pair.sourceUrl]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(
      /^pgverify: --history names the source database \(127\.0\.0\.1:\d+\/\w+\)/,
    );
    expect(run.stdout).toBe('');
  });

  it('is refused with exit 2 when a config file names the target in another form', async () => {
    const target = new URL(files.pair.targetUrl);
    const keywords = `host=${target.hostname} port=${target.port} dbname=${target.pathname.slice(1)} user=${target.username} password=${target.password}`;
    const config = await writeConfig('refused', nightlyConfig({ history: keywords }));
    const run = await runCli(['check', '--config', config, '--out', files.output.dir('refused')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^pgverify: --history names the target database/);
    expect(run.stderr).not.toContain(`password=${target.password}`);
  });

  it("is refused by the server's identity when the address does not tell", async () => {
    const client = new pg.Client({ connectionString: files.pair.targetUrl });
    await client.connect();
    const identity = await databaseIdentity(async (text) => (await client.query(text)).rows).finally(() =>
      client.end(),
    );
    expect(identity.system).toMatch(/^\d+$/);
    const compared = [
      { side: 'source' as const, url: files.pair.sourceUrl },
      { side: 'target' as const, url: files.pair.targetUrl },
    ];
    const limits = { lockTimeout: 5, statementTimeout: 0 };
    await expect(assertHistoryServerElsewhere(identity, compared, limits)).rejects.toThrow(UsageError);
    await expect(assertHistoryServerElsewhere(identity, compared, limits)).rejects.toThrow(
      /--history names the target database \(database \w+ of the same server\)/,
    );
    await expect(assertHistoryServerElsewhere({ ...identity, oid: '1' }, compared, limits)).resolves.toBeUndefined();
  });
});

describe('a history database that cannot be reached', () => {
  it('leaves the verdict and the exit code as the comparison found them, with a one-line warning', async () => {
    await runSql(files.pair.targetUrl, BREAK_STORE_2);
    const out = files.output.dir('unreachable');
    const run = await runCli([
      ...checkArgs(files.pair),
      '--target-schema',
      'store_2',
      '--source-where',
      'store_id = 2',
      '--out',
      out,
      '--history',
      'postgresql://nightly:s3cret-pw@127.0.0.1:1/history?connect_timeout=5',
    ]).finally(() => runSql(files.pair.targetUrl, MEND_STORE_2));
    expect(run.code).toBe(1);
    const warnings = run.stderr.split('\n').filter((line) => line.includes('warning'));
    expect(warnings).toEqual([
      expect.stringMatching(
        /^pgverify: warning: not recorded: history: cannot connect: no server accepts connections at 127\.0\.0\.1:1 \(connection refused\)$/,
      ),
    ]);
    expect(run.stderr).not.toContain('s3cret-pw');
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ status: 'fail', historyError: expect.stringMatching(/^history: cannot connect/) });
  });
});

describe('two runs recording at once into a new history database', () => {
  let historyDb: DatabasePair;
  beforeAll(async () => {
    historyDb = await createDatabasePair('history_race');
  });
  afterAll(async () => {
    await historyDb?.drop();
  });

  it('create the schema once and both get written', async () => {
    const summary = JSON.parse(
      await readFile(join(files.output.dir('unreachable'), 'summary.json'), 'utf8'),
    ) as Summary;
    const recorders = [new HistoryRecorder(historyDb.sourceUrl), new HistoryRecorder(historyDb.sourceUrl)];
    const outcomes = await Promise.all(recorders.map((recorder, index) => recorder.record(`race ${index}`, summary)));
    await Promise.all(recorders.map((recorder) => recorder.close()));
    expect(outcomes.map((outcome) => ('history' in outcome ? outcome.history.runs.length : outcome.error))).toEqual([
      1, 1,
    ]);
    expect(await queryRows(historyDb.sourceUrl, 'SELECT count(*)::int AS n FROM pgverify.schema_version')).toEqual([
      { n: 1 },
    ]);
  });
});

const WITHOUT_CHROMIUM = skipWithoutChromium() !== undefined;

describe.skipIf(WITHOUT_CHROMIUM)('the history in report.html, in Chromium', () => {
  let historyDb: DatabasePair;
  let out: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    historyDb = await createDatabasePair('history_html');
    const config = await writeConfig('html', nightlyConfig({ history: historyDb.sourceUrl }));
    await runCli(['check', '--config', config, '--out', files.output.dir('html-1'), '--quiet']);
    await runSql(files.pair.targetUrl, BREAK_STORE_2);
    out = files.output.dir('html-2');
    await runCli(['check', '--config', config, '--out', out, '--quiet']).finally(() =>
      runSql(files.pair.targetUrl, MEND_STORE_2),
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await historyDb?.drop();
  });

  it("charts each table's runs: a pass bar then a taller fail bar for the changed table", async () => {
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(join(out, 'stores_2', 'report.html')).href);
    const row = page.locator('table.overview tbody tr', { hasText: 'customers' });
    const bars = row.locator('svg.history-chart rect');
    expect(await bars.evaluateAll((rects) => rects.map((rect) => rect.getAttribute('class')))).toEqual([
      'pass',
      'fail',
    ]);
    const heights = await bars.evaluateAll((rects) => rects.map((rect) => rect.getBoundingClientRect().height));
    expect(heights[1]).toBeGreaterThan(heights[0]!);
    const colours = await bars.evaluateAll((rects) => rects.map((rect) => getComputedStyle(rect).fill));
    expect(colours).toEqual(['rgb(26, 127, 55)', 'rgb(207, 34, 46)']);
    await page.close();
  });

  it('marks in the fleet matrix the store and table whose status changed since the night before', async () => {
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(join(out, 'report.html')).href);
    expect(await page.locator('h2', { hasText: 'Changed since the previous run' }).count()).toBe(1);
    expect(await page.locator('ul.changes li').innerText()).toMatch(
      /^stores:2: pass → fail customers \(pass → fail\)$/,
    );
    const flipped = page.locator('table.fleet td.flipped');
    expect(await flipped.count()).toBe(1);
    expect(await flipped.getAttribute('title')).toBe('stores:2 · customers: fail, was pass the run before');
    expect(await page.locator('table.fleet tbody tr').count()).toBe(2);
    await page.close();
  });
});

describe('a plain check, without a config file, recorded in a history database', () => {
  let historyDb: DatabasePair;
  beforeAll(async () => {
    historyDb = await createDatabasePair('history_plain');
  });
  afterAll(async () => {
    await historyDb?.drop();
  });

  it('is named after its databases and schemas, and its report.html charts its one run', async () => {
    const out = files.output.dir('plain');
    const args = [...checkArgs(files.pair), '--target-schema', 'store_1', '--source-where', 'store_id = 1'];
    const run = await runCli([...args, '--out', out, '--quiet', '--history', historyDb.sourceUrl]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const database = (url: string) => new URL(url).pathname.slice(1);
    const name = `${database(files.pair.sourceUrl)}.public -> ${database(files.pair.targetUrl)}.store_1`;
    expect(await queryRows(historyDb.sourceUrl, 'SELECT name, status FROM pgverify.runs')).toEqual([
      { name, status: 'pass' },
    ]);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/aria-label="last 1 run of customers: pass"/);
  });

  it('`pgverify history` says so when the database holds no pgverify history at all', async () => {
    const run = await runCli(['history', '--history', files.pair.targetUrl]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/; this database holds no pgverify history \(no schema pgverify\)/);
  });

  it('`pgverify history` refuses a --since it cannot read with exit 2, before connecting', async () => {
    const run = await runCli(['history', '--history', historyDb.sourceUrl, '--since', 'last tuesday']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      'pgverify: --since must be an age such as 30d, 12h or 8w, or a date such as 2026-11-01, not "last tuesday"',
    );
  });
});
