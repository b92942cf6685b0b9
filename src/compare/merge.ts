import type { KeyKind } from '../plan/canonical.js';
import { compareKeys } from './key-compare.js';
import type { Row } from './row.js';
import type { RowBatch } from './row-batch.js';
import type { DiffTally } from './tally.js';

/** Rows of one side in key order, a batch at a time (a batch per network chunk keeps awaits rare). */
export type RowBatches = AsyncIterator<RowBatch>;

/** Rows read from each side by a merge. */
export interface MergeCounts {
  readonly sourceRows: number;
  readonly targetRows: number;
}

/**
 * Walks both sides in key order at once, like a merge join: equal keys are compared column by column,
 * a key only in the source is missing, a key only in the target is extra. Memory stays at one batch per side.
 */
export async function mergeRows(
  kinds: readonly KeyKind[],
  source: RowBatches,
  target: RowBatches,
  tally: DiffTally,
): Promise<MergeCounts> {
  const progress = () => {
    tally.rowsRead(Math.max(left.consumed, right.consumed));
    return tally.backlog();
  };
  const left = new BatchCursor(source, progress);
  const right = new BatchCursor(target, progress);
  const keyLength = kinds.length;
  // Both sides' first rows are asked for at once: a side's query is sent when its rows are first asked for, and
  // the target's would otherwise wait for the source's to answer.
  await Promise.all([left.ready(), right.ready()]);
  // has() answers from the current batch without awaiting; ready() awaits only to fetch the next batch.
  while ((left.has() || (await left.ready())) && (right.has() || (await right.ready()))) {
    if (left.sameBytes(right)) {
      left.advance();
      right.advance();
      continue;
    }
    const sourceRow = left.current();
    const targetRow = right.current();
    const order = compareKeys(kinds, sourceRow.fields.slice(0, keyLength), targetRow.fields.slice(0, keyLength));
    if (order === 0) {
      tally.compareValues(sourceRow, targetRow);
      left.advance();
      right.advance();
    } else if (order < 0) {
      tally.recordMissing(sourceRow);
      left.advance();
    } else {
      tally.recordExtra(targetRow);
      right.advance();
    }
  }
  while (left.has() || (await left.ready())) {
    tally.recordMissing(left.current());
    left.advance();
  }
  while (right.has() || (await right.ready())) {
    tally.recordExtra(right.current());
    right.advance();
  }
  return { sourceRows: left.consumed, targetRows: right.consumed };
}

const EMPTY: RowBatch = {
  length: 0,
  row: () => {
    throw new Error('empty batch');
  },
  sameBytes: () => false,
};

class BatchCursor {
  private batch: RowBatch = EMPTY;
  private index = 0;
  private done = false;
  consumed = 0;

  constructor(
    private readonly batches: RowBatches,
    /** Called after each batch; a promise it returns (the repair files' backlog) is waited for. */
    private readonly onBatch: () => Promise<void> | undefined,
  ) {}

  /** True when the current batch still holds a row. */
  has(): boolean {
    return this.index < this.batch.length;
  }

  /** True when a current row is available; awaits only when the batch is used up. */
  async ready(): Promise<boolean> {
    while (this.index >= this.batch.length) {
      if (this.done) return false;
      const next = await this.batches.next();
      if (next.done === true) {
        this.done = true;
        // The last progress; whatever is still buffered is flushed when the table's files are closed.
        void this.onBatch();
        return false;
      }
      this.batch = next.value;
      this.index = 0;
      const backlog = this.onBatch();
      if (backlog !== undefined) await backlog;
    }
    return true;
  }

  /** The current row, decoded on demand: call once per step. */
  current(): Row {
    return this.batch.row(this.index);
  }

  /** True when this cursor's row and the other's are the same bytes, without decoding either. */
  sameBytes(other: BatchCursor): boolean {
    return this.batch.sameBytes(this.index, other.batch, other.index);
  }

  advance(): void {
    this.index++;
    this.consumed++;
  }
}
