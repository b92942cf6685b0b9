import type { Status } from '../summary.js';
import {
  TABLE_COUNTS,
  type CountTrend,
  type RunHistory,
  type RunTrend,
  type StatusStreak,
  type TableNight,
  type TableTrend,
} from './types.js';

/** The mark of a night's status in a strip: ✓ pass, ✗ fail, ! error, · not checked that night. */
export const STATUS_MARKS: Readonly<Record<Status | 'none', string>> = { pass: '✓', fail: '✗', error: '!', none: '·' };

/** Made on first use, like report/format.ts's number format: ICU's data costs every start otherwise. */
let runOrder: Intl.Collator | undefined;

/** Run names in the order a person counts stores: stores:2 before stores:10. */
export function compareRunNames(left: string, right: string): number {
  runOrder ??= new Intl.Collator('en', { numeric: true });
  return runOrder.compare(left, right);
}

/** A run name's recent nights and each of its tables', as `pgverify history` and report.html show them. */
export function runTrend(history: RunHistory): RunTrend {
  const nights = history.runs.map((run) => run.startedAt);
  const tables = [...history.tables.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([table, results]) => tableTrend(table, history.runs, results));
  return {
    run: history.name,
    nights,
    ...statusStreak(history.runs.map((run) => ({ status: run.status, startedAt: run.startedAt }))),
    tables,
  };
}

/** One table's nights aligned on its run's nights (null where a run did not check it), and its counts' trends. */
function tableTrend(table: string, runs: RunHistory['runs'], results: readonly TableNight[]): TableTrend {
  const byRun = new Map(results.map((result) => [result.runId, result]));
  const aligned = runs.map((run) => byRun.get(run.runId) ?? null);
  return {
    table,
    ...statusStreak(
      aligned.map((result, index) => ({ status: result?.status ?? null, startedAt: runs[index]!.startedAt })),
    ),
    trends: countTrends(aligned),
  };
}

/**
 * The strip, the last pass and the current streak of a sequence of nights, oldest first. A night that did not
 * check the table (null) neither breaks nor extends a streak.
 */
export function statusStreak(nights: ReadonlyArray<{ status: Status | null; startedAt: string }>): StatusStreak {
  const checked = nights.filter((night): night is { status: Status; startedAt: string } => night.status !== null);
  const lastPass = checked.reduce((found, night, index) => (night.status === 'pass' ? index : found), -1);
  const failing = checked.slice(lastPass + 1);
  return {
    statuses: nights.map((night) => night.status),
    strip: nights.map((night) => STATUS_MARKS[night.status ?? 'none']).join(''),
    lastStatus: checked.at(-1)?.status ?? null,
    lastPassed: lastPass < 0 ? null : checked[lastPass]!.startedAt,
    failingSince: failing[0]?.startedAt ?? null,
    failingNights: failing.length,
  };
}

/** Each count that was not zero on some night: its first and last measured value and the change between them. */
export function countTrends(nights: ReadonlyArray<TableNight | null>): CountTrend[] {
  return TABLE_COUNTS.flatMap((count) => {
    const values = nights.map((night) => night?.counts[count] ?? null);
    const measured = values.filter((value): value is number => value !== null);
    if (!measured.some((value) => value !== 0)) return [];
    const first = measured[0]!;
    const last = measured.at(-1)!;
    return [{ count, first, last, change: last - first, values }];
  });
}

/** A status that differs from the night before: what the roll-up marks. */
export interface StatusChange {
  readonly previous: Status;
  readonly current: Status;
}

/**
 * How the latest night of a run name (or of one of its tables) differs from the one before it; undefined when
 * it does not, or when there is no night before it to compare with.
 */
export function changeSincePrevious(history: RunHistory, table?: string): StatusChange | undefined {
  const results = table === undefined ? history.runs : (history.tables.get(table) ?? []);
  // A table the latest run did not check has no status tonight to compare.
  if (results.at(-1)?.runId !== history.runs.at(-1)?.runId) return undefined;
  const [previous, current] = results.slice(-2);
  if (previous === undefined || current === undefined || previous.status === current.status) return undefined;
  return { previous: previous.status, current: current.status };
}
