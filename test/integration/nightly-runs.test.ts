import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isRunsSummary, loadConfig, optionsFromConfig, verify } from '../../src/index.js';
import type { RunsSummary } from '../../src/summary.js';
import { checkArgs, runCli } from '../support/cli.js';
import { runSql } from '../support/databases.js';
import { changed, readReport } from '../support/report.js';
import { useTestPair } from '../support/test-pair.js';

// Seed 003 in small: stores 1, 2 and 3 share the public schema (every table has store_id); the migration
// moves each into its own schema store_<n>, keeping store_id. A registry outside the compared schema lists
// the stores and their schemas. A shared currencies table stays in public on both sides.
const SOURCE = `
  CREATE TABLE currencies (code text PRIMARY KEY, name text NOT NULL);
  INSERT INTO currencies VALUES ('CLP', 'Chilean peso'), ('USD', 'US dollar');
  CREATE TABLE customers (id int PRIMARY KEY, store_id int NOT NULL, name text, email text);
  CREATE TABLE orders (id int PRIMARY KEY, store_id int NOT NULL, customer_id int REFERENCES customers (id), total numeric(10,2));
  INSERT INTO customers SELECT g, 1 + g % 3, 'customer ' || g, 'c' || g || '@example.com' FROM generate_series(1, 60) g;
  INSERT INTO orders SELECT g, 1 + (g % 60) % 3, g % 60 + (CASE WHEN g % 60 = 0 THEN 60 ELSE 0 END), g * 2.5 FROM generate_series(1, 300) g;
  CREATE SCHEMA ops;
  CREATE TABLE ops.stores (id int PRIMARY KEY, schema_name text NOT NULL);
  INSERT INTO ops.stores VALUES (1, 'store_1'), (2, 'store_2'), (3, 'store_3');`;

/** The target schema of one store, with its rows, built from the same generator as the source. */
function storeSchema(store: number): string {
  return `
    CREATE SCHEMA store_${store};
    CREATE TABLE store_${store}.customers (id int PRIMARY KEY, store_id int NOT NULL, name text, email text);
    CREATE TABLE store_${store}.orders (id int PRIMARY KEY, store_id int NOT NULL,
      customer_id int REFERENCES store_${store}.customers (id), total numeric(10,2));
    INSERT INTO store_${store}.customers
      SELECT g, 1 + g % 3, 'customer ' || g, 'c' || g || '@example.com' FROM generate_series(1, 60) g WHERE 1 + g % 3 = ${store};
    INSERT INTO store_${store}.orders
      SELECT g, 1 + (g % 60) % 3, g % 60 + (CASE WHEN g % 60 = 0 THEN 60 ELSE 0 END), g * 2.5 FROM generate_series(1, 300) g
       WHERE 1 + (g % 60) % 3 = ${store};`;
}

// Store 3's migration never ran: its schema is missing. Store 2 has one defect.
const TARGET = `
  CREATE TABLE currencies (code text PRIMARY KEY, name text NOT NULL);
  INSERT INTO currencies VALUES ('CLP', 'Chilean peso'), ('USD', 'US dollar');
  ${storeSchema(1)}
  ${storeSchema(2)}
  UPDATE store_2.customers SET email = 'wrong@example.com' WHERE id = 4;`;

let configPath: string;
let env: Record<string, string>;

/** The nightly.json of the README's cron example, run here as a user would run it. */
async function readmeNightlyConfig(): Promise<{ runs: Array<Record<string, unknown>> } & Record<string, unknown>> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Every store, every night, with cron'));
  const block = /```json\n([\s\S]*?)\n```/.exec(section);
  if (block === null) throw new Error('README has no nightly.json example under "Every store, every night, with cron"');
  return JSON.parse(block[1]!);
}

const NIGHTLY = await readmeNightlyConfig();

const files = useTestPair('nightly', (pair) =>
  Promise.all([runSql(pair.sourceUrl, SOURCE), runSql(pair.targetUrl, TARGET)]),
);

