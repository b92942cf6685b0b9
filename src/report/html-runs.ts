import type { RunSummary, RunsSummary } from '../summary.js';
import { escapeHtml } from './html-escape.js';
import { changedRunsHtml, fleetMatrixHtml, type FleetHistory } from './html-fleet.js';
import { factsList, htmlPage, originFacts, readableTime, statusBadge } from './html-page.js';
import { rollupText } from './runs-terminal.js';
import { elapsedMsOf, formatCount, formatDuration } from './format.js';

/**
 * The report.html of several runs (a config file's `runs`, one per store with forEach): the roll-up verdict,
 * the fleet as a matrix of runs by tables, and one row per run with its tables and differences, linking to
 * the run's own report.html beside it. With `history` (--history), the runs whose status changed since their
 * previous run are listed, and marked in the matrix.
 */
export function renderRunsHtml(summary: RunsSummary, history?: FleetHistory): string {
  const head = ['run', 'status', 'tables', 'not passing', 'missing', 'extra', 'changed', 'duration', 'report']
    .map((heading, index) => `<th scope="col"${index >= 2 && index <= 7 ? ' class="num"' : ''}>${heading}</th>`)
    .join('');
  const rows = summary.runs.map(runRow).join('\n');
  return htmlPage({
    title: `${summary.runs.length} ${summary.runs.length === 1 ? 'run' : 'runs'}`,
    status: summary.status,
    verdict: rollupText(summary),
    main: `<h2>The command</h2>
${factsList(commandFacts(summary))}
${changedRunsHtml(summary, history)}
${fleetMatrixHtml(summary, history)}
<h2>Runs</h2>
<div class="table-scroll"><table class="overview">
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody></table></div>`,
  });
}

function commandFacts(summary: RunsSummary): Array<[string, string]> {
  const elapsedMs = elapsedMsOf(summary);
  return [
    ['Started', readableTime(summary.startedAt)],
    ['Finished', readableTime(summary.finishedAt)],
    ['Duration', elapsedMs === undefined ? 'unknown' : formatDuration(elapsedMs)],
    ...originFacts(summary),
  ];
}

function runRow(run: RunSummary): string {
  const sum = (pick: (diff: RunSummary['tables'][number]['diff']) => number) =>
    run.tables.reduce((total, table) => total + pick(table.diff), 0);
  const elapsedMs = elapsedMsOf(run);
  const cells = [
    formatCount(run.tables.length),
    formatCount(run.tables.filter((table) => table.status !== 'pass').length),
    formatCount(sum((diff) => diff.missing)),
    formatCount(sum((diff) => diff.extra)),
    formatCount(sum((diff) => diff.changed)),
    elapsedMs === undefined ? '-' : formatDuration(elapsedMs),
  ]
    .map((cell) => `<td class="num">${escapeHtml(cell)}</td>`)
    .join('');
  // A run that checked no table: its reason is all its own report says.
  const report =
    run.reason !== undefined
      ? `<td class="findings">${escapeHtml(run.reason)}</td>`
      : `<td><a href="${escapeHtml(`${encodeURIComponent(run.dir)}/report.html`)}">${escapeHtml(run.dir)}/report.html</a></td>`;
  return `<tr class="${run.status}"><th scope="row">${escapeHtml(run.name)}</th><td>${statusBadge(run.status)}</td>${cells}${report}</tr>`;
}
