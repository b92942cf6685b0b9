import { beforeAll, describe, expect, it } from 'vitest';
import { verify } from '../../src/index.js';
import type { Mode, Summary } from '../../src/summary.js';
import { runSql } from '../support/databases.js';
import { readReport, sortDiffs, type WrittenReport } from '../support/report.js';
import { useTestPair } from '../support/test-pair.js';
import { versionMatrix } from '../support/servers.js';
import {
  TYPE_FAMILIES_SCHEMA as SCHEMA,
  TYPE_FAMILIES_TARGET_CHANGES as TARGET_CHANGES,
} from '../support/type-families.js';

describe.each(versionMatrix())('on PostgreSQL $label', (servers) => {
  const files = useTestPair(
    'types',
    (pair) => Promise.all([runSql(pair.sourceUrl, SCHEMA), runSql(pair.targetUrl, SCHEMA + TARGET_CHANGES)]),
    servers,
  );
  const runs: Partial<Record<Mode, { summary: Summary; report: WrittenReport }>> = {};

  beforeAll(async () => {
    for (const mode of ['fast', 'exact'] as const) {
      const summary = await verify({
        source: files.pair.sourceUrl,
        target: files.pair.targetUrl,
        sourceSchema: 'Tienda "4" ñ 😀',
        mode,
        outDir: files.output.dir(mode),
      });
      runs[mode] = { summary, report: await readReport(files.output.dir(mode)) };
    }
  }, 300_000);

  describe.each<Mode>(['fast', 'exact'])('every type family and hostile names in %s mode', (mode) => {
    it('compares both tables without an error and finds exactly the changed rows', () => {
      const { summary } = runs[mode]!;
      expect(summary.tables.map((table) => [table.name, table.status, table.diff])).toEqual([
        ['Order Items %s', 'fail', { missing: 0, extra: 0, changed: 4 }],
        ['keyless "dup" table', 'fail', { missing: 1, extra: 0, changed: 0 }],
      ]);
    });

    it('names each changed column with both values, the 10 MB value included', () => {
      const lines = sortDiffs(runs[mode]!.report.diffs).filter((diff) => diff.kind === 'changed');
      expect(lines.map((diff) => [diff.key, diff.column])).toEqual([
        ['1', 'arr'],
        ['3', 'big'],
        ['4', 'm'],
        ['4', 'pt'],
        ['5', 'Ünïcode col'],
      ]);
      expect(lines[0]).toMatchObject({ sourceValue: '{1,NULL,3}', targetValue: '{2,NULL,3}' });
      expect(lines[1]!.targetValue).toHaveLength(10 * 1024 * 1024);
      expect(lines[4]).toMatchObject({ sourceValue: 'é 5\ttab\nnewline \\ back', targetValue: null });
    });

    it('reports the keyless row that lost its duplicate-free NULL twin as one missing row', () => {
      const missing = runs[mode]!.report.diffs.filter((diff) => diff.kind === 'missing');
      expect(missing.map((diff) => [diff.table, diff.key])).toEqual([['keyless "dup" table', '[null,null]']]);
    });
  });
});