beforeAll(async () => {
  configPath = join(files.output.path, 'nightly.json');
  await writeFile(configPath, JSON.stringify(NIGHTLY, null, 2));
  env = { OLD_DB_URL: files.pair.sourceUrl, NEW_DB_URL: files.pair.targetUrl };
});

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

describe("the README's nightly config: a plain run and a forEach over three stores", () => {
  it("runs every store even when one fails and one errors, writes every run's files and exits with the worst code", async () => {
    const out = files.output.dir('nightly');
    const run = await runCli(['check', '--config', configPath, '--out', out], env);
    expect(run.code).toBe(3);

    const rollup = await readJson<RunsSummary>(join(out, 'summary.json'));
    expect(rollup.status).toBe('error');
    expect(rollup.runs.map((entry) => [entry.name, entry.dir, entry.status, entry.targetSchema])).toEqual([
      ['catalog', 'catalog', 'pass', 'public'],
      ['stores:1', 'stores_1', 'pass', 'store_1'],
      ['stores:2', 'stores_2', 'fail', 'store_2'],
      ['stores:3', 'stores_3', 'error', 'store_3'],
    ]);
    expect(rollup.runs[3]).toMatchObject({ reason: 'target: schema "store_3" does not exist', tables: [] });
    // The embedded server's password is "pgverify", a word summary.json now holds (pgverifyVersion): look for it as a password.
    const password = new URL(files.pair.sourceUrl).password;
    const asPattern = password.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (password !== '') expect(JSON.stringify(rollup)).not.toMatch(new RegExp(`:${asPattern}@|password=${asPattern}`));
    expect((await readdir(out)).sort()).toEqual([
      'catalog',
      'report.html',
      'stores_1',
      'stores_2',
      'stores_3',
      'summary.json',
    ]);

    // report.html of all runs: the roll-up verdict, a row per run, a link to each run's own report that exists.
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h1>ERROR</h1>');
    expect(html).toMatch(
      /1 of 4 runs could not be checked \(stores:3\): target: schema &quot;store_3&quot; does not exist; 1 of 4 runs differs \(stores:2\); 2 pass/,
    );
    const rows = [...html.matchAll(/<tr class="(\w+)"><th scope="row">([^<]+)<\/th>(.*?)<\/tr>/g)].map((match) => [
      match[2],
      match[1],
      match[3]!,
    ]);
    expect(rows.map(([name, status]) => [name, status])).toEqual([
      ['catalog', 'pass'],
      ['stores:1', 'pass'],
      ['stores:2', 'fail'],
      ['stores:3', 'error'],
    ]);
    expect(rows[2]![2]).toMatch(
      /<td class="num">2<\/td><td class="num">1<\/td><td class="num">0<\/td><td class="num">0<\/td><td class="num">1<\/td>/,
    );
    expect(rows[3]![2]).toContain('target: schema &quot;store_3&quot; does not exist');
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!);
    expect(links).toEqual(['catalog/report.html', 'stores_1/report.html', 'stores_2/report.html']);
    for (const link of links) expect(await readFile(join(out, link), 'utf8')).toContain('<h2>Tables</h2>');

    // Each run's own directory holds the single-run files; the tenant filter and check came from the forEach row.
    const store2 = await readReport(join(out, 'stores_2'));
    expect(store2.summary).toMatchObject({ status: 'fail', sourceSchema: 'public', targetSchema: 'store_2' });
    expect(
      store2.summary.tables.map((table) => [
        table.name,
        table.rows.source,
        table.rows.target,
        table.status,
        table.tenant?.expected,
      ]),
    ).toEqual([
      ['customers', 20, 20, 'fail', ['2']],
      ['orders', 100, 100, 'pass', ['2']],
    ]);
    expect(store2.diffs).toEqual([changed('customers', '4', 'email', 'c4@example.com', 'wrong@example.com')]);
    const store3 = await readReport(join(out, 'stores_3'));
    expect(store3.summary).toMatchObject({
      status: 'error',
      reason: 'target: schema "store_3" does not exist',
      tables: [],
    });
    expect(store3.diffs).toEqual([]);
    expect((await readdir(join(out, 'stores_3'))).sort()).toEqual(['diffs.csv', 'report.html', 'summary.json']);
    expect(await readFile(join(out, 'stores_3', 'report.html'), 'utf8')).toContain(
      'no table was checked: target: schema &quot;store_3&quot; does not exist',
    );
    expect((await readReport(join(out, 'catalog'))).summary.tables.map((table) => table.name)).toEqual(['currencies']);

    // The terminal shows a line per passing run, the table of each other run, and the roll-up last.
    expect(run.stdout.match(/^run .+$/gm)).toEqual([
      expect.stringMatching(/^run catalog: PASS: 1 table identical \(mode fast, \d+\.\d s\)$/),
      expect.stringMatching(/^run stores:1: PASS: 2 tables identical \(mode fast, \d+\.\d s\)$/),
      'run stores:2',
      'run stores:3',
    ]);
    expect(run.stdout).toMatch(/^run stores:2\n┌.*\n│ table /m);
    expect(run.stdout).toContain('ERROR: target: schema "store_3" does not exist');
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(
      /^ERROR: 1 of 4 runs could not be checked \(stores:3\): target: schema "store_3" does not exist; 1 of 4 runs differs \(stores:2\); 2 pass \(\d+\.\d s\)$/,
    );
  });

  it("gives each store its own JUnit class and records each run's servers and the command line, null for a server never reached", async () => {
    const {
      rows: [version],
    } = await files.pair.source.query<{ version: string; num: number }>(
      "SELECT current_setting('server_version') AS version, current_setting('server_version_num')::int AS num",
    );
    const server = { version: version!.version, versionNum: version!.num };
    // A run that compared the structure also records its databases' facts beside the version.
    const read = expect.objectContaining({ ...server, encoding: expect.any(String), extensions: expect.any(Array) });
    // One more run whose target refuses connections: it never reaches that server.
    const path = join(files.output.path, 'with-offline.json');
    await writeFile(
      path,
      JSON.stringify({
        ...NIGHTLY,
        runs: [
          ...NIGHTLY.runs,
          { name: 'offline', tables: ['currencies'], target: 'postgresql://app@127.0.0.1:1/shop' },
        ],
      }),
    );
    const out = files.output.dir('junit');
    const junit = join(files.output.path, 'nightly.xml');
    const args = ['check', '--config', path, '--out', out, '--junit', junit, '--quiet'];
    expect((await runCli(args, env)).code).toBe(3);

    const xml = await readFile(junit, 'utf8');
    expect(
      [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"/g)].map(
        ([, classname, name]) => `${classname} ${name}`,
      ),
    ).toEqual([
      'catalog.public.public currencies',
      'stores:1.public.store_1 customers',
      'stores:1.public.store_1 orders',
      'stores:2.public.store_2 customers',
      'stores:2.public.store_2 orders',
      'stores:3.public.store_3 (run)',
      'offline.public.public (run)',
    ]);

    const rollup = await readJson<RunsSummary>(join(out, 'summary.json'));
    expect(rollup).toMatchObject({ pgverifyVersion: expect.stringMatching(/^\d+\.\d+\.\d+/), commandLine: args });
    expect(rollup.runs.map((entry) => [entry.name, entry.sourceServer, entry.targetServer, entry.commandLine])).toEqual(
      [
        ['catalog', read, read, args],
        ['stores:1', read, read, args],
        ['stores:2', read, read, args],
        // Its schema is missing, but the run reached both servers before it found out (their databases unread).
        ['stores:3', server, server, args],
        ['offline', server, null, args],
      ],
    );
    expect((await readReport(join(out, 'stores_2'))).summary).toMatchObject({
      sourceServer: server,
      targetServer: server,
      commandLine: args,
    });
    expect((await readReport(join(out, 'offline'))).summary).toMatchObject({
      status: 'error',
      sourceServer: server,
      targetServer: null,
    });
    // Each run's testsuite states its own servers; the one never reached has no version property.
    const suites = xml.split('<testsuite ').slice(1);
    expect(suites.map((suite) => /name="targetServerVersionNum" value="(\d+)"/.exec(suite)?.[1] ?? null)).toEqual([
      ...Array(4).fill(String(server.versionNum)),
      null,
    ]);
  });

  it('logs one line per table start and finish on a stderr that is not a terminal', async () => {
    const run = await runCli(['check', '--config', configPath, '--out', files.output.dir('log')], env);
    const lines = run.stderr.trim().split('\n');
    const time = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ';
    expect(lines.filter((line) => line.includes('stores:2 customers'))).toEqual([
      expect.stringMatching(new RegExp(`^${time} stores:2 customers: started$`)),
      expect.stringMatching(new RegExp(`^${time} stores:2 customers: fail \\(\\d+\\.\\d s\\)$`)),
    ]);
    expect(lines.filter((line) => / catalog currencies: /.test(line))).toHaveLength(2);
    // Stores 1 and 2 run side by side (jobs 2), so their lines may come in either order.
    const byRun = (line: string) => line.slice(line.indexOf(' run '));
    expect(
      lines.filter((line) => line.includes(' run stores:')).sort((a, b) => byRun(a).localeCompare(byRun(b))),
    ).toEqual([
      expect.stringMatching(new RegExp(`^${time} run stores:1: pass \\(\\d+\\.\\d s\\)$`)),
      expect.stringMatching(new RegExp(`^${time} run stores:2: fail \\(\\d+\\.\\d s\\)$`)),
      expect.stringMatching(
        new RegExp(`^${time} run stores:3: error: target: schema "store_3" does not exist \\(\\d+\\.\\d s\\)$`),
      ),
    ]);
    expect(lines.at(-1)).toBe(
      `reports written to ${files.output.dir('log')}/ (summary.json and report.html of all runs; summary.json, diffs.csv and report.html in a directory per run)`,
    );
  });

  it('lets flags override the file everywhere and prints only the roll-up with --quiet', async () => {
    const out = files.output.dir('quiet');
    const run = await runCli(
      [
        'check',
        '--config',
        configPath,
        '--out',
        out,
        '--mode',
        'exact',
        '--ignore-columns',
        'customers.email',
        '--quiet',
      ],
      env,
    );
    expect(run.stderr).toBe('');
    // --quiet's one line says why the store could not be checked.
    expect(run.stdout).toMatch(
      /^ERROR: 1 of 4 runs could not be checked \(stores:3\): target: schema "store_3" does not exist; 3 pass \(\d+\.\d s\)\n$/,
    );
    const rollup = await readJson<RunsSummary>(join(out, 'summary.json'));
    expect(rollup.runs.map((entry) => entry.mode)).toEqual(['exact', 'exact', 'exact', 'exact']);
    expect(rollup.runs[2]!.tables[0]!.columns).toMatchObject({
      compared: ['id', 'store_id', 'name'],
      ignored: ['email'],
    });
  });

  it("runs the same way from the library, as the README's vitest example does", async () => {
    const summary = await verify(optionsFromConfig(await loadConfig(configPath, env)));
    const runs = isRunsSummary(summary) ? summary.runs : [];
    expect(runs.filter((entry) => entry.status !== 'pass').map((entry) => entry.name)).toEqual([
      'stores:2',
      'stores:3',
    ]);
    expect(summary.status).toBe('error');
  });

  it('prints the roll-up JSON alone on stdout with --json, the same as summary.json', async () => {
    const out = files.output.dir('json');
    const run = await runCli(['check', '--config', configPath, '--out', out, '--json'], env);
    const printed = JSON.parse(run.stdout) as RunsSummary;
    expect(printed).toEqual(await readJson(join(out, 'summary.json')));
    expect(printed.runs.map((entry) => entry.status)).toEqual(['pass', 'pass', 'fail', 'error']);
  });

  it('exits 1 when the worst run differs', async () => {
    const passing = join(files.output.path, 'two-stores.json');
    const query = 'SELECT id AS tenant, schema_name AS target_schema FROM ops.stores WHERE id < 3';
    await writeFile(
      passing,
      JSON.stringify({ ...NIGHTLY, runs: [{ ...NIGHTLY.runs[1], forEach: { query, on: 'source' } }] }),
    );
    const run = await runCli(['check', '--config', passing, '--out', files.output.dir('fail'), '--quiet'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL: 1 of 2 runs differs \(stores:2\); 1 passes/);
  });
});

