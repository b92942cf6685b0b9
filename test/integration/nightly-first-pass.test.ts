import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkArgs, runCli, type CliRun } from '../support/cli.js';
import { createDatabasePair, runSql, type DatabasePair } from '../support/databases.js';
import { testedMajors } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// Large enough (by the planner's estimate) to be cut into key ranges at once, unless it passed before.
const SCHEMA = `
  CREATE TABLE readings (id bigint PRIMARY KEY, sensor int NOT NULL, value numeric(10, 2));
  INSERT INTO readings SELECT g, g % 50, g * 0.25 FROM generate_series(1, 120000) g;
  ANALYZE readings;`;

const files = useTestPair('nightly_first_pass', (pair) =>
  Promise.all([runSql(pair.sourceUrl, SCHEMA), runSql(pair.targetUrl, SCHEMA)]),
);

/** The checksum statements of a run's trace: `total` for one sum of the whole table, `ranges` for key ranges. */
function firstPasses(run: CliRun): string[] {
  return run.stderr
    .split('\n')
    .filter((line) => /\] SELECT .* AS bucket, count\(\*\)::int8 AS rows/.test(line))
    .map((line) => (line.includes('] SELECT 0 AS bucket') ? 'total' : 'ranges'));
}

const majors = testedMajors();

describe.each([...new Set([majors[0]!, majors.at(-1)!])])(
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
      await runSql(files.pair.targetUrl, 'UPDATE readings SET value = -1 WHERE id = 77777');
      nights.push(await night());
      nights.push(await night());
    });

    afterAll(async () => {
      await runSql(files.pair.targetUrl, 'UPDATE readings SET value = 77777 * 0.25 WHERE id = 77777');
      await history?.drop();
    });

    it('cuts the table into ranges on the first night, which has no previous run', () => {
      expect(nights[0]!.code).toBe(0);
      expect(firstPasses(nights[0]!)).toEqual(['ranges', 'ranges']);
    });

    it('reads one total per side on the next night, and passes on it alone', () => {
      expect(nights[1]!.code).toBe(0);
      expect(nights[1]!.stdout).toMatch(/^PASS: 1 table identical/);
      expect(firstPasses(nights[1]!)).toEqual(['total', 'total']);
    });

    it('still finds the one changed row when the total differs, through the ranges it then reads', () => {
      expect(nights[2]!.code).toBe(1);
      expect(nights[2]!.stdout).toMatch(/0 missing, 0 extra, 1 changed row/);
      expect(firstPasses(nights[2]!)).toEqual(['total', 'total', 'ranges', 'ranges']);
    });

    it('goes back to ranges at once after a night the table failed', () => {
      expect(nights[3]!.code).toBe(1);
      expect(firstPasses(nights[3]!)).toEqual(['ranges', 'ranges']);
    });
  },
);
