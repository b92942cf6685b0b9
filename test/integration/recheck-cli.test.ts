import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../src/index.js';
import { checkArgs, runCli } from '../support/cli.js';
import { runSql } from '../support/databases.js';
import { useTestPair } from '../support/test-pair.js';

const TABLE = `CREATE TABLE items (id int PRIMARY KEY, label text, price numeric(10,2));
  INSERT INTO items SELECT g, 'item ' || g, g * 1.25 FROM generate_series(1, 50) g;`;
const DEFECTS = `UPDATE items SET label = 'changed' WHERE id = 7;
  DELETE FROM items WHERE id = 8;
  INSERT INTO items VALUES (51, 'extra', 0);`;

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

const summaryOf = async (dir: string) => JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as Summary;

describe('pgverify recheck', () => {
  const files = useTestPair('recheck_cli', (pair) =>
    Promise.all([runSql(pair.sourceUrl, TABLE), runSql(pair.targetUrl, TABLE + DEFECTS)]),
  );

  it('rechecks the keys a check found, exits 1 while they differ and 0 once fix.sql is applied', async () => {
    const first = files.output.dir('first');
    expect((await runCli([...checkArgs(files.pair), '--out', first, '--max-diff-rows', '1'])).code).toBe(1);
    // diffs.csv keeps one line per table; fix.sql and keys.jsonl keep every difference.
    const keys = (await readFile(join(first, 'keys.jsonl'), 'utf8')).trim().split('\n');
    expect(keys.map((line) => JSON.parse(line) as unknown)).toEqual([
      { table: 'items', kind: 'changed', key: ['7'] },
      { table: 'items', kind: 'missing', key: ['8'] },
      { table: 'items', kind: 'extra', key: ['51'] },
    ]);
    const fix = await readFile(join(first, 'fix.sql'), 'utf8');
    expect(fix).toContain(`DELETE FROM "public"."items" WHERE "id" = '51'::integer;`);
    expect(fix).toContain(
      `INSERT INTO "public"."items" ("id", "label", "price") VALUES ('8'::integer, 'item 8'::text, '10'::numeric(10,2));`,
    );
    expect(fix).toContain(`UPDATE "public"."items" SET "label" = 'item 7'::text WHERE "id" = '7'::integer;`);

    const again = files.output.dir('again');
    // recheck.json keeps the connection strings without their password: it comes from the environment.
    const password = decodeURIComponent(new URL(files.pair.targetUrl).password);
    const recheck = await runCli(['recheck', first, '--out', again], { PGPASSWORD: password });
    expect(recheck.code).toBe(1);
    expect(recheck.stdout).toMatch(/FAIL: 1 of 1 table differs: 1 missing, 1 extra, 1 changed rows/);
    const rechecked = await summaryOf(again);
    expect(rechecked.tables.map((table) => [table.name, table.rows, table.diff])).toEqual([
      ['items', { source: 2, target: 2 }, { missing: 1, extra: 1, changed: 1 }],
    ]);
    expect(rechecked.commandLine).toEqual(['recheck', first, '--out', again]);

    await runSql(files.pair.targetUrl, fix);
    const repaired = files.output.dir('repaired');
    const passing = await runCli(['recheck', first, '--target', files.pair.targetUrl, '--out', repaired], {
      PGPASSWORD: password,
    });
    expect(passing.code).toBe(0);
    expect((await summaryOf(repaired)).status).toBe('pass');
    expect(await exists(join(repaired, 'fix.sql'))).toBe(false);
  });

  it('writes no fix.sql, keys.jsonl or recheck.json for a run without differences', async () => {
    // Into the directory of the run that found them: the earlier run's repair files must go.
    const clean = files.output.dir('first');
    await runSql(
      files.pair.targetUrl,
      `DELETE FROM items; INSERT INTO items SELECT g, 'item ' || g, g * 1.25 FROM generate_series(1, 50) g;`,
    );
    expect((await runCli([...checkArgs(files.pair), '--out', clean])).code).toBe(0);
    for (const name of ['fix.sql', 'keys.jsonl', 'recheck.json']) expect(await exists(join(clean, name))).toBe(false);
  });

  it('exits 2 with one line naming the directory when it holds no run to recheck', async () => {
    const missing = files.output.dir('no-such-run');
    const run = await runCli(['recheck', missing]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(
      new RegExp(
        `^pgverify: ${missing} holds no recheck.json .*recheck needs the directory of a run that found differences$`,
      ),
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("names the runs it can recheck when given a batch's directory instead of one run's", async () => {
    const batch = files.output.dir('batch');
    for (const store of ['stores_10', 'stores_2', 'stores_3']) await mkdir(join(batch, store), { recursive: true });
    for (const store of ['stores_10', 'stores_2']) await writeFile(join(batch, store, 'recheck.json'), '{}');
    const run = await runCli(['recheck', batch]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      `pgverify: ${batch} holds no recheck.json: it holds several runs; recheck the directory of one that found differences: ${join(batch, 'stores_2')}, ${join(batch, 'stores_10')}`,
    );
  });
});