describe('a single run with --json and --quiet', () => {
  it('prints the summary JSON on stdout for a pipe into JSON.parse', async () => {
    const out = files.output.dir('single-json');
    const run = await runCli([...checkArgs(files.pair), '--tables', 'currencies', '--out', out, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(await readJson(join(out, 'summary.json')));
  });

  it('prints the verdict line and nothing else with --quiet', async () => {
    const run = await runCli([
      ...checkArgs(files.pair),
      '--target-schema',
      'store_2',
      '--source-where',
      'store_id = 2',
      '--tables',
      'customers',
      '--out',
      files.output.dir('single-quiet'),
      '--quiet',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /^FAIL: 1 of 1 table differs: 0 missing, 0 extra, 1 changed rows \(mode fast, \d+\.\d s\)\n$/,
    );
  });
});

describe('a config file that cannot work', () => {
  const write = async (name: string, config: unknown) => {
    const path = join(files.output.path, name);
    await writeFile(path, typeof config === 'string' ? config : JSON.stringify(config));
    return path;
  };

  it.each([
    [
      'bad-mode.json',
      { ...NIGHTLY, runs: [NIGHTLY.runs[0], { name: 'x', mode: 'slow' }] },
      'runs[1].mode: must be "fast" or "exact", not "slow"',
    ],
    ['typo.json', { ...NIGHTLY, runs: [{ name: 'x', tabels: ['a'] }] }, 'runs[0].tabels: unknown field'],
    ['bad-jobs.json', { ...NIGHTLY, jobs: 0 }, 'jobs: must be an integer from 1 to 64, not 0'],
    [
      'no-env.json',
      { ...NIGHTLY, target: '${NIGHTLY_TARGET_UNSET}' },
      'target: environment variable NIGHTLY_TARGET_UNSET is not set',
    ],
    ['broken.json', '{ "runs": [ }', 'not valid JSON: '],
    [
      'dup.json',
      { ...NIGHTLY, runs: [NIGHTLY.runs[0], NIGHTLY.runs[0]] },
      'runs[1].name: another run has the name "catalog"',
    ],
  ])('%s exits 2 naming the field before connecting', async (name, config, message) => {
    const path = await write(name, config);
    const run = await runCli(['check', '--config', path], env);
    expect(run.code).toBe(2);
    const expected = `pgverify: --config ${path}: ${message}`;
    const firstLine = run.stderr.split('\n')[0]!;
    // A JSON parser's own message follows "not valid JSON: "; every other message is pinned whole.
    expect(message.endsWith(': ') ? firstLine.slice(0, expected.length) : firstLine).toBe(expected);
  });

  it('exits 2 naming the run when a run lacks a connection', async () => {
    const path = await write('no-target.json', { source: '${OLD_DB_URL}', runs: [{ name: 'catalog' }] });
    const run = await runCli(['check', '--config', path], env);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('pgverify: runs[0] (catalog): --target is required');
  });

  it('exits 2 for a file that does not exist', async () => {
    const run = await runCli(['check', '--config', join(files.output.path, 'nope.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/^pgverify: --config .*nope\.json: cannot read the file: ENOENT/);
  });
});
