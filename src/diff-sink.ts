import type { DiffRecord } from './summary.js';

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
