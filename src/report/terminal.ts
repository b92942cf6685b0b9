import pc from 'picocolors';
import { structureFailures } from '../checks/structure/verdict.js';
import { wasCompared, type Status, type Summary, type TableResult } from '../summary.js';
import { columnsOf, renderBoxTable, truncateToColumns, type BoxColumn } from './box-table.js';
import { checkColumns, checkTotals, countCells } from './check-columns.js';
import { valueRulesText } from './value-rules-text.js';
import {
  elapsedMsOf,
  formatCount,
  formatDuration,
  reasonBesideCounts,
  rowDiffText,
  sharedReason,
  STATUS_LABELS,
} from './format.js';

const REASON_MAX_CHARS = 60;

type Paint = (text: string) => string;

/** How the terminal prints: in colour or not, and its width in columns when it is a terminal (else none is kept to). */
export interface TerminalOptions {
  readonly color: boolean;
  readonly width?: number | undefined;
}

/** The fewest characters of a reason the status column keeps however narrow the terminal. */
const REASON_MIN_CHARS = 12;

/** The fewest characters of a table's name the first column keeps however narrow the terminal. */
const NAME_MIN_CHARS = 16;

/** How each status is coloured in the terminal: green, red, yellow (plain text when `color` is false). */
export function statusPaint(color: boolean): Record<Status, Paint> {
  const colors = pc.createColors(color);
  return { pass: colors.green, fail: colors.red, error: colors.yellow };
}

/** The per-table results and the verdict line, as printed on stdout (no trailing newline). */
export function renderSummary(summary: Summary, options: TerminalOptions): string {
  const paint = statusPaint(options.color);
  const verdict = `${paint[summary.status](STATUS_LABELS[summary.status])}: ${verdictSentence(summary)}`;
  if (summary.tables.length === 0) return verdict;
  const tolerated = valueRulesText(summary);

  const checks = checkColumns(summary.tables);
  const full = resultsTable(summary, checks, options);
  // The checks' columns go first on a terminal too narrow for them: a failing check is in the reason too.
  const tooWide = options.width !== undefined && full.indexOf('\n') > options.width && checks.length > 0;
  const table = tooWide ? resultsTable(summary, [], options) : full;
  return `${table}\n${tolerated === '' ? '' : `Compared within tolerances: ${tolerated}\n`}${verdict}`;
}

/** The results table, one row per table, fitted to the terminal's width as far as names and reasons can be cut. */
function resultsTable(summary: Summary, checks: ReturnType<typeof checkColumns>, options: TerminalOptions): string {
  const paint = statusPaint(options.color);
  const { columns, rows, nameWidth, reasonWidth } = layout(summary, checks, options.width);
  return renderBoxTable(
    columns,
    summary.tables.map((result, index) => {
      const [name, ...counts] = rows[index]!;
      return [
        truncateToColumns(name!, nameWidth),
        ...counts,
        { text: statusCell(result, reasonWidth), paint: paint[result.status] },
      ];
    }),
  );
}

/** The columns and cells of the results table, with how much of names and reasons fits `width`. */
function layout(summary: Summary, checks: ReturnType<typeof checkColumns>, width: number | undefined) {
  const columns: BoxColumn[] = [
    { head: 'table', align: 'left' },
    ...['source rows', 'target rows', 'missing', 'extra', 'changed', ...checks.map((check) => check.head)].map(
      (head) => ({ head, align: 'right' as const }),
    ),
    { head: 'status', align: 'left' },
  ];
  const rows = summary.tables.map((result) => [
    result.targetName === undefined ? result.name : `${result.name} → ${result.targetName}`,
    ...countCells(result, checks),
  ]);
  return { columns, rows, ...fitToWidth(width, [columns.slice(0, -1).map((column) => column.head), ...rows]) };
}

/** The row differences of `results` added up, or '' when there are none. */
export function rowDiffTotals(results: readonly TableResult[]): string {
  const sum = (pick: (result: TableResult) => number) => results.reduce((total, result) => total + pick(result), 0);
  const [missing, extra, changed] = [sum((r) => r.diff.missing), sum((r) => r.diff.extra), sum((r) => r.diff.changed)];
  return missing + extra + changed === 0 ? '' : rowDiffText({ missing, extra, changed });
}

/**
 * The rows that differ in tables compared before a check failed (errors with counts), for the verdict of a run
 * in error: a cron log under --quiet has that line alone. Empty when there are none.
 */
function comparedBeforeFailure(summary: Summary): string {
  const compared = summary.tables.filter((result) => result.status === 'error' && wasCompared(result));
  const rows = rowDiffTotals(compared);
  return rows === '' ? '' : `; ${formatCount(compared.length)} of them compared before a check failed: ${rows}`;
}

/** The one-line verdict of a run, uncoloured, e.g. `PASS: 15 tables identical (mode fast, 2.3 s)`. */
export function renderVerdict(summary: Summary): string {
  return `${STATUS_LABELS[summary.status]}: ${verdictSentence(summary)}`;
}

