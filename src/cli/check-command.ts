import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CommandModule } from 'yargs';
import { PgVerifyError, describeError } from '../errors.js';
import { makeDirectories, writeFileAtomic } from '../report/atomic-file.js';
import { renderJunit } from '../report/junit.js';
import type { VerifyOptions } from '../verify/options.js';
import type { RunsSummary, Summary } from '../summary.js';
import { hasRuns, isRunsSummary, verifyOrFailure, type Settled } from '../verify/entry.js';
import { resolveOptions } from '../verify/options.js';
import { comparesItself } from '../verify/same-database.js';
import { resolveRuns, type VerifyRunsOptions } from '../verify/runs-options.js';
import { checkOptions, commandLineOf, type CheckArguments } from './check-options.js';
import { planCheck } from './check-plan.js';
import { withInterrupt } from './interrupt.js';
import { exitCodeFor, printJson, printSummary, useColor } from './print-summary.js';
import { createProgress, progressStyle, type Progress } from './progress.js';

export { exitCodeFor, useColor } from './print-summary.js';

/**
 * `pgverify check`: compares two schemas table by table and exits 0 (identical), 1 (differences) or 3 (failure).
 * `typed` is the command line after the program's name, which the reports record.
 */
export function checkCommand(typed: readonly string[]): CommandModule<object, CheckArguments> {
  return {
    command: 'check',
    describe: 'Compare every table of the source schema with the target schema',
    builder: checkOptions,
    handler: async (args) => {
      const commandLine = commandLineOf(args);
      // Loaded only with --config: the schema library costs every other run a tenth of its start-up.
      const config =
        commandLine.config === undefined
          ? undefined
          : await (await import('../config/load-config.js')).loadConfig(commandLine.config);
      const { options, output } = planCheck(commandLine, config, new Date());
      const progress = createProgress(
        process.stderr,
        progressStyle(process.stderr, output.quiet),
        useColor(process.stderr),
      );
      if (output.junit !== undefined) await prepareJunit(output.junit);
      warnIfComparingItself(options);
      const { summary, failure } = await runWithProgress({ ...options, commandLine: typed }, progress);
      warnHistoryErrors(summary);
      if (failure !== undefined) {
        // summary.json already says why; CI gets the same reason, and main() prints it and sets the exit code.
        if (output.junit !== undefined) await writeJunit(output.junit, summary).catch(() => undefined);
        // A script reading --json gets the summary that says `error` and why, as summary.json does.
        if (output.json) printJson(summary);
        throw failure;
      }
      if (output.junit !== undefined) await writeJunit(output.junit, summary);
      printSummary(summary, output);
      process.exitCode = exitCodeFor(summary);
    },
  };
}

/** A run that would compare a database with itself is a warning: its verdict would say nothing. */
function warnIfComparingItself(options: VerifyOptions | VerifyRunsOptions): void {
  let warnings: string[];
  try {
    warnings = hasRuns(options)
      ? resolveRuns(options).flatMap((run) => {
          // A forEach run's schemas are its tenants', known only once its query ran.
          const warning = run.forEach === undefined ? comparesItself(run.resolved) : undefined;
          return warning === undefined ? [] : [`run ${run.name}: ${warning}`];
        })
      : [comparesItself(resolveOptions(options))].filter((warning) => warning !== undefined);
  } catch {
    return; // Options the run refuses are reported by the run itself.
  }
  for (const warning of warnings) process.stderr.write(`pgverify: warning: ${warning}\n`);
}

/** A history that could not be written is a warning, once per reason: the verdict and the exit code stand. */
function warnHistoryErrors(summary: Summary | RunsSummary): void {
  const runs = isRunsSummary(summary) ? summary.runs : [summary];
  for (const error of new Set(runs.flatMap((run) => (run.historyError !== undefined ? [run.historyError] : []))))
    process.stderr.write(`pgverify: warning: not recorded: ${error}\n`);
}

/**
 * Makes the --junit file's directory and proves it writable before the run starts, as --out's is: a bad path is
 * said at once (exit 3), not found after every table was read.
 */
async function prepareJunit(path: string): Promise<void> {
  const directory = dirname(path);
  try {
    await makeDirectories(directory);
    await access(directory, constants.W_OK);
  } catch (error) {
    throw new PgVerifyError(`cannot write --junit ${path}: ${describeError(error)}`, { cause: error });
  }
}

async function writeJunit(path: string, summary: Summary | RunsSummary): Promise<void> {
  await writeFileAtomic(path, renderJunit(summary));
}

/** Runs verify with progress on stderr (live on a terminal, log lines otherwise); Ctrl-C cancels and reports. */
export async function runCheck(options: VerifyOptions): Promise<Summary> {
  const { summary, failure } = await runWithProgress(
    options,
    createProgress(process.stderr, progressStyle(process.stderr, false), useColor(process.stderr)),
  );
  if (failure !== undefined) throw failure;
  return summary;
}

function runWithProgress(options: VerifyOptions, progress: Progress): Promise<Settled<Summary>>;
function runWithProgress(
  options: VerifyOptions | VerifyRunsOptions,
  progress: Progress,
): Promise<Settled<Summary | RunsSummary>>;
async function runWithProgress(
  options: VerifyOptions | VerifyRunsOptions,
  progress: Progress,
): Promise<Settled<Summary | RunsSummary>> {
  try {
    return await withInterrupt((signal) => verifyOrFailure({ ...options, signal, onProgress: progress.update }));
  } finally {
    progress.stop();
  }
}
