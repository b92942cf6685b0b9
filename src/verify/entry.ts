import type { VerifyOptions } from './options.js';
import type { RunsSummary, Summary } from '../summary.js';
import { verifyRuns } from './run-many.js';
import { verify as verifyOne, verifySettled, type Settled } from './run.js';
import type { VerifyRunsOptions } from './runs-options.js';

export type { Settled } from './run.js';

/**
 * Verifies one run and returns its Summary, or, given `runs` (as a config file has them), every run and
 * a RunsSummary. Prints nothing; writes summary.json, diffs.csv and report.html only when `outDir` is given.
 */
export function verify(options: VerifyOptions): Promise<Summary>;
export function verify(options: VerifyRunsOptions): Promise<RunsSummary>;
export function verify(options: VerifyOptions | VerifyRunsOptions): Promise<Summary | RunsSummary>;
export function verify(options: VerifyOptions | VerifyRunsOptions): Promise<Summary | RunsSummary> {
  return hasRuns(options) ? verifyRuns(options) : verifyOne(options);
}

/**
 * verify() for a caller that reports failures itself (the CLI): a single run that could not start comes back
 * as its `error` summary (already written to `outDir`) with the failure beside it. Runs never fail as a whole:
 * each failed run is an entry of the summary. Bad options still throw.
 */
export function verifyOrFailure(options: VerifyOptions): Promise<Settled<Summary>>;
export function verifyOrFailure(options: VerifyOptions | VerifyRunsOptions): Promise<Settled<Summary | RunsSummary>>;
export async function verifyOrFailure(
  options: VerifyOptions | VerifyRunsOptions,
): Promise<Settled<Summary | RunsSummary>> {
  return hasRuns(options) ? { summary: await verifyRuns(options) } : verifySettled(options);
}

/** Whether options describe several runs. */
export function hasRuns(options: VerifyOptions | VerifyRunsOptions): options is VerifyRunsOptions {
  return (options as VerifyRunsOptions).runs !== undefined;
}

/** Whether a summary is the several-runs kind. */
export function isRunsSummary(summary: Summary | RunsSummary): summary is RunsSummary {
  return Array.isArray((summary as RunsSummary).runs);
}