/** The verdict line without its label, e.g. `15 tables identical (mode fast, 2.3 s)`. */
export function verdictSentence(summary: Summary): string {
  const total = summary.tables.length;
  const count = (status: Status): number => summary.tables.filter((t) => t.status === status).length;
  const failed = count('fail');
  const errored = count('error');
  const run = runDetails(summary);

  if (summary.status === 'error') {
    if (summary.reason !== undefined) return `no table was checked: ${summary.reason} ${run}`;
    const differing = failed > 0 ? `, ${formatCount(failed)} ${failed === 1 ? 'differs' : 'differ'}` : '';
    // Interrupted, the tables it did not finish say so; otherwise their reason when they share one (a cron
    // log under --quiet has this line alone).
    if (summary.interrupted === true)
      return `interrupted: ${formatCount(errored)} of ${tables(total)} not checked${differing} ${run}`;
    if (errored === 0) return `the run could not finish${differing} ${run}`;
    const reason = sharedReason(
      summary.tables
        .filter((result) => result.status === 'error')
        .map((result) => result.reason?.replace(/\s+/g, ' ').trim()),
    );
    // After a reason (which may hold commas), the tables that differ follow a semicolon.
    const after = reason === '' ? differing : differing.replace(/^, /, '; ');
    return `${formatCount(errored)} of ${tables(total)} could not be checked${reason}${after}${comparedBeforeFailure(summary)} ${run}`;
  }
  const schema = schemaStructureText(summary);
  if (summary.status === 'fail') {
    if (failed === 0) return `${schema}; ${tables(total)} identical ${run}`;
    // A table can fail on its columns or its checks alone; "0 missing, 0 extra, 0 changed rows" would only confuse.
    const rows = rowDiffTotals(summary.tables);
    const findings = [rows, checkTotals(summary)].filter((part) => part !== '').join('; ');
    const differ = `${formatCount(failed)} of ${tables(total)} ${failed === 1 ? 'differs' : 'differ'}${findings === '' ? '' : `: ${findings}`}`;
    // The tables that differ first: the schema's findings, often warnings only, follow them.
    return `${differ}${schema === '' ? '' : `; ${schema}`} ${run}`;
  }
  const warned = schema === '' ? '' : `; ${schema}`;
  if (total === 0) return `no tables to compare${warned} ${run}`;
  const inFlight = summary.tables.reduce((sum, result) => sum + (result.diff.inFlight ?? 0), 0);
  const settled = inFlight === 0 ? '' : `, ${formatCount(inFlight)} ${inFlight === 1 ? 'row' : 'rows'} in flight`;
  // A structure-only run read no row: what is identical is the tables' structure.
  const identical = summary.structureOnly === true ? 'identical in structure' : 'identical';
  return `${tables(total)} ${identical}${settled}${warned} ${run}`;
}

/**
 * The run's schema-level structure in a few words: its failures (`schema structure: view v missing in target`),
 * else how many warnings it has; '' when neither.
 */
function schemaStructureText(summary: Summary): string {
  const findings = summary.structure === false || summary.structure === undefined ? [] : summary.structure;
  const failures = structureFailures(findings);
  if (failures.length > 0) return `schema ${failures.join('')}`;
  const warnings = findings.filter((found) => found.severity === 'warning').length;
  if (warnings === 0) return '';
  return `${formatCount(warnings)} schema structure ${warnings === 1 ? 'warning' : 'warnings'} (${findings
    .filter((found) => found.severity === 'warning')
    .map((found) => `${found.object} ${found.name}`)
    .join(', ')})`;
}

function runDetails(summary: Summary): string {
  const elapsedMs = elapsedMsOf(summary);
  const mode = summary.structureOnly
    ? 'structure only'
    : `mode ${summary.mode}${summary.checks === false ? ', checks off' : ''}${summary.structure === false ? ', structure off' : ''}${valueRulesText(summary) === '' ? '' : ', with tolerances'}`;
  return elapsedMs === undefined ? `(${mode})` : `(${mode}, ${formatDuration(elapsedMs)})`;
}

function statusCell(result: TableResult, reasonWidth: number): string {
  // The row counts have columns of their own: the cell keeps its width for the rest of the reason.
  const reason = reasonBesideCounts(result.reason ?? '', result.diff)
    .replace(/\s+/g, ' ')
    .trim();
  if (result.status === 'pass' || reason === '') return result.status;
  return `${result.status}: ${truncateToColumns(reason, reasonWidth)}`;
}

/**
 * How much of a table's name and of a reason the table shows. Without a width: every name whole and up to
 * REASON_MAX_CHARS of a reason. On a terminal too narrow for that (each column is its widest cell, a space
 * either side and a border), reasons are cut first, down to REASON_MIN_CHARS, then names, down to NAME_MIN_CHARS.
 */
function fitToWidth(
  width: number | undefined,
  cells: readonly (readonly string[])[],
): { nameWidth: number; reasonWidth: number } {
  const widest = (column: number) => Math.max(...cells.map((row) => columnsOf(row[column] ?? '')));
  const names = widest(0);
  if (width === undefined) return { nameWidth: names, reasonWidth: REASON_MAX_CHARS };
  let others = 1;
  for (let column = 1; column < cells[0]!.length; column++) others += widest(column) + 3;
  // What the name and the status columns have between them: their borders and padding, and `error: `.
  const left = width - others - 3 - 3 - 'error: '.length;
  const reasonWidth = Math.max(REASON_MIN_CHARS, Math.min(REASON_MAX_CHARS, left - names));
  const nameWidth = Math.min(names, Math.max(NAME_MIN_CHARS, left - reasonWidth));
  return { nameWidth, reasonWidth };
}

function tables(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'table' : 'tables'}`;
}
