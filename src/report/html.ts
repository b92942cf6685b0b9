import { redactConnectionString } from '../connect/conninfo.js';
import type { RunHistory } from '../history/types.js';
import type { Summary, TableResult } from '../summary.js';
import { checkColumns, countCells } from './check-columns.js';
import type { DiffSample } from './diff-samples.js';
import { valueRulesText } from './value-rules-text.js';
import { findingsInWords } from './findings-text.js';
import type { FindingLine } from './finding-line.js';
import { escapeHtml } from './html-escape.js';
import { historyChart } from './html-history.js';
import { samplesHtml } from './html-samples.js';
import { factsList, htmlPage, originFacts, readableTime, statusBadge } from './html-page.js';
import { databaseText, serverText } from './run-origin.js';
import { structureInWords } from './structure-text.js';
import { elapsedMsOf, formatDuration } from './format.js';
import { verdictSentence } from './terminal.js';

/** What the run was asked to do that the summary does not record: its row filters and tenant settings. */
export interface HtmlReportFacts {
  readonly filters: { readonly source?: string; readonly target?: string };
  readonly tenantColumn?: string;
  readonly tenants?: readonly string[];
  /** The run's recent history, this run last (--history): each table's row then charts its last runs. */
  readonly history?: RunHistory;
  /** The report.html of all runs, relative to this one, when this run is one of a config file's. */
  readonly rollup?: string;
}

/**
 * report.html: one self-contained page (inline CSS, no script, nothing fetched) with the verdict, the run's
 * facts, one row per table with every finding, and the first differing rows of each table that did not pass.
 * `samples` gives a table's first diff lines (DiffWriter.samples); every text from the data is escaped.
 */
export function renderHtml(
  summary: Summary,
  samples: (table: string) => readonly DiffSample[],
  facts: HtmlReportFacts,
): string {
  const notPassing = summary.tables
    .map((result, index) => ({ result, index }))
    .filter(({ result }) => result.status !== 'pass');
  return htmlPage({
    title: `${summary.sourceSchema} → ${summary.targetSchema}`,
    status: summary.status,
    verdict: verdictSentence(summary),
    main: `${facts.rollup === undefined ? '' : `<p><a href="${escapeHtml(facts.rollup)}">← every run of this check</a></p>\n`}${factsHtml(summary, facts)}
${schemaStructureHtml(summary)}
${overviewHtml(summary, facts)}
${notPassing.length === 0 ? '' : `<h2>Tables that did not pass</h2>\n${notPassing.map(({ result, index }) => detailsHtml(result, index, samples(result.name), facts)).join('\n')}`}`,
  });
}

function factsHtml(summary: Summary, facts: HtmlReportFacts): string {
  const elapsedMs = elapsedMsOf(summary);
  const rows: Array<[string, string]> = [
    ['Started', readableTime(summary.startedAt)],
    ['Finished', readableTime(summary.finishedAt)],
    ['Duration', elapsedMs === undefined ? 'unknown' : formatDuration(elapsedMs)],
    ...(summary.interrupted
      ? [
          ['Interrupted', 'yes: the run was stopped before every table finished; the unfinished tables are errors'] as [
            string,
            string,
          ],
        ]
      : []),
    [
      'Mode',
      summary.structureOnly
        ? 'structure only (--structure-only): no row read, no check run'
        : summary.mode === 'fast'
          ? 'fast (in-database checksums, differing ranges fetched)'
          : 'exact (every row streamed and compared)',
    ],
    ...(summary.checks === false
      ? [
          ['Checks', 'off (--no-checks): rows compared only; no tenant, integrity or sequence checks'] as [
            string,
            string,
          ],
        ]
      : []),
    ...(summary.structure === false
      ? [
          [
            'Structure',
            'off (--no-structure): columns, constraints, indexes, triggers, policies and grants not compared',
          ] as [string, string],
        ]
      : []),
    ...(valueRulesText(summary) === ''
      ? []
      : [['Tolerances', `${valueRulesText(summary)} (values this close are equal)`] as [string, string]]),
    // The summary holds redacted strings already; redacting again costs nothing and guards hand-made summaries.
    ['Source', `${redactConnectionString(summary.source)} — schema ${summary.sourceSchema}`],
    ['Target', `${redactConnectionString(summary.target)} — schema ${summary.targetSchema}`],
    ['Source server', serverText(summary.sourceServer)],
    ['Target server', serverText(summary.targetServer)],
    ...databaseRows(summary),
    ['Source filter', facts.filters.source ?? 'none (every row)'],
    ['Target filter', facts.filters.target ?? 'none (every row)'],
    ['Tenant column', facts.tenantColumn ?? 'none'],
    [
      'Expected tenants',
      facts.tenants !== undefined && facts.tenants.length > 0
        ? facts.tenants.join(', ')
        : 'none (tenant check not run)',
    ],
    ...originFacts(summary),
  ];
  return `<h2>The run</h2>\n${factsList(rows)}`;
}

