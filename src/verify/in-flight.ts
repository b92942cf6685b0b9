import { setTimeout as delay } from 'node:timers/promises';
import type { Table } from '../catalog/types.js';
import { compareKeyList } from '../compare/key-list.js';
import { RecordedRows } from '../compare/recorded-rows.js';
import { DiffTally } from '../compare/tally.js';
import { NO_LINES } from '../diff-sink.js';
import { describeError } from '../errors.js';
import { formatFields } from '../plan/row-key.js';
import type { TablePlan } from '../plan/table-plan.js';
import type { DiffWriter } from '../report/diff-writer.js';
import type { RepairWriter } from '../report/repair-writer.js';
import { INTERRUPTED, uncheckedTable, type Field, type RowDiffCounts, type TableResult } from '../summary.js';
import { rowDiffText } from '../report/format.js';
import { rowsDiffer } from './check-table.js';
import { withBothClients } from '../connect/on-demand.js';
import type { ResolvedOptions } from './options.js';
import { cancelOnAbort, openBothSides } from './run-sessions.js';

/** A table whose rows differed in the first pass: its plan, its target table and the rows as first found. */
interface HeldTable {
  readonly plan: TablePlan;
  readonly target: Table;
  readonly first: RecordedRows;
}

/**
 * The tables of a --recheck-after run whose differing rows are kept, unwritten, until they are read again:
 * only the rows that still differ then go to diffs.csv and fix.sql, the others as `in_flight`.
 */
export class HeldTables {
  private readonly tables = new Map<string, HeldTable>();

  /** What a table's check calls with its differing rows. */
  hold(name: string): (plan: TablePlan, target: Table, rows: RecordedRows) => void {
    return (plan, target, first) => this.tables.set(name, { plan, target, first });
  }

  holds(name: string): boolean {
    return this.tables.has(name);
  }

  /** Forgets a table (it ended in error: it writes nothing). */
  release(name: string): void {
    this.tables.delete(name);
  }

  /**
   * Reads the held rows again after `recheckAfter` seconds, in fresh snapshots on both sides, up to
   * `recheckTimes` times while some still differ; then writes the rows that still differ (and the in-flight
   * keys) to the reports, ends their tables, and returns the results with their final counts. A table whose
   * rows still differ when Ctrl-C cut the rechecks short is `error: interrupted` and writes nothing: its rows
   * may be in flight, and fix.sql must not write them.
   */
  async settle(
    options: ResolvedOptions,
    results: readonly TableResult[],
    writers: { readonly diffs: DiffWriter; readonly repair: RepairWriter | undefined },
  ): Promise<TableResult[]> {
    const { rows, failure, cut } = await readAgain(options, this.tables);
    const settled = new Map<string, RowDiffCounts>();
    const unsettled = new Set<string>();
    for (const [name, held] of this.tables) {
      const last = rows.get(name) ?? held.first;
      if (cut && last.differs) {
        // Ctrl-C before its rows were read again: what differs may be in flight, and fix.sql would write it.
        writers.diffs.endTable(name, 'drop');
        writers.repair?.endTable(name, 'drop');
        unsettled.add(name);
        continue;
      }
      const sink = writers.diffs.table(name);
      const tally = new DiffTally(held.plan, sink, undefined, writers.repair?.table(held.plan, held.target));
      await last.replay(tally);
      const inFlight = inFlightKeys(held.plan, held.first.keys(), last.keys());
      for (const key of inFlight)
        sink.write({
          table: held.plan.name,
          kind: 'in_flight',
          key,
          column: null,
          sourceValue: null,
          targetValue: null,
        });
      writers.diffs.endTable(name, 'keep');
      writers.repair?.endTable(name, 'keep');
      settled.set(name, {
        missing: tally.missing,
        extra: tally.extra,
        changed: tally.changed,
        inFlight: inFlight.length,
      });
    }
    return results.map((result) => {
      if (result.status === 'error') return result;
      if (unsettled.has(result.name)) return uncheckedTable(result.name, INTERRUPTED, result.durationMs);
      const diff = settled.get(result.name);
      if (diff === undefined) return { ...result, diff: { ...result.diff, inFlight: 0 } };
      return withFinalDiff(result, diff, failure);
    });
  }
}

