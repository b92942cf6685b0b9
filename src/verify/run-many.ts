import { join } from 'node:path';
import { describeError, describeFailure } from '../errors.js';
import { openHistory, type HistoryRecorder } from '../history/recorder.js';
import type { RunHistory } from '../history/types.js';
import { resolveOptions, type ProgressEvent } from './options.js';
import { writeFileAtomic } from '../report/atomic-file.js';
import { renderRunsHtml } from '../report/html-runs.js';
import { writeSummaryJson } from '../report/summary-json.js';
import { INTERRUPTED, worstStatus, type RunSummary, type RunsSummary } from '../summary.js';
import { listTenants, tenantRun, type TenantRow, type TenantRun } from './for-each.js';
import { RunDirs } from './run-dirs.js';
import { verifyWithin } from './run.js';
import { SharedSessions } from './shared-sessions.js';
import { FleetCatalog } from './fleet-catalog.js';
import { catalogParts } from './side-catalog.js';
import { runOrigin } from './run-facts.js';
import { mapBounded } from './map-bounded.js';
import { recordRun } from './run-history.js';
import { createOutDir, failedSummary, writeFailedRunReports } from './run-reports.js';
import { resolveRuns, type ResolvedRun, type VerifyRunsOptions } from './runs-options.js';

/** What every run of a batch shares. */
interface Batch {
  readonly outDir: string | undefined;
  readonly dirs: RunDirs;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ((event: ProgressEvent) => void) | undefined;
  /** Where every run is recorded (--history), and each run's recent history read back, by run name. */
  readonly history: HistoryRecorder | undefined;
  readonly histories: Map<string, RunHistory>;
}

/**
 * Verifies several runs one after another (a forEach run's tenants two per connection, on `jobs` connections per side) and returns one summary
 * with every run's. With `outDir`, each run writes its own summary.json, diffs.csv and report.html under
 * `<outDir>/<run dir>/`; `<outDir>/summary.json` gets them all and `<outDir>/report.html` links them. A run that cannot start or finish becomes
 * an `error` entry and the others go on; only bad options (UsageError, before anything connects) throw.
 */
export async function verifyRuns(options: VerifyRunsOptions): Promise<RunsSummary> {
  const runs = resolveRuns(options);
  const history =
    options.history === undefined
      ? undefined
      : await openHistory(
          options.history,
          runs.flatMap((run) => [
            { side: 'source' as const, url: run.resolved.source },
            { side: 'target' as const, url: run.resolved.target },
          ]),
          runs[0]!.resolved,
        );
  try {
    return await verifyBatch(options, runs, history);
  } finally {
    await history?.close();
  }
}

async function verifyBatch(
  options: VerifyRunsOptions,
  runs: ResolvedRun[],
  history: HistoryRecorder | undefined,
): Promise<RunsSummary> {
  const startedAt = new Date().toISOString();
  const batch: Batch = {
    outDir: options.outDir,
    dirs: new RunDirs(),
    signal: options.signal,
    onProgress: options.onProgress,
    history,
    histories: new Map(),
  };
  if (batch.outDir !== undefined) await createOutDir(batch.outDir);
  const results: RunSummary[] = [];
  for (const run of runs) {
    if (run.forEach === undefined)
      results.push(await verifyRun({ name: run.name, options: run.options }, batch.dirs.claim(run.name), batch));
    else
      results.push(
        ...(await verifyForEach(run as ResolvedRun & { forEach: NonNullable<ResolvedRun['forEach']> }, batch)),
      );
  }
  const summary: RunsSummary = {
    status: worstStatus(results.map((run) => run.status)),
    ...runOrigin(options.commandLine),
    startedAt,
    finishedAt: new Date().toISOString(),
    ...(results.some((run) => run.interrupted === true) ? { interrupted: true } : {}),
    runs: results,
  };
  if (batch.outDir !== undefined) {
    await writeFileAtomic(
      join(batch.outDir, 'report.html'),
      renderRunsHtml(summary, history === undefined ? undefined : batch.histories),
    );
    await writeSummaryJson(join(batch.outDir, 'summary.json'), summary);
  }
  return summary;
}

/**
 * Runs of a fan-out in flight per connection of a side. A run alternates between the servers and pgverify's own
 * work (planning, comparing the structure, writing its reports); with two runs per connection, a connection
 * finds the next run's statement waiting when it finishes one, instead of idling while Node works.
 */
export const RUNS_PER_CONNECTION = 2;

/**
 * Lists the tenants, then runs them `jobs` × RUNS_PER_CONNECTION at a time, on `jobs` connections per side;
 * every tenant runs to its end whatever the others do.
 */