function databaseRows(summary: Summary): Array<[string, string]> {
  const source = databaseText(summary.sourceServer);
  const target = databaseText(summary.targetServer);
  return [
    ...(source === null ? [] : [['Source database', source] as [string, string]]),
    ...(target === null ? [] : [['Target database', target] as [string, string]]),
  ];
}

/** The run's own structure findings (databases, extensions, views, functions), when it compared the structure. */
function schemaStructureHtml(summary: Summary): string {
  if (summary.structure === false || summary.structure === undefined) return '';
  const lines = structureInWords(summary.structure);
  const body =
    lines.length === 0
      ? '<p>The databases (encoding, collation, extensions) and the schema (views, materialized views, functions called by triggers and defaults) match.</p>'
      : findingsList(lines);
  return `<h2>Schema structure</h2>\n${body}`;
}

function overviewHtml(summary: Summary, facts: HtmlReportFacts): string {
  if (summary.tables.length === 0) return '<h2>Tables</h2>\n<p>No tables were compared.</p>';
  const checks = checkColumns(summary.tables);
  const numeric = ['source rows', 'target rows', 'missing', 'extra', 'changed', ...checks.map((check) => check.head)];
  const history = facts.history;
  const charted = history === undefined ? [] : [`last ${history.runs.length} runs`];
  const head = ['table', 'status', ...charted, ...numeric, 'findings']
    // A non-breaking hyphen keeps `x-tenant` on one line when the header wraps.
    .map(
      (heading) =>
        `<th scope="col"${numeric.includes(heading) ? ' class="num"' : ''}>${escapeHtml(heading).replaceAll('-', '\u2011')}</th>`,
    )
    .join('');
  const rows = summary.tables.map((result, index) => {
    const name =
      result.status === 'pass' ? escapeHtml(result.name) : `<a href="#table-${index}">${escapeHtml(result.name)}</a>`;
    const cells = countCells(result, checks)
      .map((cell) => `<td class="num">${escapeHtml(cell)}</td>`)
      .join('');
    const chart = history === undefined ? '' : `<td class="chart">${historyChart(history, result.name)}</td>`;
    return (
      `<tr class="${result.status}"><th scope="row">${name}</th><td>${statusBadge(result.status)}</td>${chart}${cells}` +
      `<td class="findings">${findingsList(findingsInWords(result, facts.tenantColumn))}</td></tr>`
    );
  });
  return `<h2>Tables</h2>\n<div class="table-scroll"><table class="overview">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}

function detailsHtml(
  result: TableResult,
  index: number,
  samples: readonly DiffSample[],
  facts: HtmlReportFacts,
): string {
  const reason =
    result.reason === undefined ? '' : `<p class="reason">Reason in summary.json: ${escapeHtml(result.reason)}</p>`;
  return `<section class="table-details" id="table-${index}" aria-labelledby="table-${index}-title">
<h3 id="table-${index}-title">${escapeHtml(result.name)} ${statusBadge(result.status)}</h3>
${reason}
${findingsList(findingsInWords(result, facts.tenantColumn))}
${samplesHtml(result, samples, facts.tenantColumn)}
</section>`;
}

function findingsList(lines: readonly FindingLine[]): string {
  if (lines.length === 0) return '';
  const labels = { fail: 'Failure', warning: 'Warning', note: 'Note' } as const;
  const items = lines.map(
    (line) =>
      `<li class="${line.level}"><span class="level">${labels[line.level]}:</span> ${escapeHtml(line.text)}</li>`,
  );
  return `<ul class="findings">${items.join('')}</ul>`;
}
