import pc from 'picocolors';
import type { CountTrend, HistoryReport, StatusStreak, TableTrend } from '../history/types.js';
import { formatNumber, STATUS_LABELS } from './format.js';
import { readableTime } from './html-page.js';
import { statusPaint } from './terminal.js';

/**
 * `pgverify history` in the terminal: per run name, then per table, the nights as a strip (✓ pass, ✗ fail,
 * ! error, · not checked; oldest left), the streak in words and how each count moved (no trailing newline).
 * `run` is the --run asked for: nothing found under it says so.
 */
export function renderHistory(
  report: HistoryReport,
  options: { readonly color: boolean; readonly run?: string | undefined },
): string {
  const colors = pc.createColors(options.color);
  const paint = statusPaint(options.color);
  const heading = `History since ${readableTime(report.since)}: ${report.runs.length} ${report.runs.length === 1 ? 'run' : 'runs'}`;
  if (report.recorded === false)
    return `${heading}; this database holds no pgverify history (no schema pgverify): is it the one \`check --history\` writes to?`;
  if (report.runs.length === 0 && options.run !== undefined)
    return `${heading}; no run named ${JSON.stringify(options.run)} was recorded in this period (runs are named as check names them: stores:4, or a run's own name).`;
  if (report.runs.length === 0) return `${heading}; nothing recorded in this period.`;
  const width = Math.max(
    ...report.runs.flatMap((run) => [run.run.length, ...run.tables.map((t) => t.table.length + 2)]),
  );
  const line = (name: string, streak: StatusStreak, trends: readonly CountTrend[]) => {
    const verdict = streak.lastStatus === null ? 'not checked' : paint[streak.lastStatus](streakText(streak));
    const moved = trends.length === 0 ? '' : `; ${trends.map(trendText).join(', ')}`;
    return `${name.padEnd(width)}  ${streak.strip}  ${verdict}${moved}`;
  };
  // A table that passed every night with nothing to count says nothing a night's strip would not: counted, not listed.
  const quiet = (table: TableTrend) => table.trends.length === 0 && table.statuses.every((status) => status === 'pass');
  const blocks = report.runs.map((run) => {
    const shown = run.tables.filter((table) => !quiet(table));
    const passing = run.tables.length - shown.length;
    return [
      line(colors.bold(run.run) + ' '.repeat(Math.max(0, width - run.run.length)), run, []),
      ...shown.map((table) => line(`  ${table.table}`, table, table.trends)),
      ...(passing === 0
        ? []
        : [
            `  ${shown.length === 0 ? '' : 'and '}${passing}${shown.length === 0 ? '' : ' more'} ${passing === 1 ? 'table' : 'tables'}: passed every run, nothing counted`,
          ]),
    ].join('\n');
  });
  return [heading, ...blocks].join('\n\n');
}

/** `FAIL for 3 runs since 2026-11-28 02:00:00 UTC, last passed 2026-11-27 02:00:00 UTC`, or `PASS`. */
export function streakText(streak: StatusStreak): string {
  if (streak.lastStatus === null) return 'not checked';
  if (streak.lastStatus === 'pass') return STATUS_LABELS.pass;
  const since = streak.failingSince === null ? '' : ` since ${readableTime(streak.failingSince)}`;
  const last =
    streak.lastPassed === null ? ', no pass in this period' : `, last passed ${readableTime(streak.lastPassed)}`;
  return `${STATUS_LABELS[streak.lastStatus]} for ${streak.failingNights} ${streak.failingNights === 1 ? 'run' : 'runs'}${since}${last}`;
}

/** `changed 1 → 3 (+2)`. */
export function trendText(trend: CountTrend): string {
  const sign = trend.change > 0 ? '+' : '';
  return `${trend.count.replace('_', ' ')} ${formatNumber(trend.first)} → ${formatNumber(trend.last)} (${sign}${formatNumber(trend.change)})`;
}
