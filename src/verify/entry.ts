import type { VerifyOptions } from '../options.js';
import type { RunsSummary, Summary } from '../summary.js';
import { verifyRuns } from './run-many.js';
import { verify as verifyOne } from './run.js';
import type { VerifyRunsOptions } from './runs-options.js';

/**
 * Verifies one run and returns its Summary, or, given `runs` (as a config file has them), every run and
 * a RunsSummary. Prints nothing; writes summary.json and diffs.csv only when `outDir` is given.
 */
export function verify(options: VerifyOptions): Promise<Summary>;
export function verify(options: VerifyRunsOptions): Promise<RunsSummary>;
export function verify(options: VerifyOptions | VerifyRunsOptions): Promise<Summary | RunsSummary>;
export function verify(options: VerifyOptions | VerifyRunsOptions): Promise<Summary | RunsSummary> {
  return hasRuns(options) ? verifyRuns(options) : verifyOne(options);
}

/** Whether options describe several runs. */
export function hasRuns(options: VerifyOptions | VerifyRunsOptions): options is VerifyRunsOptions {
  return (options as VerifyRunsOptions).runs !== undefined;
}

/** Whether a summary is the several-runs kind. */
export function isRunsSummary(summary: Summary | RunsSummary): summary is RunsSummary {
  return Array.isArray((summary as RunsSummary).runs);
}
