import { join } from 'node:path';
import { PgVerifyError, describeError } from '../errors.js';
import type { ResolvedOptions } from './options.js';
import { makeDirectories, writeFileAtomic } from '../report/atomic-file.js';
import { createCsvDiffWriter } from '../report/diff-writer.js';
import type { DiffSample } from '../report/diff-samples.js';
import { renderHtml } from '../report/html.js';
import { writeSummaryJson } from '../report/summary-json.js';
import type { RunHistory } from '../history/types.js';
import type { Summary } from '../summary.js';
import { NO_SERVERS, runFacts } from './run-facts.js';

/**
 * Creates a run's output directory; one that cannot be created is a failure of the run, said with its path.
 * True when this run made it, empty: no earlier run's files are there to replace or remove.
 */
export async function createOutDir(outDir: string): Promise<boolean> {
  try {
    return await makeDirectories(outDir);
  } catch (error) {
    throw new PgVerifyError(`cannot create output directory ${outDir}: ${describeError(error)}`, { cause: error });
  }
}

/**
 * report.html, then summary.json (diffs.csv is already written), each atomically: once summary.json is there, every
 * file is. `rollup` links report.html to the report of all runs, for a run of a config file's.
 */
export async function writeRunReports(
  outDir: string,
  summary: Summary,
  samples: (table: string) => readonly DiffSample[],
  options: ResolvedOptions,
  history?: RunHistory,
  rollup?: string,
): Promise<void> {
  const facts = {
    filters: { source: options.sourceWhere, target: options.targetWhere },
    tenantColumn: options.tenantColumn,
    tenants: options.tenants,
    ...(history !== undefined ? { history } : {}),
    ...(rollup !== undefined ? { rollup } : {}),
  };
  await writeFileAtomic(join(outDir, 'report.html'), renderHtml(summary, samples, facts));
  await writeSummaryJson(join(outDir, 'summary.json'), summary);
}

/** The summary of a run that checked no table: `error`, why (the line the CLI prints), the run's facts and the servers it reached. */
export function failedSummary(
  options: ResolvedOptions,
  reason: string,
  startedAt: string,
  interrupted: boolean,
  servers = NO_SERVERS,
): Summary {
  return {
    status: 'error',
    reason,
    ...runFacts(options, servers),
    startedAt,
    finishedAt: new Date().toISOString(),
    ...(interrupted ? { interrupted: true } : {}),
    tables: [],
  };
}

/**
 * Gives a run that checked no table the files of any other run: a diffs.csv of the header alone, report.html
 * and summary.json saying `error` and why. Best effort: the caller reports the failure itself, and a disk
 * that refuses these files must not hide it.
 */
export async function writeFailedRunReports(outDir: string, summary: Summary, options: ResolvedOptions): Promise<void> {
  try {
    await makeDirectories(outDir);
    await createCsvDiffWriter(join(outDir, 'diffs.csv'), 0).close();
    await writeRunReports(outDir, summary, () => [], options);
  } catch {
    // The failure that stopped the run is reported all the same; only its files are missing.
  }
}
