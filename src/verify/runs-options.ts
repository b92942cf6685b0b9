import { UsageError } from '../errors.js';
import { resolveOptions, type ProgressEvent, type ResolvedOptions, type VerifyOptions } from './options.js';
import type { Side } from '../summary.js';

/** The settings of a run that a config file may give at the top level (defaults) or per run. */
export type RunSettings = Partial<Omit<VerifyOptions, 'outDir' | 'signal' | 'onProgress' | 'commandLine' | 'history'>>;

/** Repeats a run once per row of a query: one run per tenant. */
export interface ForEachOptions {
  /**
   * Returns one row per tenant with columns `tenant` and `target_schema` (optional: the run's targetSchema).
   * Each row becomes a run named `<run>:<tenant>` with sourceWhere `<tenantColumn> = '<tenant>'`.
   */
  readonly query: string;
  /** The side the query runs on; default `source`. */
  readonly on?: Side;
}

/** One run of several; settings it leaves out come from the top level. */
export interface RunOptions extends RunSettings {
  /** Names the run in reports and its directory (made safe for file systems) under the output directory. */
  readonly name: string;
  readonly forEach?: ForEachOptions;
}

/** Several runs with shared defaults: what a config file with `runs` holds. */
export interface VerifyRunsOptions extends RunSettings {
  readonly runs: readonly RunOptions[];
  /** Where summary.json (all runs) and one directory per run go; omit to write no files. */
  readonly outDir?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** As VerifyOptions.history: every run (every store of a forEach) is written there, under its name. */
  readonly history?: string;
  /** As VerifyOptions.commandLine: recorded in the batch's summary and in every run's. */
  readonly commandLine?: readonly string[];
}

/** A run with its settings merged over the defaults and checked. */
export interface ResolvedRun {
  readonly name: string;
  readonly options: VerifyOptions;
  readonly resolved: ResolvedOptions;
  readonly forEach?: Required<ForEachOptions>;
}

/**
 * Merges every run over the defaults and checks it before anything connects, so a bad setting in the last
 * run stops the whole batch with a UsageError naming the run, instead of failing it hours later.
 */
export function resolveRuns(options: VerifyRunsOptions): ResolvedRun[] {
  const {
    runs,
    outDir: _outDir,
    signal: _signal,
    onProgress: _onProgress,
    commandLine,
    history: _history,
    ...defaults
  } = options;
  // Checked, not trusted: a library caller in plain JavaScript may pass anything. Tested on options.runs:
  // Array.isArray would narrow `runs` to any[] for the rest of the function.
  if (!Array.isArray(options.runs) || runs.length === 0) throw new UsageError('runs must list at least one run');
  const repeated = new Set(repeatedNames(runs.map((run) => run?.name)));
  return runs.map((run, index) => {
    const label = `runs[${index}]${typeof run?.name === 'string' && run.name !== '' ? ` (${run.name})` : ''}`;
    if (typeof run?.name !== 'string' || run.name.trim() === '')
      throw new UsageError(`${label}: name must be a non-empty string`);
    if (repeated.has(index)) throw new UsageError(`${label}: another run has the name ${JSON.stringify(run.name)}`);
    const { name, forEach, ...settings } = run;
    const merged = { ...defaults, ...settings, ...(commandLine !== undefined ? { commandLine } : {}) } as VerifyOptions;
    try {
      return {
        name,
        options: merged,
        resolved: resolveOptions(merged),
        ...(forEach !== undefined ? { forEach: checkForEach(forEach) } : {}),
      };
    } catch (error) {
      if (error instanceof UsageError) throw new UsageError(`${label}: ${error.message}`, { cause: error });
      throw error;
    }
  });
}

/** The positions of names an earlier entry already has: run names must be unique (they name directories and reports). */
export function repeatedNames(names: readonly unknown[]): number[] {
  const seen = new Set<unknown>();
  return names.flatMap((name, index) => {
    const repeated = seen.has(name);
    seen.add(name);
    return repeated ? [index] : [];
  });
}

function checkForEach(forEach: ForEachOptions): Required<ForEachOptions> {
  if (typeof forEach?.query !== 'string' || forEach.query.trim() === '')
    throw new UsageError('forEach.query must be an SQL query');
  const on = forEach.on ?? 'source';
  if (on !== 'source' && on !== 'target')
    throw new UsageError(`forEach.on must be "source" or "target", not ${JSON.stringify(on)}`);
  return { query: forEach.query, on };
}
