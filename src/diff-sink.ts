import type { DiffRecord, Field } from './summary.js';

/**
 * Receives the diff lines of one table; lines beyond the cap are dropped, counts stay with the caller. The
 * comparison and the checks write to it; report/diff-writer.ts implements it (diffs.csv, the HTML samples).
 */
export interface DiffSink {
  write(record: DiffRecord): void;
  readonly written: number;
  /** Lines this table may still write (Infinity without a cap): checks fetch no more sample rows than this. */
  readonly remaining: number;
}

/** A sink that keeps no line: for a comparison whose lines are written later, or never. */
export const NO_LINES: DiffSink = { write: () => undefined, written: 0, remaining: Number.POSITIVE_INFINITY };

/**
 * Receives every row difference of one table, uncapped, with the rows' canonical fields (key columns first,
 * then value columns, as TablePlan orders them): the repair script and the list of differing keys are written
 * from these. Called only for rows that differ, so a table without differences costs nothing.
 */
export interface RowDiffSink {
  /** A source row the target lacks. */
  missing(source: readonly Field[]): void;
  /** A target row the source lacks. */
  extra(target: readonly Field[]): void;
  /** Rows of equal keys; `columns` are the indexes (into the plan's value columns) of the values that differ. */
  changed(source: readonly Field[], target: readonly Field[], columns: readonly number[]): void;
  /**
   * Resolves once what was written is on its way to disk, when the disk lags behind; undefined otherwise. The
   * merge waits on it between batches, so a table of a million differences never piles up in memory.
   */
  backlog(): Promise<void> | undefined;
}
