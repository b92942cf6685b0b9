import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_CODES } from '../errors.js';
import { renderRollup, renderRuns } from '../report/runs-terminal.js';
import { renderSummary, renderVerdict, type TerminalOptions } from '../report/terminal.js';
import type { RunsSummary, Summary } from '../summary.js';
import { isRunsSummary } from '../verify/entry.js';
import type { OutputSettings } from './check-plan.js';

/** Colors only on a terminal, and never with NO_COLOR set. */
export function useColor(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR;
}

/**
 * How stdout prints tables: colour as useColor says, and on a terminal its width; piped to a file or a log, no
 * width is kept to and every reason keeps its 60 characters.
 */
export function stdoutStyle(): TerminalOptions {
  return {
    color: useColor(process.stdout),
    width: process.stdout.isTTY === true ? process.stdout.columns : undefined,
  };
}

/**
 * Prints a run's result on stdout: the summary JSON with --json (for `| jq`), only the verdict with --quiet,
 * else the table(s) and the verdict. Where the reports went goes to stderr, unless --quiet.
 */
export function printSummary(summary: Summary | RunsSummary, output: OutputSettings): void {
  const { color, width } = stdoutStyle();
  if (output.json) printJson(summary);
  else if (output.quiet)
    process.stdout.write(`${isRunsSummary(summary) ? renderRollup(summary, { color }) : renderVerdict(summary)}\n`);
  else
    process.stdout.write(
      `${isRunsSummary(summary) ? renderRuns(summary, { color, width }) : renderSummary(summary, { color, width })}\n`,
    );
  if (output.quiet) return;
  process.stderr.write(`${reportsWritten(summary, output.outDir)}\n`);
}

/** The summary JSON on stdout, as summary.json holds it: --json, whether the run checked its tables or could not start. */
export function printJson(summary: Summary | RunsSummary): void {
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

/** Where a run's reports went and which files they are: fix.sql and keys.jsonl only when something differs. */
export function reportsWritten(summary: Summary | RunsSummary, outDir: string): string {
  const files = isRunsSummary(summary)
    ? 'summary.json and report.html of all runs; summary.json, diffs.csv and report.html in a directory per run'
    : `summary.json, diffs.csv, report.html${existsSync(join(outDir, 'fix.sql')) ? ', fix.sql to review, keys.jsonl' : ''}`;
  return `reports written to ${outDir}/ (${files})`;
}

/** 130 when interrupted, else 0 when every table passes, 1 when some differ, 3 when some could not be checked. */
export function exitCodeFor(summary: Pick<Summary, 'status' | 'interrupted'>): number {
  if (summary.interrupted === true) return EXIT_CODES.interrupted;
  return summary.status === 'pass'
    ? EXIT_CODES.pass
    : summary.status === 'fail'
      ? EXIT_CODES.differences
      : EXIT_CODES.error;
}
