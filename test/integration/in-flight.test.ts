import { existsSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkArgs, startCli } from '../support/cli.js';
import { runSql } from '../support/databases.js';
import { readReport, sortDiffs } from '../support/report.js';
import { everyVersion } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// Rows written while a run compares them: the target is changed by the test once the first pass is over (the
// recheck line the CLI prints before it waits), so that the rows are equal when read again.

const TABLE = `DROP TABLE IF EXISTS items;
  CREATE TABLE items (id int PRIMARY KEY, label text, price numeric(10,2));
  INSERT INTO items SELECT g, 'item ' || g, g * 1.25 FROM generate_series(1, 500) g;`;

/** The first pass's differences: 7 changed, 8 missing, 9 changed. */
const WRITTEN_LATE = `UPDATE items SET label = 'old' WHERE id IN (7, 9); DELETE FROM items WHERE id = 8;`;

/** What the replication applies during the run: 7 and 8 as the source has them (9 stays wrong). */
const CAUGHT_UP = `UPDATE items SET label = 'item 7' WHERE id = 7; INSERT INTO items VALUES (8, 'item 8', 10);`;

/** The line printed once the first pass is over, before the wait. */
const RECHECK_LINE = /^\S+ recheck 1\/1: 3 rows of 1 table differ, read again in 2 s$/;

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe.each(everyVersion())('rows in flight on PostgreSQL $label', (servers) => {
  const files = useTestPair('in_flight', (pair) => runSql(pair.sourceUrl, TABLE), servers);

  describe.each(['fast', 'exact'])('%s mode', (mode) => {
    /** Starts `check --recheck-after 2`, waits for the first pass to end, applies `during` to the target. */
    const runWhileWriting = async (name: string, during: string) => {
      await runSql(files.pair.targetUrl, TABLE + WRITTEN_LATE);
      const outDir = files.output.dir(`${mode}-${name}`);
      const junit = join(outDir, 'junit.xml');
      const cli = startCli([
        ...checkArgs(files.pair),
        ...['--mode', mode, '--recheck-after', '2', '--out', outDir, '--junit', junit],
      ]);
      await cli.stderrLine(RECHECK_LINE);
      await runSql(files.pair.targetUrl, during);
      return { outDir, run: await cli.done };
    };

    it('reports rows equal when read again as in flight, and fails on the row still different', async () => {
      const { outDir, run } = await runWhileWriting('still-wrong', CAUGHT_UP);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      // The log does not call the table failed before its rows were read again.
      expect(run.stderr).toMatch(/ items: to recheck \(/);
      expect(run.stderr).not.toMatch(/ items: fail/);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/FAIL: 1 of 1 table differs: 0 missing, 0 extra, 1 changed rows/);
      const { summary, diffs } = await readReport(outDir);
      expect(summary.tables.map((table) => [table.name, table.status, table.reason, table.diff])).toEqual([
        ['items', 'fail', '0 missing, 0 extra, 1 changed rows', { missing: 0, extra: 0, changed: 1, inFlight: 2 }],
      ]);
      expect(sortDiffs(diffs).map((diff) => [diff.kind, diff.key, diff.column])).toEqual([
        ['changed', '9', 'label'],
        ['in_flight', '7', null],
        ['in_flight', '8', null],
      ]);
      // Only the row still different is repaired and listed for a recheck.
      const keys = (await readFile(join(outDir, 'keys.jsonl'), 'utf8')).trim().split('\n');
      expect(keys.map((line) => JSON.parse(line) as unknown)).toEqual([
        { table: 'items', kind: 'changed', key: ['9'] },
      ]);
      const fix = await readFile(join(outDir, 'fix.sql'), 'utf8');
      expect(fix).toContain(`UPDATE "public"."items" SET "label" = 'item 9'::text WHERE "id" = '9'::integer;`);
      expect(fix).not.toMatch(/'7'::integer|'8'::integer/);
      expect(await readFile(join(outDir, 'report.html'), 'utf8')).toContain('equal when read again (in flight)');
    });

    it('passes (exit 0) when every differing row was in flight', async () => {
      const { outDir, run } = await runWhileWriting(
        'caught-up',
        `${CAUGHT_UP} UPDATE items SET label = 'item 9' WHERE id = 9;`,
      );
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/PASS: 1 table identical, 3 rows in flight/);
      expect(await readFile(join(outDir, 'junit.xml'), 'utf8')).toContain(
        'note: 3 rows differed during the run and were equal when read again (in flight): not a difference.',
      );
      const { summary, diffs } = await readReport(outDir);
      expect(summary.status).toBe('pass');
      expect(summary.tables[0]!.diff).toEqual({ missing: 0, extra: 0, changed: 0, inFlight: 3 });
      expect(summary.tables[0]!.reason).toBeUndefined();
      expect(sortDiffs(diffs).map((diff) => [diff.kind, diff.key])).toEqual([
        ['in_flight', '7'],
        ['in_flight', '8'],
        ['in_flight', '9'],
      ]);
      for (const name of ['fix.sql', 'keys.jsonl']) expect(await exists(join(outDir, name))).toBe(false);
    });
  });
});

describe('the wait before a recheck', () => {
  const files = useTestPair('in_flight_wait', (pair) =>
    Promise.all([runSql(pair.sourceUrl, TABLE), runSql(pair.targetUrl, TABLE + WRITTEN_LATE)]),
  );

  it('reads the rows again up to --recheck-times, and stops at once on Ctrl-C while waiting', async () => {
    const outDir = files.output.dir('interrupted');
    // 0 is no recheck: the summary counts no row in flight.
    expect((await startCli([...checkArgs(files.pair), '--recheck-after', '0', '--out', outDir]).done).code).toBe(1);
    expect((await readReport(outDir)).summary.tables[0]!.diff).toEqual({ missing: 1, extra: 0, changed: 2 });
    const twice = startCli([...checkArgs(files.pair), '--recheck-after', '0.1', '--recheck-times', '2']);
    await twice.stderrLine(/recheck 2\/2: 3 rows of 1 table differ/);
    expect((await twice.done).code).toBe(1);

    const waiting = startCli([...checkArgs(files.pair), '--recheck-after', '3600', '--out', outDir]);
    await waiting.stderrLine(/recheck 1\/1: 3 rows of 1 table differ, read again in 3600 s/);
    waiting.child.kill('SIGINT');
    const stopped = await waiting.done;
    expect(stopped.code).toBe(130);
    const { summary } = await readReport(outDir);
    expect(summary.interrupted).toBe(true);
    // Not read again: its differing rows may be in flight, so the table is cut short like any other, and fix.sql
    // (which would write them into a target still catching up) is not written.
    expect(summary.tables[0]).toMatchObject({ status: 'error', reason: 'interrupted' });
    expect(existsSync(join(outDir, 'fix.sql'))).toBe(false);
  });

  it('refuses --recheck-times without --recheck-after, and a bad number, with exit 2', async () => {
    const times = await startCli([...checkArgs(files.pair), '--recheck-times', '2']).done;
    expect(times.code).toBe(2);
    expect(times.stderr.split('\n')[0]).toBe(
      'pgverify: --recheck-times needs --recheck-after, the seconds to wait before each recheck',
    );
    const after = await startCli([...checkArgs(files.pair), '--recheck-after', 'soon']).done;
    expect(after.code).toBe(2);
    expect(after.stderr.split('\n')[0]).toBe(
      'pgverify: --recheck-after must be a number of seconds up to 3600 (0 for no recheck), not "soon"',
    );
  });
});
