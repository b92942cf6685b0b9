import { describe, expect, it } from 'vitest';
import type { Mode } from '../../src/summary.js';
import { runSql } from '../support/databases.js';
import { changed, rowLines, sortDiffs } from '../support/report.js';
import { useTestPair, useVerifiedRun } from '../support/test-pair.js';
import { versionMatrix } from '../support/servers.js';

// A migration that widened column types, as ALTER COLUMN ... TYPE does it in a UTC session: the values are
// the same and must compare equal; the one row the migration got wrong must be the only difference.
const SOURCE = `
  CREATE TABLE events (id int PRIMARY KEY, happened timestamp, n int4, label varchar(10));
  INSERT INTO events SELECT g, timestamp '2024-02-29 23:00:00.000001' + g * interval '1 hour', g, 'e' || g FROM generate_series(1, 50) g;`;

const TARGET = `${SOURCE}
  SET TimeZone = 'UTC';
  ALTER TABLE events ALTER COLUMN id TYPE bigint, ALTER COLUMN happened TYPE timestamptz, ALTER COLUMN n TYPE int8, ALTER COLUMN label TYPE text;
  UPDATE events SET happened = happened + interval '1 hour' WHERE id = 7;`;

describe.each(versionMatrix())('on PostgreSQL $label', (servers) => {
  const files = useTestPair(
    'type_changes',
    (pair) => Promise.all([runSql(pair.sourceUrl, SOURCE), runSql(pair.targetUrl, TARGET)]),
    servers,
  );

  describe.each<Mode>(['fast', 'exact'])('columns whose type the migration changed, in %s mode', (mode) => {
    const run = useVerifiedRun(files, mode);

    it('compares timestamp with timestamptz reading the timestamp as UTC, and says so', () => {
      const [table] = run.summary.tables;
      expect(table).toMatchObject({ name: 'events', status: 'fail', diff: { missing: 0, extra: 0, changed: 1 } });
      expect(table!.warnings).toEqual([
        'timestamp on one side, timestamptz on the other, the timestamp read as UTC: happened',
      ]);
    });

    it('reports only the row the migration shifted, both values as instants in UTC', () => {
      expect(sortDiffs(rowLines(run.report.diffs))).toEqual([
        changed('events', '7', 'happened', '2024-03-01 06:00:00.000001+00', '2024-03-01 07:00:00.000001+00'),
      ]);
    });

    it('lists the widened types as info and timestamp to timestamptz as a warning of the structure', () => {
      expect(
        run.summary.tables[0]!.structure?.map((found) => [found.name, found.severity, found.source, found.target]),
      ).toEqual([
        ['id', 'info', 'integer NOT NULL', 'bigint NOT NULL'],
        ['happened', 'warning', 'timestamp without time zone', 'timestamp with time zone'],
        ['n', 'info', 'integer', 'bigint'],
        ['label', 'info', 'character varying(10)', 'text'],
      ]);
    });
  });
});
