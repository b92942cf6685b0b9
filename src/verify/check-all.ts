import type { ChecksConfig } from '../checks/run-checks.js';
import type { SideSession } from '../connect/session.js';
import type { ResolvedOptions } from './options.js';
import type { HashFunctions } from '../catalog/hash-functions.js';
import type { DiffWriter } from '../report/diff-writer.js';
import type { RepairWriter } from '../report/repair-writer.js';
import type { Field } from '../summary.js';
import { INTERRUPTED, uncheckedTable, wasCompared, type Side, type TableResult } from '../summary.js';
import { checkTable } from './check-table.js';
import type { TablePair } from './select-tables.js';
import { mapBounded } from './map-bounded.js';
import type { TableStructureOutcome } from './structure.js';
import type { HeldTables } from './in-flight.js';
import { prepareWholeTables, type FanOutSource, type PreparedTable } from './whole-first.js';

/** Facts of the run that every table's check shares. */
export interface RunContext {
  /** Each server's hash function per type, for the types both hash alike. */
  readonly hashFunctions: Record<Side, HashFunctions>;
  readonly checks: ChecksConfig;
  /** Each pair's structure findings by pair name; undefined when the run does not compare structure. */
  readonly structure: ReadonlyMap<string, TableStructureOutcome> | undefined;
  /** True once the run was asked to stop (Ctrl-C, SIGTERM or the caller's AbortSignal). */
  readonly interrupted: () => boolean;
  /** Writes fix.sql and keys.jsonl; undefined in a run without an output directory. */
  readonly repair?: RepairWriter;
  /** A recheck: the keys to compare per table (keys.jsonl's); every other table is left out. */
  readonly keys?: ReadonlyMap<string, readonly (readonly Field[])[]>;
  /** --recheck-after: the tables whose differing rows wait to be read again before they are written. */
  readonly held?: HeldTables;
  /** In a forEach fan-out, how the source's shared tables are read for every tenant at once. */
  readonly fanOut?: FanOutSource | undefined;
  /**
   * With --history: the tables that passed the run's previous recording, asked for in fast mode by a table that
   * would otherwise be bucketed at once (not a small integer-keyed one, read whole first anyway). See compareFast.
   */
  readonly passedBefore?: (() => Promise<ReadonlySet<string>>) | undefined;
}

/**
 * Checks tables `jobs` at a time, the largest first; a job holds a connection of a side from its first statement
 * there (a table settled by the totals read with others' holds none, see withClientsOnDemand). Results keep the
 * table order.
 * After an interrupt no table starts, and tables cut short or never started are `error: interrupted`.
 * A table that ends in error before its rows were compared keeps no lines in `writer`; one whose check failed
 * after the comparison keeps them (see checkTable).
 */
export async function checkAll(
  allPairs: readonly TablePair[],
  options: ResolvedOptions,
  sessions: Record<Side, SideSession>,
  writer: DiffWriter,
  run: RunContext,
): Promise<TableResult[]> {
  const repair = run.repair;
  const keys = run.keys;
  const passed = run.passedBefore;
  const pairs = keys === undefined ? allPairs : allPairs.filter((pair) => keys.has(pair.name));
  const where = { source: options.sourceWhere, target: options.targetWhere };
  // A recheck reads only its keys: no table is checksummed whole.
  const prepared =
    options.mode === 'fast' && !options.structureOnly && keys === undefined && !run.interrupted()
      ? await prepareWholeTables(
          pairs,
          sessions,
          { where, hashFunctions: run.hashFunctions, checks: run.checks },
          run.structure,
          run.fanOut,
        )
      : new Map<string, PreparedTable>();
  // Largest first: a large table started last would run alone at the end while the other jobs wait idle.
  const order = largestFirst(pairs);
  const started = await mapBounded(
    order.map((index) => pairs[index]!),
    options.jobs,
    async (pair) => {
      options.onProgress?.({ type: 'start', table: pair.name });
      const result = await checkTable(pair, {
        sessions,
        where,
        prepared: prepared.get(pair.name),
        mode: options.mode,
        sink: writer.table(pair.name),
        hashFunctions: run.hashFunctions,
        checks: run.checks,
        structure: run.structure?.get(pair.name),
        structureOnly: options.structureOnly,
        repair: repair === undefined ? undefined : (plan, target) => repair.table(plan, target),
        keys: keys?.get(pair.name),
        passedBefore: passed === undefined ? undefined : async () => (await passed()).has(pair.name),
        ...(run.held !== undefined ? { hold: run.held.hold(pair.name) } : {}),
        onRows:
          options.onProgress === undefined
            ? undefined
            : (done, total) => options.onProgress?.({ type: 'rows', table: pair.name, done, total }),
      });
      // A table that could not be compared reports no counts, so diffs.csv and the HTML samples must not hold its
      // partial lines either; one whose checks failed after the comparison keeps both (its repair, as any error's,
      // waits for a run that checks it whole). A table whose rows are held ends once they are written (in-flight.ts).
      const compared = result.status !== 'error' || (!run.interrupted() && wasCompared(result));
      if (result.status === 'error') run.held?.release(pair.name);
      if (run.held?.holds(pair.name) !== true) {
        writer.endTable(pair.name, compared ? 'keep' : 'drop');
        repair?.endTable(pair.name, result.status === 'error' ? 'drop' : 'keep');
      }
      // A table whose differing rows wait to be read again is not failed yet: the recheck settles it.
      const status = run.held?.holds(pair.name) === true ? 'to recheck' : result.status;
      options.onProgress?.({ type: 'done', table: pair.name, status, durationMs: result.durationMs });
      return run.interrupted() && result.status === 'error'
        ? uncheckedTable(pair.name, INTERRUPTED, result.durationMs)
        : result;
    },
    run.interrupted,
  );
  const results = new Array<TableResult | undefined>(pairs.length);
  order.forEach((index, position) => (results[index] = started[position]));
  return pairs.map((pair, index) => results[index] ?? uncheckedTable(pair.name, INTERRUPTED, 0));
}

/**
 * The pairs' indexes, largest table first by the planner's estimate (the larger side's; a table never
 * analysed counts as empty), in their own order where the estimates tie.
 */
export function largestFirst(pairs: readonly TablePair[]): number[] {
  const size = (pair: TablePair) => Math.max(pair.source?.estimatedRows ?? 0, pair.target?.estimatedRows ?? 0, 0);
  const sizes = pairs.map(size);
  return pairs.map((_, index) => index).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
}
