import pc from 'picocolors';
import type { RunSummary, RunsSummary, Status } from '../summary.js';
import { elapsedMsOf, firstNames, formatDuration, sharedReason, STATUS_LABELS } from './format.js';
import { renderSummary, rowDiffTotals, statusPaint, verdictSentence, type TerminalOptions } from './terminal.js';

/** Runs named in the roll-up line before the rest are only counted. */
const NAMED_RUNS = 5;

/**
 * Each run under its name, then the roll-up line (no trailing newline). With several runs, a run that passes is
 * one line, its verdict beside its name, and only the runs to look at show their tables: a nightly fan-out of a
 * thousand stores prints a line per store, not a table per store (report.html and summary.json keep every table).
 */
export function renderRuns(summary: RunsSummary, options: TerminalOptions): string {
  const colors = pc.createColors(options.color);
  const paint = statusPaint(options.color);
  const brief = summary.runs.length > 1;
  let text = '';
  let lastBrief = false;
  for (const run of summary.runs) {
    const name = colors.bold(`run ${run.name}`);
    const passed = brief && run.status === 'pass' && run.reason === undefined;
    if (text !== '') text += passed && lastBrief ? '\n' : '\n\n';
    text += passed
      ? `${name}: ${paint.pass(STATUS_LABELS.pass)}: ${verdictSentence(run)}`
      : `${name}\n${renderRun(run, options)}`;
    lastBrief = passed;
  }
  return `${text === '' ? '' : `${text}\n\n`}${renderRollup(summary, options)}`;
}

/** The one-line verdict over all runs, e.g. `FAIL: 1 of 4 runs differs (stores:2); 3 pass (12.3 s)`. */
export function renderRollup(summary: RunsSummary, options: { readonly color: boolean }): string {
  const paint = statusPaint(options.color);
  return `${paint[summary.status](STATUS_LABELS[summary.status])}: ${rollupText(summary)}`;
}

function renderRun(run: RunSummary, options: TerminalOptions): string {
  if (run.reason === undefined) return renderSummary(run, options);
  return `${pc.createColors(options.color).yellow('ERROR')}: ${run.reason}`;
}

/** The roll-up verdict without its label, e.g. `1 of 4 runs differs (stores:2); 3 pass (12.3 s)`. */
export function rollupText(summary: RunsSummary): string {
  const total = summary.runs.length;
  const of = (status: Status) => summary.runs.filter((run) => run.status === status);
  const [passed, failed, errored] = [of('pass'), of('fail'), of('error')];
  const elapsed = elapsedText(summary);
  if (summary.status === 'pass') return `${total === 1 ? 'the run passes' : `all ${total} runs pass`}${elapsed}`;
  const stopped = summary.interrupted === true ? 'interrupted: ' : '';
  const runs = `${total === 1 ? 'run' : 'runs'}`;
  // A run in error may have compared tables before one failed (a check locked out, a timeout): under --quiet a
  // cron log has this line alone, and the rows those tables found must not hide behind the error.
  const found = rowDiffTotals(errored.flatMap((run) => run.tables));
  const parts = [
    ...(errored.length > 0
      ? [
          `${errored.length} of ${total} ${runs} could not be checked (${names(errored)})${sharedReason(errored.map((run) => run.reason))}${found === '' ? '' : `, the tables they compared found ${found}`}`,
        ]
      : []),
    ...(failed.length > 0
      ? [`${failed.length} of ${total} ${runs} ${failed.length === 1 ? 'differs' : 'differ'} (${names(failed)})`]
      : []),
    ...(passed.length > 0 ? [`${passed.length} ${passed.length === 1 ? 'passes' : 'pass'}`] : []),
  ];
  return `${stopped}${parts.join('; ')}${elapsed}`;
}

function names(runs: readonly RunSummary[]): string {
  return firstNames(
    runs.map((run) => run.name),
    NAMED_RUNS,
  );
}

function elapsedText(summary: RunsSummary): string {
  const elapsedMs = elapsedMsOf(summary);
  return elapsedMs === undefined ? '' : ` (${formatDuration(elapsedMs)})`;
}