/**
 * The held rows as the last reading again found them, by table (only the tables read again); a reading that
 * failed (a side unreachable) leaves the earlier one and says why. Ctrl-C during the wait ends it at once, `cut`:
 * the rows that still differ were not read again as asked.
 */
async function readAgain(
  options: ResolvedOptions,
  tables: ReadonlyMap<string, HeldTable>,
): Promise<{ rows: Map<string, RecordedRows>; failure?: string; cut: boolean }> {
  const rows = new Map<string, RecordedRows>();
  const latest = (name: string) => rows.get(name) ?? tables.get(name)!.first;
  for (let round = 1; round <= options.recheckTimes; round++) {
    const differing = [...tables.keys()].filter((name) => latest(name).differs);
    if (differing.length === 0) break;
    options.onProgress?.({
      type: 'recheck',
      round,
      times: options.recheckTimes,
      rows: differing.reduce((sum, name) => sum + latest(name).keys().length, 0),
      tables: differing.length,
      afterSeconds: options.recheckAfter,
    });
    if (!(await waitSeconds(options.recheckAfter, options.signal))) return { rows, cut: true };
    try {
      const found = await readKeys(options, differing, tables, latest);
      for (const [name, recorded] of found) rows.set(name, recorded);
    } catch (error) {
      if (options.signal?.aborted === true) return { rows, cut: true };
      return { rows, failure: `rows not read again (--recheck-after): ${describeError(error)}`, cut: false };
    }
    if (options.signal?.aborted === true) return { rows, cut: true };
  }
  return { rows, cut: false };
}

/** One reading again: the differing keys of each table, in new sessions (fresh snapshots) on both sides. */
async function readKeys(
  options: ResolvedOptions,
  names: readonly string[],
  tables: ReadonlyMap<string, HeldTable>,
  latest: (name: string) => RecordedRows,
): Promise<Map<string, RecordedRows>> {
  const sessions = await openBothSides(options, undefined);
  const stop = cancelOnAbort(options.signal, sessions);
  try {
    const found = new Map<string, RecordedRows>();
    for (const name of names) {
      if (stop.interrupted) break;
      const { plan } = tables.get(name)!;
      const recorded = new RecordedRows(plan.keyColumns.length);
      const tally = new DiffTally(plan, NO_LINES, undefined, recorded);
      await withBothClients(sessions, (clients) => compareKeyList(plan, clients, tally, latest(name).keys()));
      found.set(name, recorded);
    }
    return found;
  } finally {
    stop.dispose();
    await Promise.all([sessions.source.close(), sessions.target.close()]);
  }
}

/** Waits `seconds`; false when the signal stopped the wait (or had before it began). */
async function waitSeconds(seconds: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted === true) return false;
  try {
    await delay(seconds * 1000, undefined, signal === undefined ? {} : { signal });
    return true;
  } catch {
    return false;
  }
}

/** The keys (as diffs.csv writes them) that differed first and no longer do, each once, in the order first found. */
function inFlightKeys(plan: TablePlan, first: readonly (readonly Field[])[], last: readonly (readonly Field[])[]) {
  const text = (key: readonly Field[]) => formatFields(key, plan.keyed);
  const still = new Set(last.map(text));
  return [...new Set(first.map(text))].filter((key) => !still.has(key));
}

/** A table's result with its rows' final counts: the row reason replaced (or gone), the status following. */
function withFinalDiff(result: TableResult, diff: RowDiffCounts, failure: string | undefined): TableResult {
  const before = rowDiffText(result.diff);
  const reasons = (result.reason ?? '')
    .split('; ')
    .filter((reason) => reason !== '')
    .flatMap((reason) => (reason !== before ? [reason] : rowsDiffer(diff) ? [rowDiffText(diff)] : []));
  const { reason: _first, ...rest } = result;
  return {
    ...rest,
    status: reasons.length > 0 ? 'fail' : 'pass',
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
    diff,
    warnings: failure === undefined ? result.warnings : [...result.warnings, failure],
  };
}
