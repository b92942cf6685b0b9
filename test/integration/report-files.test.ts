import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/errors.js';
import { verify } from '../../src/index.js';
import type { DiffRecord, Summary } from '../../src/summary.js';
import { runCli } from '../support/cli.js';
import { databaseUrl, runSql } from '../support/databases.js';
import { readReport, tableResult } from '../support/report.js';
import { useTestPair } from '../support/test-pair.js';

const TENANT = '00000000-0000-0000-0000-000000000001';

const SCHEMA = `
  CREATE TABLE accounts (id int PRIMARY KEY, name text);
  INSERT INTO accounts SELECT g, 'account ' || g FROM generate_series(1, 2000) g;
  CREATE TABLE codes (code text PRIMARY KEY, label text);
  INSERT INTO codes SELECT 'c' || g, 'label ' || g FROM generate_series(1, 2000) g;
  CREATE TABLE events (id int8 PRIMARY KEY, kind text);
  INSERT INTO events SELECT g, 'k' || (g % 7) FROM generate_series(1, 2000) g;
  CREATE TABLE members (id int PRIMARY KEY, tenant_id uuid, account_id int, name text);
  INSERT INTO members SELECT g, '${TENANT}', g % 2000 + 1, 'member ' || g FROM generate_series(1, 2000) g;`;

// The source declares the foreign key; the target lost it and holds orphans, NULL and foreign tenants.
const SOURCE = `${SCHEMA} ALTER TABLE members ADD FOREIGN KEY (account_id) REFERENCES accounts (id);`;
const TARGET = `${SCHEMA}
  UPDATE accounts SET name = 'renamed' WHERE id % 9 = 0;
  DELETE FROM codes WHERE code LIKE 'c1%';
  INSERT INTO codes SELECT 'z' || g, 'new' FROM generate_series(1, 50) g;
  UPDATE events SET kind = 'changed' WHERE id % 4 = 0;
  UPDATE members SET name = 'renamed' WHERE id % 11 = 0;
  UPDATE members SET tenant_id = NULL WHERE id % 13 = 0;
  UPDATE members SET tenant_id = '00000000-0000-0000-0000-000000000002' WHERE id % 17 = 0;
  UPDATE members SET account_id = 5000 + id WHERE id % 19 = 0;`;

const files = useTestPair('report_files', (pair) =>
  Promise.all([runSql(pair.sourceUrl, SOURCE), runSql(pair.targetUrl, TARGET)]),
);

const ROW_KINDS = new Set(['missing', 'extra', 'changed']);

