import type { ChecksConfig } from '../checks/run-checks.js';
import type { SideSession } from '../connect/session.js';
import type { ResolvedOptions } from '../options.js';
import type { HashFunctions } from '../catalog/hash-functions.js';
import type { DiffWriter } from '../report/diff-writer.js';
import { uncheckedTable, type Side, type TableResult } from '../summary.js';
import { checkTable } from './check-table.js';
import type { TablePair } from './select-tables.js';
import type { TableStructureOutcome } from './structure.js';

/** Facts of the run that every table's check shares. */
export interface RunContext {
  /** Each server's hash function per type, for the types both hash alike. */
  readonly hashFunctions: Record<Side, HashFunctions>;
  readonly checks: ChecksConfig;
  /** Each pair's structure findings by pair name; undefined when the run does not compare structure. */
  readonly structure: ReadonlyMap<string, TableStructureOutcome> | undefined;
  /** True once the run was asked to stop (Ctrl-C, SIGTERM or the caller's AbortSignal). */
  readonly interrupted: () => boolean;
}

/**
 * Checks tables `jobs` at a time; each job holds one connection per side. Results keep the table order.
 * After an interrupt no table starts, and tables cut short or never started are `error: interrupted`.
 */
export async function checkAll(
  pairs: readonly TablePair[], options: ResolvedOptions, sessions: Record<Side, SideSession>, writer: DiffWriter, run: RunContext,
): Promise<TableResult[]> {
  const results: Array<TableResult | undefined> = new Array(pairs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pairs.length && !run.interrupted()) {
      const index = next++;
      const pair = pairs[index]!;
      options.onProgress?.({ type: 'start', table: pair.name });
      const result = await checkTable(pair, {
        sessions,
        where: { source: options.sourceWhere, target: options.targetWhere },
        mode: options.mode,
        sink: writer.table(pair.name),
        hashFunctions: run.hashFunctions,
        checks: run.checks,
        structure: run.structure?.get(pair.name),
        structureOnly: options.structureOnly,
        onRows: options.onProgress === undefined ? undefined : (done, total) => options.onProgress?.({ type: 'rows', table: pair.name, done, total }),
      });
      results[index] = run.interrupted() && result.status === 'error' ? uncheckedTable(pair.name, 'interrupted', result.durationMs) : result;
      options.onProgress?.({ type: 'done', table: pair.name, status: result.status, durationMs: result.durationMs });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, Math.max(pairs.length, 1)) }, worker));
  // Array.from, not map: map skips the holes left by tables that never started.
  return Array.from(pairs, (pair, index) => results[index] ?? uncheckedTable(pair.name, 'interrupted', 0));
}
