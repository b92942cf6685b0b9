import { changeSincePrevious, type StatusChange } from '../history/trend.js';
import type { RunHistory } from '../history/types.js';
import type { RunSummary, RunsSummary, Status } from '../summary.js';
import { escapeHtml } from './html-escape.js';
import { statusBadge } from './html-page.js';

/** What the fleet matrix knows of the runs' past: each run's recent history, by run name (--history). */
export type FleetHistory = ReadonlyMap<string, RunHistory>;

/**
 * The fleet at a glance: one row per run (a store of a forEach), one small cell per table coloured by its
 * status, the header sticky and its table names turned on their side so 15 tables take 15 narrow columns
 * (the full name in each cell's and heading's title). With history, a framed cell marks a status that changed
 * since the run before. Sized so that 89 stores of 15 tables fit one screen.
 */
export function fleetMatrixHtml(summary: RunsSummary, history: FleetHistory | undefined): string {
  const tables = [...new Set(summary.runs.flatMap((run) => run.tables.map((table) => table.name)))];
  if (tables.length === 0) return '';
  const head = tables.map(
    (table) => `<th scope="col" title="${escapeHtml(table)}"><span>${escapeHtml(table)}</span></th>`,
  );
  const rows = summary.runs.map((run) => {
    const results = new Map(run.tables.map((table) => [table.name, table]));
    const past = history?.get(run.name);
    const cells = tables.map((table) => {
      const result = results.get(table);
      const change = past === undefined ? undefined : changeSincePrevious(past, table);
      const status: Status | 'none' = result?.status ?? 'none';
      const title = `${run.name} · ${table}: ${result === undefined ? 'not checked' : result.status}${changeText(change)}`;
      return `<td class="${status}${change !== undefined ? ' flipped' : ''}" title="${escapeHtml(title)}">${change !== undefined ? '•' : ''}</td>`;
    });
    const runChange = past === undefined ? undefined : changeSincePrevious(past);
    const title = `${run.name}: ${run.status}${run.reason !== undefined ? ` (${run.reason})` : ''}${changeText(runChange)}`;
    return `<tr class="${run.status}"><th scope="row" title="${escapeHtml(title)}">${escapeHtml(run.name)}</th>${cells.join('')}</tr>`;
  });
  const legend = `<p class="legend">${(['pass', 'fail', 'error', 'none'] as const)
    .map((status) => `<span class="swatch ${status}"></span>${status === 'none' ? 'not checked' : status}`)
    .join(
      '',
    )}${history !== undefined ? '; • framed: the status changed since the run before' : ''}. Hover a cell for its run, table and status.</p>`;
  return `<h2>The fleet</h2>
${legend}
<div class="fleet-scroll"><table class="fleet">
<thead><tr><th scope="col"><span>run</span></th>${head.join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

/**
 * The runs whose status, or the status of one of their tables, changed since their run before, as a list: a
 * store failing on another table than the night before is news even though it failed both nights. Empty when
 * none changed or there is no history.
 */
export function changedRunsHtml(summary: RunsSummary, history: FleetHistory | undefined): string {
  if (history === undefined) return '';
  const items = summary.runs.flatMap((run) => {
    const past = history.get(run.name);
    if (past === undefined) return [];
    const change = changeSincePrevious(past);
    const tables = tablesChanged(run, past);
    if (change === undefined && tables === '') return [];
    const status =
      change === undefined
        ? `${statusBadge(run.status)} as before, its tables changed:`
        : `${statusBadge(change.previous)} → ${statusBadge(change.current)}`;
    return [`<li>${escapeHtml(run.name)}: ${status}${tables}</li>`];
  });
  return `<h2>Changed since the previous run</h2>
${items.length === 0 ? '<p>No run or table changed status since its previous run.</p>' : `<ul class="changes">${items.join('')}</ul>`}`;
}

function tablesChanged(run: RunSummary, past: RunHistory): string {
  const tables = run.tables.flatMap((table) => {
    const change = changeSincePrevious(past, table.name);
    return change === undefined ? [] : [`${table.name} (${change.previous} → ${change.current})`];
  });
  return tables.length === 0 ? '' : ` <span class="muted">${escapeHtml(tables.join(', '))}</span>`;
}

function changeText(change: StatusChange | undefined): string {
  return change === undefined ? '' : `, was ${change.previous} the run before`;
}
