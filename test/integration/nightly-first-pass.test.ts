import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkArgs, runCli, type CliRun } from '../support/cli.js';
import { createDatabasePair, runSql, type DatabasePair } from '../support/databases.js';
import { edgeMajors } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// readings: large enough (by the planner's estimate) to be cut into key ranges at once, unless it passed before;
// sensors: keyed by text, bucketed by a hash of its key unless it passed before; units: keyed by text and so
// small that its one bucket is already a total, read with other small tables, for which the history is never
// asked.
const SCHEMA = `
  CREATE TABLE readings (id bigint PRIMARY KEY, sensor int NOT NULL, value numeric(10, 2));
  INSERT INTO readings SELECT g, g % 50, g * 0.25 FROM generate_series(1, 120000) g;
  CREATE TABLE sensors (code text PRIMARY KEY, place text);
  INSERT INTO sensors SELECT 's-' || g, 'room ' || g FROM generate_series(1, 5000) g;
  CREATE TABLE units (code text PRIMARY KEY);
  INSERT INTO units VALUES ('C'), ('K'), ('F');
  ANALYZE;`;

const files = useTestPair('nightly_first_pass', (pair) =>
  Promise.all([runSql(pair.sourceUrl, SCHEMA), runSql(pair.targetUrl, SCHEMA)]),
);

/**
 * The checksum statements of `table` over the whole table in a run's trace: `total` for one sum of the whole
 * table, `buckets` for key ranges or key-hash buckets (sent with the setting that makes them hash into groups).
 * The drill-down's checksums of differing key ranges (`WHERE TRUE AND (...)`) are not first passes.
 */
function firstPasses(run: CliRun, table: string): string[] {
  return run.stderr
    .split('\n')
    .filter((line) => /\] (SET enable_sort = off; )?SELECT .* AS bucket, count\(\*\)::int8 AS rows/.test(line))
    .filter((line) => line.includes(`FROM "public"."${table}" AS r WHERE TRUE GROUP BY 1`))
    .map((line) => (line.includes('] SELECT 0 AS bucket') ? 'total' : 'buckets'));
}

describe.each(edgeMajors())(
  'fast mode with a history on PostgreSQL %s: a table that passed its last run is summed whole first',
  (major) => {
    let history: DatabasePair;
    const nights: CliRun[] = [];

    beforeAll(async () => {
      history = await createDatabasePair(`first_pass_history_${major}`, { source: major, target: major });
      const night = () =>
        runCli(
          [...checkArgs(files.pair), '--history', history.sourceUrl, '--no-checks', '--quiet', '--max-diff-rows', '5'],
          { PGVERIFY_TRACE: 'full' },
        );
      nights.push(await night());
      nights.push(await night());
      await runSql(
        files.pair.targetUrl,
        "UPDATE readings SET value = -1 WHERE id = 77777; UPDATE sensors SET place = 'attic' WHERE code = 's-7'",
      );
      nights.push(await night());
      nights.push(await night());
    });

    afterAll(async () => {
      await runSql(
        files.pair.targetUrl,
        "UPDATE readings SET value = 77777 * 0.25 WHERE id = 77777; UPDATE sensors SET place = 'room 7' WHERE code = 's-7'",
      );
      await history?.drop();
    });

    it('cuts the tables into buckets on the first night, which has no previous run', () => {
      expect(nights[0]!.code).toBe(0);
      expect(firstPasses(nights[0]!, 'readings')).toEqual(['buckets', 'buckets']);
      expect(firstPasses(nights[0]!, 'sensors')).toEqual(['buckets', 'buckets']);
    });

    it('reads one total per side on the next night, and passes on it alone', () => {
      expect(nights[1]!.code).toBe(0);
      expect(nights[1]!.stdout).toMatch(/^PASS: 3 tables identical/);
      expect(firstPasses(nights[1]!, 'readings')).toEqual(['total', 'total']);
      expect(firstPasses(nights[1]!, 'sensors')).toEqual(['total', 'total']);
      // One key-hash bucket, already a total: read with the other small tables every night, in no statement of its
      // own, whatever the history says.
      for (const night of nights.slice(0, 2)) {
        expect(firstPasses(night, 'units')).toEqual([]);
        expect(night.stderr).toMatch(
          /\] SELECT 0 AS entry, 0 AS part, count\(\*\)::int8 AS rows.*FROM "public"."units"/,
        );
      }
    });

    it('still finds the changed rows when the totals differ, through the buckets it then reads', () => {
      expect(nights[2]!.code).toBe(1);
      expect(nights[2]!.stdout).toMatch(/2 of 3 tables differ: 0 missing, 0 extra, 2 changed rows/);
      expect(firstPasses(nights[2]!, 'readings')).toEqual(['total', 'total', 'buckets', 'buckets']);
      expect(firstPasses(nights[2]!, 'sensors')).toEqual(['total', 'total', 'buckets', 'buckets']);
    });

    it('goes back to buckets at once after a night the table failed', () => {
      expect(nights[3]!.code).toBe(1);
      expect(firstPasses(nights[3]!, 'readings')).toEqual(['buckets', 'buckets']);
      expect(firstPasses(nights[3]!, 'sensors')).toEqual(['buckets', 'buckets']);
    });
  },
);
