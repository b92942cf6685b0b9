import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkArgs, runCli } from '../support/cli.js';
import { queryRows, runSql } from '../support/databases.js';
import { readReport } from '../support/report.js';
import { edgeAndCrossVersions } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// The target's order_totals was refreshed before its last order was copied: the view is stale, the table is not.
const SCHEMA = `
CREATE TABLE orders (id integer PRIMARY KEY, store_id integer NOT NULL, total numeric(12,2) NOT NULL);
CREATE MATERIALIZED VIEW order_totals AS SELECT store_id, sum(total) AS total, count(*) AS orders FROM orders GROUP BY store_id;
CREATE UNIQUE INDEX order_totals_store ON order_totals (store_id);`;
const ROWS = 'INSERT INTO orders VALUES (1, 1, 10), (2, 1, 20), (3, 2, 5);';

describe.each(edgeAndCrossVersions())('a materialized view named in --tables, PostgreSQL $label', (servers) => {
  const files = useTestPair(
    'matview_rows',
    async (pair) => {
      await runSql(pair.sourceUrl, `${SCHEMA} ${ROWS} REFRESH MATERIALIZED VIEW order_totals;`);
      await runSql(
        pair.targetUrl,
        `${SCHEMA} INSERT INTO orders VALUES (1, 1, 10), (3, 2, 5); REFRESH MATERIALIZED VIEW order_totals;
         INSERT INTO orders VALUES (2, 1, 20);`,
      );
    },
    servers,
  );

  it('compares its rows like a table, as a multiset, and the repair script refreshes it', async () => {
    const out = files.output.dir('named');
    const run = await runCli([...checkArgs(files.pair), '--tables', 'orders,order_totals', '--out', out, '--quiet']);
    expect(run.code).toBe(1);
    const { summary, diffs } = await readReport(out);
    expect(summary.tables.map((table) => [table.name, table.status, table.key, table.diff])).toEqual([
      ['orders', 'pass', ['id'], { missing: 0, extra: 0, changed: 0 }],
      // A materialized view's columns are never NOT NULL, so its unique index is no key: rows match as a multiset.
      ['order_totals', 'fail', null, { missing: 1, extra: 1, changed: 0 }],
    ]);
    // Keyless, a line's key is the whole row: the stale (1, 10, 1) in the target, the current (1, 30, 2) missing.
    expect(diffs.map((line) => [line.table, line.kind, line.key])).toEqual([
      ['order_totals', 'extra', '["1","10","1"]'],
      ['order_totals', 'missing', '["1","30","2"]'],
    ]);
    const fix = await readFile(join(out, 'fix.sql'), 'utf8');
    expect(fix).toContain('REFRESH MATERIALIZED VIEW "public"."order_totals";');
    expect(fix).not.toMatch(/UPDATE "public"."order_totals"|INSERT INTO "public"."order_totals"/);
    // Applied to the target, the script makes the view current: a second run passes.
    await runSql(files.pair.targetUrl, fix);
    const again = await runCli([...checkArgs(files.pair), '--tables', 'orders,order_totals', '--quiet']);
    expect(again.code).toBe(0);
    expect(await queryRows(files.pair.targetUrl, 'SELECT count(*)::int AS n FROM order_totals')).toEqual([{ n: 2 }]);
  });

  it('leaves it to the structure otherwise: its definition is compared, its rows are not', async () => {
    const out = files.output.dir('default');
    const run = await runCli([...checkArgs(files.pair), '--out', out, '--quiet']);
    const { summary } = await readReport(out);
    expect(summary.tables.map((table) => table.name)).toEqual(['orders']);
    expect(summary.structure).toEqual([]);
    expect(run.code).toBe(0);
  });
});