async function verifyForEach(
  run: ResolvedRun & { forEach: NonNullable<ResolvedRun['forEach']> },
  batch: Batch,
): Promise<RunSummary[]> {
  const started = performance.now();
  const failed = async (reason: string, interrupted = false) => [
    announce(
      batch,
      await failedRun({ name: run.name, options: run.options }, batch.dirs.claim(run.name), batch, reason, interrupted),
      started,
    ),
  ];
  if (aborted(batch)) return failed(INTERRUPTED, true);
  let tenants: TenantRun[];
  let rows: TenantRow[];
  try {
    rows = await listTenants(run);
    if (rows.length === 0) throw new Error('its query returned no tenants');
    tenants = rows.map((row) => tenantRun(run, row));
  } catch (error) {
    return failed(`forEach: ${describeError(error)}`);
  }
  const dirs = tenants.map((tenant) => batch.dirs.claim(tenant.name));
  const seen = new Set<string>();
  // One snapshot per side for the whole fan-out, and the template's catalog read once (see SharedSessions).
  const shared = new SharedSessions(
    new FleetCatalog(
      {
        source: tenants.map((tenant) => tenant.options.sourceSchema ?? run.resolved.sourceSchema),
        target: tenants.map((tenant) => tenant.options.targetSchema ?? run.resolved.targetSchema),
      },
      catalogParts(run.resolved),
    ),
    run.resolved.jobs,
    {
      column: run.resolved.tenantColumn,
      where: run.resolved.sourceWhere,
      tenants: [...new Set(rows.map((row) => row.tenant))],
    },
  );
  try {
    return await mapBounded(tenants, run.resolved.jobs * RUNS_PER_CONNECTION, async (tenant, index) => {
      if (seen.has(tenant.name)) {
        // Not recorded: the history holds one entry per run name and batch, the tenant's own run.
        return announce(
          batch,
          await failedRun(
            tenant,
            dirs[index]!,
            { ...batch, history: undefined },
            `forEach: the query returned the tenant ${JSON.stringify(rows[index]!.tenant)} more than once`,
          ),
          performance.now(),
        );
      }
      seen.add(tenant.name);
      return verifyRun(tenant, dirs[index]!, batch, shared);
    });
  } finally {
    await shared.close();
  }
}

/** One run; whatever goes wrong becomes its `error` entry, so the runs after it still run. */
async function verifyRun(run: TenantRun, dir: string, batch: Batch, shared?: SharedSessions): Promise<RunSummary> {
  const started = performance.now();
  return announce(batch, await attemptRun(run, dir, batch, shared), started);
}

/** Tells the progress display that a run finished, and how. */
function announce(batch: Batch, summary: RunSummary, started: number): RunSummary {
  batch.onProgress?.({
    type: 'run',
    run: summary.name,
    status: summary.status,
    durationMs: Math.round(performance.now() - started),
    ...(summary.reason !== undefined ? { reason: summary.reason } : {}),
  });
  return summary;
}

async function attemptRun(
  run: TenantRun,
  dir: string,
  batch: Batch,
  shared: SharedSessions | undefined,
): Promise<RunSummary> {
  if (aborted(batch)) return failedRun(run, dir, batch, INTERRUPTED, true);
  const onProgress = batch.onProgress;
  try {
    // A run that cannot start has written its own `error` files already; its summary says why.
    const { summary, history } = await verifyWithin(
      {
        ...run.options,
        outDir: batch.outDir === undefined ? undefined : join(batch.outDir, dir),
        signal: batch.signal,
        onProgress: onProgress === undefined ? undefined : (event) => onProgress({ ...event, run: run.name }),
      },
      shared,
      batch.history === undefined ? undefined : { recorder: batch.history, name: run.name },
      undefined,
      // Each run's directory is one level under the batch's, whose report.html lists every run.
      batch.outDir === undefined ? undefined : '../report.html',
    );
    if (history !== undefined) batch.histories.set(run.name, history);
    return { name: run.name, dir, ...summary };
  } catch (error) {
    return failedRun(run, dir, batch, describeFailure(error), aborted(batch));
  }
}

/** The entry of a run that checked no table, also written to its directory so every run has its files. */
async function failedRun(
  run: TenantRun,
  dir: string,
  batch: Batch,
  reason: string,
  interrupted = false,
): Promise<RunSummary> {
  const resolved = resolveOptions(run.options);
  const { summary, history } = await recordRun(
    batch.history === undefined ? undefined : { recorder: batch.history, name: run.name },
    failedSummary(resolved, reason, new Date().toISOString(), interrupted),
  );
  if (history !== undefined) batch.histories.set(run.name, history);
  if (batch.outDir !== undefined) await writeFailedRunReports(join(batch.outDir, dir), summary, resolved);
  return { name: run.name, dir, ...summary };
}

/** A function, not a property test: TypeScript would otherwise keep a test's narrowing across awaits. */
function aborted(batch: Batch): boolean {
  return batch.signal?.aborted === true;
}
