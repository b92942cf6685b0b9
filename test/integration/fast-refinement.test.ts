import { beforeAll, describe, expect, it } from 'vitest';
import { verify } from '../../src/index.js';
import type { Mode } from '../../src/summary.js';
import { runSql } from '../support/databases.js';
import { readReport, sortDiffs, type WrittenReport } from '../support/report.js';
import { edgeAndCrossVersions, testedMajors } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// Tables built to drive fast mode through its harder paths: a composite key whose first column is constant
// and a random text key (both bucketed by a hash of the key), an integer-keyed table whose planner
// estimate is missing (never analysed), so the first pass must re-cut by the real row count, and int4 keys
// spread so unevenly (squares) that a differing bucket is split again at sampled keys, with width_bucket.
// This SQL differs between majors (width_bucket before PostgreSQL 14): oldest, newest and across versions.
const SCHEMA = `
  CREATE TABLE tenant_events (tenant_id uuid NOT NULL, seq int NOT NULL, body text, PRIMARY KEY (tenant_id, seq));
  INSERT INTO tenant_events SELECT '00000000-0000-0000-0000-000000000001', g, 'body ' || g FROM generate_series(1, 60000) g;
  CREATE TABLE words (word text PRIMARY KEY, n int);
  INSERT INTO words SELECT md5(g::text), g FROM generate_series(1, 30000) g;
  ANALYZE tenant_events; ANALYZE words;
  CREATE TABLE fresh (id int PRIMARY KEY, v text);
  INSERT INTO fresh SELECT g, 'v' || g FROM generate_series(1, 25000) g;
  CREATE TABLE squares (id int4 PRIMARY KEY, v text);
  INSERT INTO squares SELECT g * g, 'v' || g FROM generate_series(1, 20000) g;
  ANALYZE squares;`;

const TARGET_CHANGES = `
  UPDATE tenant_events SET body = 'edited' WHERE seq IN (7, 31000, 59999);
  DELETE FROM tenant_events WHERE seq = 45000;
  INSERT INTO tenant_events VALUES ('00000000-0000-0000-0000-000000000002', 1, 'other tenant');
  UPDATE words SET n = -n WHERE n IN (5, 29000);
  DELETE FROM words WHERE n = 15000;
  UPDATE fresh SET v = NULL WHERE id = 12345;
  UPDATE fresh SET v = '' WHERE id = 24000;
  UPDATE squares SET v = 'edited' WHERE id = 100 * 100;`;

describe.each(edgeAndCrossVersions())('on PostgreSQL $label', (servers) => {
  const files = useTestPair(
    'refine',
    (pair) => Promise.all([runSql(pair.sourceUrl, SCHEMA), runSql(pair.targetUrl, SCHEMA + TARGET_CHANGES)]),
    servers,
  );
  const reports: Partial<Record<Mode, WrittenReport>> = {};

  beforeAll(async () => {
    for (const mode of ['fast', 'exact'] as const) {
      await verify({
        source: files.pair.sourceUrl,
        target: files.pair.targetUrl,
        mode,
        outDir: files.output.dir(mode),
      });
      reports[mode] = await readReport(files.output.dir(mode));
    }
  });

  describe('fast mode on keys that do not split evenly', () => {
    it('finds every change under a composite key whose first column never varies', () => {
      const table = reports.fast!.summary.tables.find((entry) => entry.name === 'tenant_events')!;
      expect(table.diff).toEqual({ missing: 1, extra: 1, changed: 3 });
      expect(table.rows).toEqual({ source: 60000, target: 60000 });
    });

    it('finds changes and a missing row under a random text key', () => {
      const table = reports.fast!.summary.tables.find((entry) => entry.name === 'words')!;
      expect(table.diff).toEqual({ missing: 1, extra: 0, changed: 2 });
    });

    it('re-cuts a table the planner knows nothing about and tells NULL from the empty string', () => {
      const table = reports.fast!.summary.tables.find((entry) => entry.name === 'fresh')!;
      expect(table.diff).toEqual({ missing: 0, extra: 0, changed: 2 });
      const lines = reports.fast!.diffs.filter((diff) => diff.table === 'fresh');
      expect(sortDiffs(lines).map((diff) => [diff.key, diff.sourceValue, diff.targetValue])).toEqual([
        ['12345', 'v12345', null],
        ['24000', 'v24000', ''],
      ]);
    });

    it('splits a large differing bucket of int4 keys at sampled keys and finds the one change in it', () => {
      const table = reports.fast!.summary.tables.find((entry) => entry.name === 'squares')!;
      expect(table.status, table.reason).toBe('fail');
      expect(table.diff).toEqual({ missing: 0, extra: 0, changed: 1 });
    });

    it('reports exactly the same lines as exact mode', () => {
      expect(sortDiffs(reports.fast!.diffs)).toEqual(sortDiffs(reports.exact!.diffs));
      expect(reports.fast!.diffs).toHaveLength(3 + 1 + 1 + 2 + 1 + 2 + 1);
    });
  });
});

// Statistics of a backend reach pg_stat_user_tables when it exits; from PostgreSQL 15 on, before it leaves
// pg_stat_activity (before, a separate collector process received them later, with no event to wait on).
describe.skipIf(Number(testedMajors().at(-1)) < 15)('fast mode on a text key', () => {
  const files = useTestPair('refine_scans', (pair) =>
    Promise.all([runSql(pair.sourceUrl, SCHEMA), runSql(pair.targetUrl, SCHEMA + TARGET_CHANGES)]),
  );
  const seqScans = async (table: string): Promise<number> =>
    Number(
      (await files.pair.source.query('SELECT seq_scan FROM pg_stat_user_tables WHERE relname = $1', [table])).rows[0]
        .seq_scan,
    );
  /** Resolves once pgverify's sessions have left the source database, and so have flushed their statistics. */
  const untilPgverifyLeft = async (): Promise<void> => {
    const connected =
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'pgverify'";
    while ((await files.pair.source.query<{ n: number }>(connected)).rows[0]!.n > 0);
  };

  it('reads the table twice per side whatever the number of differences: checksums, then the differing buckets', async () => {
    const before = await seqScans('words');
    const summary = await verify({
      source: files.pair.sourceUrl,
      target: files.pair.targetUrl,
      tables: ['words'],
      checks: false,
    });
    expect(summary.tables[0]!.diff).toEqual({ missing: 1, extra: 0, changed: 2 });
    await untilPgverifyLeft();
    expect((await seqScans('words')) - before).toBe(2);
  });
});