/** Orders keys as the diff does: integer keys by value, text keys byte by byte (the C collation). */
function compareKeys(left: string, right: string): number {
  if (/^\d+$/.test(left) && /^\d+$/.test(right)) return Number(left) - Number(right);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Fails unless `keys` never go down. */
function expectInKeyOrder(keys: readonly string[], what: string): void {
  const unordered = keys.findIndex((key, index) => index > 0 && compareKeys(keys[index - 1]!, key) > 0);
  expect(unordered, `${what}: ${keys[unordered - 1]} before ${keys[unordered]}`).toBe(-1);
}

describe('diffs.csv of tables checked side by side', () => {
  const runTwice = async () => {
    const options = {
      source: files.pair.sourceUrl,
      target: files.pair.targetUrl,
      jobs: 4,
      maxDiffRows: 5000,
      tenants: [TENANT],
    };
    const first = await verify({ ...options, outDir: files.output.dir('first') });
    await verify({ ...options, outDir: files.output.dir('second') });
    return first;
  };

  it("is byte for byte the same on two runs with --jobs 4: tables in the summary's order, each one's structure, rows in key order, then its checks", async () => {
    const summary = await runTwice();
    const [first, second] = await Promise.all(
      ['first', 'second'].map((dir) => readFile(join(files.output.dir(dir), 'diffs.csv'))),
    );
    expect(first!.equals(second!)).toBe(true);

    const { diffs } = await readReport(files.output.dir('first'));
    const tables = diffs.map((diff) => diff.table).filter((table, index, all) => table !== all[index - 1]);
    expect(tables).toEqual(['accounts', 'codes', 'events', 'members']);
    expect(summary.tables.map((table) => table.name)).toEqual(tables);
    for (const table of tables) {
      const lines = diffs.filter((diff) => diff.table === table);
      const structureLines = lines.filter((diff) => diff.kind === 'structure');
      const rowLines = lines.filter((diff) => ROW_KINDS.has(diff.kind));
      // Structure lines first, then row lines, then the lines of the checks.
      expect(lines.slice(0, structureLines.length)).toEqual(structureLines);
      expect(lines.slice(structureLines.length, structureLines.length + rowLines.length)).toEqual(rowLines);
      expectInKeyOrder(
        rowLines.map((diff) => diff.key),
        `${table} rows`,
      );
    }
    expect(new Set(diffs.filter((diff) => diff.table === 'codes').map((diff) => diff.kind))).toEqual(
      new Set(['missing', 'extra']),
    );

    // members' checks: the tenant check's lines by key, then the foreign key's orphans by key.
    const checkLines = diffs.filter(
      (diff) => diff.table === 'members' && !ROW_KINDS.has(diff.kind) && diff.kind !== 'structure',
    );
    const tenantLines = checkLines.filter((diff) => diff.kind.startsWith('tenant_'));
    const orphanLines = checkLines.filter((diff) => diff.kind === 'orphan');
    expect(checkLines).toEqual([...tenantLines, ...orphanLines]);
    expect(tenantLines).toHaveLength(Math.floor(2000 / 13) + Math.floor(2000 / 17) - Math.floor(2000 / 221));
    expect(orphanLines).toHaveLength(Math.floor(2000 / 19));
    expectInKeyOrder(
      tenantLines.map((diff) => diff.key),
      'members tenant lines',
    );
    expectInKeyOrder(
      orphanLines.map((diff) => diff.key),
      'members orphan lines',
    );
  });
});

describe('a table whose check fails after its diff wrote its lines', () => {
  // A tenant value the uuid column cannot hold fails members' tenant check after its diff wrote every line.
  const runWithFailingCheck = (outDir: string) =>
    verify({
      source: files.pair.sourceUrl,
      target: files.pair.targetUrl,
      jobs: 4,
      maxDiffRows: 5000,
      tenants: ['not-a-uuid'],
      outDir,
    });

  it('is an error naming the check that keeps its counts, and every line they stand for in diffs.csv and the HTML', async () => {
    const outDir = files.output.dir('errored-table');
    const summary = await runWithFailingCheck(outDir);
    const members = tableResult(summary, 'members');
    expect(members).toMatchObject({
      status: 'error',
      rows: { source: 2000, target: 2000 },
      // Rows 11, 13, 17 and 19 apart: renamed, tenant changed, account changed.
      diff: { missing: 0, extra: 0, changed: 501 },
      // The failed check ended the checks: the foreign key after it was not checked, so no finding says it was.
      integrity: [],
    });
    expect(members.reason).toMatch(/^target: tenant check: invalid input syntax for type uuid/);

    const report = await readReport(outDir);
    expect(report.summary).toEqual(JSON.parse(JSON.stringify(summary)));
    // The other tables, and members, keep every line their counts stand for; members has no check lines.
    const linesOf = (table: string, kind: DiffRecord['kind']) =>
      report.diffs.filter((diff) => diff.table === table && diff.kind === kind).length;
    const changedKeys = report.diffs
      .filter((diff) => diff.table === 'members' && diff.kind === 'changed')
      .map((diff) => diff.key);
    expect(new Set(changedKeys).size).toBe(members.diff.changed);
    expect(
      report.diffs.filter((diff) => diff.table === 'members' && !ROW_KINDS.has(diff.kind) && diff.kind !== 'structure'),
    ).toEqual([]);
    expect(linesOf('events', 'changed')).toBe(tableResult(summary, 'events').diff.changed);
    expect(linesOf('codes', 'missing')).toBe(tableResult(summary, 'codes').diff.missing);

    const html = await readFile(join(outDir, 'report.html'), 'utf8');
    expect(html).toContain('renamed');
    expect(html).toContain('Its rows were compared, but a check could not run');
  });
});

describe('a run that cannot start', () => {
  const run = async (name: string, args: readonly string[]) => {
    const outDir = files.output.dir(name);
    const junit = join(files.output.path, `${name}.xml`);
    const cli = await runCli(['check', ...args, '--out', outDir, '--junit', junit]);
    const summary = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8')) as Summary;
    return {
      cli,
      outDir,
      summary,
      junit: await readFile(junit, 'utf8'),
      html: await readFile(join(outDir, 'report.html'), 'utf8'),
    };
  };

  it.each([
    [
      'a target database that does not exist',
      () => ['--target', databaseUrl(files.pair.targetUrl, 'no_such_database')],
      3,
      /^target: cannot connect: database "no_such_database" does not exist$/,
    ],
    [
      'a target schema that does not exist',
      () => ['--target-schema', 'nope'],
      3,
      /^target: schema "nope" does not exist$/,
    ],
    [
      'a --tables typo',
      () => ['--tables', 'accounts,acounts'],
      2,
      /^--tables: no table named "acounts" on either side$/,
    ],
  ])(
    'writes summary.json, report.html and JUnit saying error with the reason, and no temporary file, for %s',
    async (name, extra, code, reason) => {
      const args = extra();
      const target = args[0] === '--target' ? [] : ['--target', files.pair.targetUrl];
      const result = await run(name.replace(/\W+/g, '-'), ['--source', files.pair.sourceUrl, ...target, ...args]);
      expect(result.cli.code).toBe(code);
      expect(result.summary).toMatchObject({ status: 'error', reason: expect.stringMatching(reason), tables: [] });
      expect(result.cli.stderr.split('\n')[0]).toBe(`pgverify: ${result.summary.reason}`);
      expect((await readdir(result.outDir)).sort()).toEqual(['diffs.csv', 'report.html', 'summary.json']);
      expect(await readFile(join(result.outDir, 'diffs.csv'), 'utf8')).toBe(
        'table,kind,key,column,source_value,target_value\n',
      );
      const escaped = result.summary.reason!.replaceAll('"', '&quot;');
      expect(result.html).toContain('<h1>ERROR</h1>');
      expect(result.html).toContain(`no table was checked: ${escaped}`);
      expect(result.junit).toMatch(/<testsuites name="pgverify" tests="1" failures="0" errors="1"/);
      expect(result.junit).toContain(`<error message="could not be checked: ${escaped}" type="error">`);
    },
  );

  it('reports a run stopped while it starts as interrupted, in summary.json and in what verify() throws', async () => {
    const outDir = files.output.dir('stopped-at-start');
    // A schema query failing under an aborted signal is what a catalog query cancelled by Ctrl-C looks like.
    const running = verify({
      source: files.pair.sourceUrl,
      target: files.pair.targetUrl,
      targetSchema: 'nope',
      outDir,
      signal: AbortSignal.abort(),
    });
    await expect(running).rejects.toBeInstanceOf(InterruptedError);
    const summary = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8')) as Summary;
    expect(summary).toMatchObject({
      status: 'error',
      reason: 'interrupted before any table was checked',
      interrupted: true,
      tables: [],
    });
    expect((await readdir(outDir)).sort()).toEqual(['diffs.csv', 'report.html', 'summary.json']);
  });

  it('runs on, hashing that type as text, when a server refuses the hash probe', async () => {
    const role = `pgv_probe_${Math.random().toString(16).slice(2, 8)}`;
    const grants = `GRANT USAGE ON SCHEMA public TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role};`;
    const database = (url: string) => new URL(url).pathname.slice(1);
    await runSql(
      files.pair.sourceUrl,
      `CREATE ROLE ${role} LOGIN PASSWORD 'probe-pw';
      GRANT CONNECT ON DATABASE "${database(files.pair.sourceUrl)}" TO ${role}; GRANT CONNECT ON DATABASE "${database(files.pair.targetUrl)}" TO ${role}; ${grants}`,
    );
    // Function privileges are per database: only the target's hash of numeric becomes unusable.
    await runSql(
      files.pair.targetUrl,
      `${grants} REVOKE EXECUTE ON FUNCTION pg_catalog.hash_numeric_extended(numeric, bigint) FROM PUBLIC;`,
    );
    const as = (url: string) => Object.assign(new URL(url), { username: role, password: 'probe-pw' }).toString();
    try {
      const refused = await run('hash-probe', [
        '--source',
        as(files.pair.sourceUrl),
        '--target',
        as(files.pair.targetUrl),
      ]);
      const usual = await run('hash-probe-usual', ['--source', files.pair.sourceUrl, '--target', files.pair.targetUrl]);
      expect(refused.cli.code).toBe(usual.cli.code);
      expect(refused.summary.tables.length).toBeGreaterThan(0);
      const outcome = (summary: Summary) => summary.tables.map((table) => [table.name, table.status, table.diff]);
      expect(outcome(refused.summary)).toEqual(outcome(usual.summary));
    } finally {
      await runSql(
        files.pair.targetUrl,
        `GRANT EXECUTE ON FUNCTION pg_catalog.hash_numeric_extended(numeric, bigint) TO PUBLIC; DROP OWNED BY ${role};`,
      );
      await runSql(files.pair.sourceUrl, `DROP OWNED BY ${role}; DROP ROLE ${role};`);
    }
  });
});
