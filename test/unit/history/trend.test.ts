import { describe, expect, it } from 'vitest';
import {
  compareRunNames,
  changeSincePrevious,
  countTrends,
  runTrend,
  statusStreak,
} from '../../../src/history/trend.js';
import { TABLE_COUNTS, type RunHistory, type TableCount, type TableNight } from '../../../src/history/types.js';
import type { Status } from '../../../src/summary.js';

const NIGHTS = ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'].map(
  (day) => `${day}T02:30:00.000Z`,
);

function night(index: number, status: Status, counts: Partial<Record<TableCount, number | null>> = {}): TableNight {
  const zero = Object.fromEntries(TABLE_COUNTS.map((count) => [count, 0])) as Record<TableCount, number | null>;
  return {
    runId: String(index + 1),
    startedAt: NIGHTS[index]!,
    status,
    counts: { ...zero, in_flight: null, ...counts },
  };
}

function history(statuses: Status[], tables: Record<string, TableNight[]>): RunHistory {
  return {
    name: 'stores:17',
    runs: statuses.map((status, index) => ({
      runId: String(index + 1),
      startedAt: NIGHTS[index]!,
      status,
      reason: null,
    })),
    tables: new Map(Object.entries(tables)),
  };
}

describe('statusStreak', () => {
  it('says since when a table fails and when it last passed', () => {
    const streak = statusStreak(
      (['pass', 'pass', 'fail', 'error', 'fail'] as const).map((status, index) => ({
        status,
        startedAt: NIGHTS[index]!,
      })),
    );
    expect(streak).toEqual({
      statuses: ['pass', 'pass', 'fail', 'error', 'fail'],
      strip: '✓✓✗!✗',
      lastStatus: 'fail',
      lastPassed: NIGHTS[1],
      failingSince: NIGHTS[2],
      failingNights: 3,
    });
  });

  it('has no streak when the last night passes, and no last pass when none did', () => {
    expect(
      statusStreak([
        { status: 'fail', startedAt: NIGHTS[0]! },
        { status: 'pass', startedAt: NIGHTS[1]! },
      ]),
    ).toMatchObject({
      strip: '✗✓',
      lastPassed: NIGHTS[1],
      failingSince: null,
      failingNights: 0,
    });
    expect(statusStreak([{ status: 'error', startedAt: NIGHTS[0]! }])).toMatchObject({
      lastPassed: null,
      failingSince: NIGHTS[0],
      failingNights: 1,
    });
  });

  it('lets a night that did not check the table neither break nor extend a streak', () => {
    const streak = statusStreak([
      { status: 'fail', startedAt: NIGHTS[0]! },
      { status: null, startedAt: NIGHTS[1]! },
      { status: 'fail', startedAt: NIGHTS[2]! },
    ]);
    expect(streak).toMatchObject({ strip: '✗·✗', failingNights: 2, failingSince: NIGHTS[0], lastStatus: 'fail' });
  });
});

describe('countTrends', () => {
  it('keeps the counts that were not zero on some night, with their first and last measured values', () => {
    const trends = countTrends([
      night(0, 'fail', { changed: 3, orphans: null }),
      null,
      night(2, 'fail', { changed: 3_003, orphans: 2 }),
      night(3, 'fail', { changed: 6_003, orphans: 1 }),
    ]);
    expect(trends).toEqual([
      { count: 'changed', first: 3, last: 6_003, change: 6_000, values: [3, null, 3_003, 6_003] },
      { count: 'orphans', first: 2, last: 1, change: -1, values: [null, null, 2, 1] },
    ]);
  });

  it('has nothing to say of a table that never differed', () => {
    expect(countTrends([night(0, 'pass'), night(1, 'pass')])).toEqual([]);
  });
});

describe('runTrend', () => {
  it("aligns each table's nights on its run's, tables by name", () => {
    const trend = runTrend(
      history(['pass', 'error', 'fail'], {
        orders: [night(0, 'pass'), night(2, 'pass')],
        customers: [night(0, 'pass'), night(2, 'fail', { missing: 4 })],
      }),
    );
    expect(trend).toMatchObject({ run: 'stores:17', strip: '✓!✗', nights: NIGHTS.slice(0, 3), failingNights: 2 });
    expect(trend.tables.map((table) => [table.table, table.strip, table.failingNights])).toEqual([
      ['customers', '✓·✗', 1],
      ['orders', '✓·✓', 0],
    ]);
    expect(trend.tables[0]!.trends).toEqual([{ count: 'missing', first: 0, last: 4, change: 4, values: [0, null, 4] }]);
  });
});

describe('changeSincePrevious', () => {
  const past = history(['pass', 'fail'], {
    customers: [night(0, 'pass'), night(1, 'fail')],
    orders: [night(0, 'pass'), night(1, 'pass')],
    dropped: [night(0, 'pass')],
  });

  it("says how the latest run's status, or a table's, differs from the run before", () => {
    expect(changeSincePrevious(past)).toEqual({ previous: 'pass', current: 'fail' });
    expect(changeSincePrevious(past, 'customers')).toEqual({ previous: 'pass', current: 'fail' });
  });

  it('says nothing of an unchanged status, a table the latest run did not check, or a first run', () => {
    expect(changeSincePrevious(past, 'orders')).toBeUndefined();
    expect(changeSincePrevious(past, 'dropped')).toBeUndefined();
    expect(changeSincePrevious(history(['fail'], { customers: [night(0, 'fail')] }), 'customers')).toBeUndefined();
  });
});

describe('compareRunNames', () => {
  it('orders stores as a person counts them, not as text', () => {
    expect(['stores:10', 'stores:2', 'catalog', 'stores:1', 'stores:20'].sort(compareRunNames)).toEqual([
      'catalog',
      'stores:1',
      'stores:2',
      'stores:10',
      'stores:20',
    ]);
  });
});
