import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/index.js';
import { HistoryRecorder } from '../../src/history/recorder.js';
import type { TableResult } from '../../src/summary.js';
import { createDatabasePair, queryRows, type DatabasePair } from '../support/databases.js';
import { edgeMajors } from '../support/servers.js';
import { summaryOf, tableResult } from '../unit/report/report-fixtures.js';

const docs = await readFile(new URL('../../docs/history.md', import.meta.url), 'utf8');
const queries = [...docs.matchAll(/```sql\n([\s\S]*?)```/g)].map((match) => match[1]!);
const [failingThreeNights, growing] = [queries[0]!, queries[1]!];
const dashboard = JSON.parse(
  await readFile(new URL('../../docs/grafana/pgverify-history.json', import.meta.url), 'utf8'),
) as {
  panels: Array<{ title: string; targets: Array<{ rawSql: string }> }>;
  templating: { list: Array<{ query: string }> };
};

const NIGHTS = ['2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'].map((day) => `${day}T02:30:00.000Z`);
/** Store 17's customers: passing, then 3, 5 and 9 rows changed; its orders pass but gain no orphan. */
const CUSTOMERS_CHANGED = [0, 3, 5, 9];

function night(index: number, tables: TableResult[]) {
  return summaryOf(tables, { startedAt: NIGHTS[index]!, finishedAt: NIGHTS[index]!.replace('02:30', '02:31') });
}

describe.each(edgeMajors())('the ready queries on PostgreSQL %s', (major) => {
  let historyDb: DatabasePair;
  let url: string;
  beforeAll(async () => {
    historyDb = await createDatabasePair(`history_queries_${major}`, { source: major, target: major });
    url = historyDb.sourceUrl;
    const recorder = new HistoryRecorder(url);
    try {
      for (const [index, changed] of CUSTOMERS_CHANGED.entries()) {
        const customers = tableResult({
          name: 'customers',
          status: changed === 0 ? 'pass' : 'fail',
          diff: { missing: 0, extra: 0, changed },
        });
        for (const [name, tables] of [
          ['stores:17', [customers, tableResult()]],
          ['stores:1', [tableResult({ name: 'customers' }), tableResult()]],
        ] as const) {
          const outcome = await recorder.record(name, night(index, [...tables]));
          if ('error' in outcome) throw new Error(outcome.error);
        }
      }
    } finally {
      await recorder.close();
    }
  });
  afterAll(async () => {
    await historyDb?.drop();
  });

  it('finds the table failing for three nights in a row, since the first of them', async () => {
    const rows = await queryRows(url, failingThreeNights);
    expect(rows).toEqual([
      {
        run_name: 'stores:17',
        table_name: 'customers',
        last_three: 'fail fail fail',
        failing_since: new Date(NIGHTS[1]!),
      },
    ]);
  });

  it('finds the table whose differences grew on each of the last three nights', async () => {
    const rows = await queryRows(url, growing);
    expect(rows).toEqual([
      {
        run_name: 'stores:17',
        table_name: 'customers',
        differences_now: '9',
        differences_grown_by: '9',
        orphans_now: '0',
        orphans_grown_by: '0',
      },
    ]);
  });

  it('gives `pgverify history` the streak and the trend', async () => {
    const report = await readHistory({ history: url, since: new Date(NIGHTS[0]!) });
    const store = report.runs.find((run) => run.run === 'stores:17')!;
    expect(store).toMatchObject({ strip: '✓✗✗✗', failingNights: 3, failingSince: NIGHTS[1], lastPassed: NIGHTS[0] });
    expect(store.tables.find((table) => table.table === 'customers')!.trends).toEqual([
      { count: 'changed', first: 0, last: 9, change: 9, values: CUSTOMERS_CHANGED },
    ]);
  });

  it('runs every query of the Grafana dashboard, its macros filled in as Grafana does', async () => {
    const grafana = (sql: string) =>
      sql
        .replace(/\$__timeFilter\(([^)]+)\)/g, "$1 BETWEEN '2026-11-01' AND '2026-12-01'")
        .replace(/\$run/g, "'stores:17','stores:1'");
    expect((await queryRows(url, dashboard.templating.list[0]!.query)).map((row) => row.name)).toEqual([
      'stores:1',
      'stores:17',
    ]);
    const results = Object.fromEntries(
      await Promise.all(
        dashboard.panels.map(
          async (panel) => [panel.title, await queryRows(url, grafana(panel.targets[0]!.rawSql))] as const,
        ),
      ),
    );
    expect(results['Runs not passing in the range']).toEqual([{ 'runs not passing': '3' }]);
    expect(results['Tables not passing in the latest run']).toEqual([{ 'tables not passing': '1' }]);
    expect(results['Status per run']).toHaveLength(8);
    expect(results['Differences per night (missing + extra + changed)']).toHaveLength(16);
    expect(results['Tables failing for three nights in a row']).toHaveLength(1);
  });
});
