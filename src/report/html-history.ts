import { TABLE_COUNTS, type RunHistory, type TableCount } from '../history/types.js';
import type { Status } from '../summary.js';
import { escapeHtml } from './html-escape.js';
import { readableTime } from './html-page.js';
import { formatNumber } from './format.js';

const BAR_WIDTH = 5;
const BAR_GAP = 1;
const CHART_HEIGHT = 22;
/** A bar's height when it has no difference: enough to show its status's colour. */
const FLOOR = 4;
const DIFFERENCES: readonly TableCount[] = ['missing', 'extra', 'changed'];

/**
 * A table's recent runs as a small inline SVG (no script, nothing fetched): one bar per run, oldest left,
 * coloured by status, as tall as the run's difference count (missing + extra + changed) against the largest;
 * each bar's title tells its time, status and counts. A run that did not check the table is a grey stub.
 */
export function historyChart(history: RunHistory, table: string): string {
  const results = new Map((history.tables.get(table) ?? []).map((night) => [night.runId, night]));
  const nights = history.runs.map((run) => {
    const result = results.get(run.runId);
    const differences =
      result === undefined ? 0 : DIFFERENCES.reduce((total, count) => total + (result.counts[count] ?? 0), 0);
    return { startedAt: run.startedAt, status: result?.status, differences, counts: result?.counts };
  });
  const most = Math.max(1, ...nights.map((night) => night.differences));
  const bars = nights.map((night, index) => {
    const height =
      night.status === undefined ? 2 : FLOOR + Math.round((night.differences / most) * (CHART_HEIGHT - FLOOR));
    const counts =
      night.counts === undefined
        ? 'not checked'
        : [
            night.status as Status,
            ...TABLE_COUNTS.flatMap((count) =>
              (night.counts![count] ?? 0) > 0
                ? [`${formatNumber(night.counts![count]!)} ${count.replace('_', ' ')}`]
                : [],
            ),
          ].join(', ');
    return `<rect class="${night.status ?? 'none'}" x="${index * (BAR_WIDTH + BAR_GAP)}" y="${CHART_HEIGHT - height}" width="${BAR_WIDTH}" height="${height}"><title>${escapeHtml(`${readableTime(night.startedAt)}: ${counts}`)}</title></rect>`;
  });
  const width = Math.max(1, nights.length * (BAR_WIDTH + BAR_GAP) - BAR_GAP);
  const label = `last ${nights.length} ${nights.length === 1 ? 'run' : 'runs'} of ${table}: ${nights.map((night) => night.status ?? 'not checked').join(', ')}`;
  return `<svg class="history-chart" role="img" aria-label="${escapeHtml(label)}" width="${width}" height="${CHART_HEIGHT}" viewBox="0 0 ${width} ${CHART_HEIGHT}">${bars.join('')}</svg>`;
}
