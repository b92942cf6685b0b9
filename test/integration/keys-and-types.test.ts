import { describe, expect, it } from 'vitest';
import type { Mode } from '../../src/summary.js';
import { loadFixturePair } from '../support/fixtures.js';
import { changed, extra, facts, missing, rowLines, sortDiffs, tableFacts } from '../support/report.js';
import { useTestPair, useVerifiedRun } from '../support/test-pair.js';
import { versionMatrix } from '../support/servers.js';

// Key shapes, type changes, a collation change and hostile session defaults on the target database;
// fixtures/README.md lists every injected defect.

describe.each(versionMatrix())('on PostgreSQL $label', (servers) => {
  const files = useTestPair('keys_and_types', (pair) => loadFixturePair(pair, 'keys-and-types'), servers);

  describe.each<Mode>(['fast', 'exact'])('verifying keys and types in %s mode', (mode) => {
    const run = useVerifiedRun(files, mode);

    it('matches rows on the primary key, or on whole rows when a table has none', () => {
      expect(tableFacts(run.summary)).toEqual({
        all_types: facts('fail', [7, 7], [0, 0, 4], ['id']),
        composite_key: facts('fail', [6, 7], [0, 1, 1], ['region', 'id']),
        equivalent_values: facts('pass', [500, 500], [0, 0, 0], ['id']),
        keyless: facts('fail', [4, 3], [1, 0, 0], null),
        text_key: facts('fail', [13, 13], [1, 1, 1], ['code']),
        uuid_key: facts('fail', [4, 3], [1, 0, 0], ['id']),
      });
      expect(run.summary.status).toBe('fail');
    });

    it('passes a table whose values are equal but stored with other types, spellings and session defaults', () => {
      const equivalent = run.summary.tables.find((table) => table.name === 'equivalent_values');
      expect(equivalent?.status).toBe('pass');
      expect([...(equivalent?.columns.compared ?? [])].sort()).toEqual([
        'amount',
        'attributes',
        'blob',
        'day',
        'happened_at',
        'id',
        'label',
        'quantity',
        'ratio',
        'raw',
        'span',
      ]);
      expect(rowLines(run.report.diffs).filter((diff) => diff.table === 'equivalent_values')).toEqual([]);
    });

    it('renders a composite key as a JSON array of text and matches it whatever the collation order', () => {
      expect(
        sortDiffs(
          rowLines(run.report.diffs).filter(
            (diff) => diff.table === 'composite_key' || diff.table === 'text_key' || diff.table === 'uuid_key',
          ),
        ),
      ).toEqual(
        sortDiffs([
          changed('composite_key', '["north","2"]', 'amount', '10.5', '10.05'),
          extra('composite_key', '["west","1"]'),
          missing('text_key', '_x'),
          changed('text_key', 'é', 'note', 'e acute', 'e acute (edited)'),
          extra('text_key', 'Ä'),
          missing('uuid_key', 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d'),
        ]),
      );
    });

    it('counts a duplicated keyless row that the target holds once as one missing row', () => {
      expect(run.report.diffs.filter((diff) => diff.table === 'keyless')).toEqual([missing('keyless', '["x","1"]')]);
    });

    it('finds one-digit, one-microsecond and NULL-versus-empty changes and nothing in equal rows', () => {
      expect(sortDiffs(rowLines(run.report.diffs).filter((diff) => diff.table === 'all_types'))).toEqual(
        sortDiffs([
          changed('all_types', '3', 'c_bigint', '9223372036854775806', '9223372036854775807'),
          changed(
            'all_types',
            '4',
            'c_numeric_precise',
            '12345678901234567890.1234567891',
            '12345678901234567890.1234567892',
          ),
          changed('all_types', '5', 'c_text', null, ''),
          changed('all_types', '6', 'c_timestamptz', '2025-07-06 12:34:56.999999+00', '2025-07-06 12:34:57+00'),
        ]),
      );
    });

    it('still compares columns whose type widened or changed from varchar to text', () => {
      const allTypes = run.summary.tables.find((table) => table.name === 'all_types');
      expect(allTypes?.columns).toMatchObject({ sourceOnly: [], targetOnly: [] });
      expect(allTypes?.columns.compared).toEqual(
        expect.arrayContaining(['c_int', 'c_varchar', 'c_numeric', 'c_json', 'c_jsonb']),
      );
      expect(allTypes?.columns.compared).toHaveLength(22);
    });

    it('writes exactly eleven diff lines about rows', () => {
      expect(rowLines(run.report.diffs)).toHaveLength(11);
    });

    it('reports the widened columns as info and the changed collation as a warning, failing no table for its structure', () => {
      const structure = Object.fromEntries(
        run.summary.tables.map((table) => [
          table.name,
          (table.structure ?? []).map(
            (found) => `${found.name}: ${found.source} -> ${found.target} (${found.severity})`,
          ),
        ]),
      );
      expect(structure).toEqual({
        all_types: ['c_int: integer -> bigint (info)', 'c_varchar: character varying(40) -> text (info)'],
        composite_key: [],
        equivalent_values: [
          'amount: numeric(12,1) -> numeric(14,3) (info)',
          'quantity: integer -> bigint (info)',
          'label: character varying(60) -> text (info)',
        ],
        keyless: [],
        text_key: ['code: text COLLATE "C" NOT NULL -> text COLLATE "und-x-icu" NOT NULL (warning)'],
        uuid_key: [],
      });
    });
  });
});
