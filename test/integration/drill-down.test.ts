import { beforeAll, describe, expect, it } from 'vitest';
import { checkArgs, runCli, type CliRun } from '../support/cli.js';
import { runSql } from '../support/databases.js';
import { readReport, type WrittenReport } from '../support/report.js';
import { edgeMajors } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';
import { sourceStatements } from '../support/trace.js';

// Fast mode's drill-down into differing buckets of integer keys. `events`: 60,000 keys from -4,999, cut into 60
// first-pass buckets of 1,000, with changes in 14 of them (the first and last, open-ended; three in a row; one
// where 900 rows changed) and a missing and an extra row. `labels`: a key of an integer and a text holding a
// quote and a backslash, one group of 5,000 rows, so that its bucket is cut again at sampled whole keys.
// `topmost`: keys up to the largest int8. `shelved`: the target, read through a filter, holds 12,000 keys below
// the source's lowest, so that the first pass's span (the unfiltered source's keys) bounds none of them.
const SCHEMA = `
  CREATE TABLE events (id bigint PRIMARY KEY, body text NOT NULL, n int);
  INSERT INTO events SELECT g, 'event ' || g, g FROM generate_series(-4999, 55000) g;
  CREATE TABLE labels (grp int, label text, v int, PRIMARY KEY (grp, label));
  INSERT INTO labels SELECT g / 100, 'it''s \\ ' || g, g FROM generate_series(0, 29999) g WHERE g / 100 <> 150;
  INSERT INTO labels SELECT 150, 'it''s \\ ' || g, g FROM generate_series(1, 5000) g;
  CREATE TABLE topmost (id bigint PRIMARY KEY, v text);
  INSERT INTO topmost SELECT g, 'v' || g FROM generate_series(9223372036854675808, 9223372036854775807) g;
  CREATE TABLE shelved (id int PRIMARY KEY, store int NOT NULL, v text);
  INSERT INTO shelved SELECT g, 1, 'v' || g FROM generate_series(100000, 199999) g;
  ANALYZE;`;

const TARGET_CHANGES = `
  UPDATE events SET body = 'edited' WHERE id IN (-4999, -4000, -2500, 100, 1100, 2100, 10000, 30000, 40000, 50000, 54999, 55000);
  UPDATE events SET n = -n WHERE id BETWEEN 25001 AND 25900;
  DELETE FROM events WHERE id = 20000;
  INSERT INTO events VALUES (55001, 'extra', 0);
  UPDATE labels SET v = -v WHERE grp = 150 AND label = 'it''s \\ 2500';
  DELETE FROM labels WHERE grp = 3 AND label = 'it''s \\ 342';
  UPDATE topmost SET v = 'edited' WHERE id IN (9223372036854700000, 9223372036854775807);
  INSERT INTO shelved SELECT g, 1, 'early ' || g FROM generate_series(1, 12000) g;`;

/** The SELECT inside each COPY of the source that read `table`. */
function copiedSelects(run: CliRun, table: string): string[] {
  return sourceStatements(run, table).flatMap((entry) => {
    const copy = /\] COPY \((SELECT [\s\S]*)\) TO STDOUT/.exec(entry);
    return copy === null ? [] : [copy[1]!];
  });
}

describe.each(edgeMajors())('fast mode narrowing differing buckets down, on PostgreSQL %s', (major) => {
  const files = useTestPair(
    `drill_down_${major}`,
    (pair) => Promise.all([runSql(pair.sourceUrl, SCHEMA), runSql(pair.targetUrl, SCHEMA + TARGET_CHANGES)]),
    { label: major, source: major, target: major },
  );
  let fast: CliRun;
  const reports: Partial<Record<'fast' | 'exact' | 'filteredFast' | 'filteredExact', WrittenReport>> = {};

  beforeAll(async () => {
    const args = [...checkArgs(files.pair), '--tables', 'events,labels,topmost', '--no-checks', '--quiet'];
    fast = await runCli([...args, '--mode', 'fast', '--out', files.output.dir('fast')], { PGVERIFY_TRACE: 'full' });
    reports.fast = await readReport(files.output.dir('fast'));
    await runCli([...args, '--mode', 'exact', '--out', files.output.dir('exact')]);
    reports.exact = await readReport(files.output.dir('exact'));
    const filtered = [...checkArgs(files.pair), '--tables', 'shelved', '--target-where', 'store = 1', '--quiet'];
    for (const mode of ['fast', 'exact'] as const) {
      const name = mode === 'fast' ? 'filteredFast' : 'filteredExact';
      await runCli([...filtered, '--no-checks', '--mode', mode, '--out', files.output.dir(name)]);
      reports[name] = await readReport(files.output.dir(name));
    }
  });

  /** A table's diff lines, in the order the run wrote them. */
  const linesOf = (report: WrittenReport | undefined, table: string) =>
    report!.diffs.filter((diff) => diff.table === table);

  it('reports exactly the lines exact mode reports, in the same key order', () => {
    expect(fast.code).toBe(1);
    const events = reports.fast!.summary.tables.find((table) => table.name === 'events')!;
    expect(events.diff).toEqual({ missing: 1, extra: 1, changed: 12 + 900 });
    const labels = reports.fast!.summary.tables.find((table) => table.name === 'labels')!;
    expect(labels.diff).toEqual({ missing: 1, extra: 0, changed: 1 });
    for (const table of ['events', 'labels', 'topmost']) {
      expect(linesOf(reports.fast, table)).toEqual(linesOf(reports.exact, table));
    }
    const keys = linesOf(reports.fast, 'labels').map((diff) => JSON.parse(diff.key));
    expect(keys).toContainEqual(['150', "it's \\ 2500"]);
  });

  it('narrows the last bucket of keys up to the largest int8', () => {
    const topmost = reports.fast!.summary.tables.find((table) => table.name === 'topmost')!;
    expect(topmost.status, topmost.reason).toBe('fail');
    expect(topmost.diff).toEqual({ missing: 0, extra: 0, changed: 2 });
  });

  it("reports each of a filtered side's keys beyond the other side's once, as exact mode does", () => {
    const shelved = reports.filteredFast!.summary.tables[0]!;
    expect(shelved.diff).toEqual({ missing: 0, extra: 12000, changed: 0 });
    expect(linesOf(reports.filteredFast, 'shelved')).toEqual(linesOf(reports.filteredExact, 'shelved'));
  });

  it('fetches the differing buckets of a side in two statements, not one per bucket', () => {
    const reads = sourceStatements(fast, 'events');
    expect(reads.filter((entry) => /\] SELECT r\."id"::text/.test(entry))).toEqual([]);
    // Ten buckets of 1,000 rows a statement: 14 differing buckets, two statements.
    expect(copiedSelects(fast, 'events')).toHaveLength(2);
  });

  it('narrows the buckets by a finer checksum, so it fetches a few rows around each change', async () => {
    let fetched = 0;
    for (const select of copiedSelects(fast, 'events')) {
      const count = await files.pair.source.query<{ n: string }>(`SELECT count(*) AS n FROM (${select}) fetched`);
      fetched += Number(count.rows[0]!.n);
    }
    // About 32 rows around each of 13 scattered changes, and the 900 changed rows of one bucket (with the few
    // unchanged ones sharing their parts): the 14 differing buckets hold 14,000.
    expect(fetched).toBeGreaterThanOrEqual(900 + 13);
    expect(fetched).toBeLessThan(900 + 32 + 13 * 32 + 32);
  });
});
