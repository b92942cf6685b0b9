import { Row } from './row.js';

/** Rows of one side in key order, as one network chunk delivers them. */
export interface RowBatch {
  readonly length: number;
  /** The row at `index`, decoded only when its fields are read. */
  row(index: number): Row;
  /** True when row `index` and row `otherIndex` of `other` are the same bytes; false means "compare their fields". */
  sameBytes(index: number, other: RowBatch, otherIndex: number): boolean;
}

/**
 * COPY lines kept as offsets into the chunk they arrived in: equal rows, by far the common case, are
 * recognised by one native byte comparison without creating any object per row.
 */
export class CopyLineBatch implements RowBatch {
  constructor(
    private readonly data: Buffer,
    private readonly bounds: readonly number[],
  ) {}

  get length(): number {
    return this.bounds.length / 2;
  }

  row(index: number): Row {
    return Row.fromCopyLine(this.data.subarray(this.bounds[2 * index], this.bounds[2 * index + 1]));
  }

  sameBytes(index: number, other: RowBatch, otherIndex: number): boolean {
    if (!(other instanceof CopyLineBatch)) return false;
    const start = this.bounds[2 * index]!;
    const end = this.bounds[2 * index + 1]!;
    const otherStart = other.bounds[2 * otherIndex]!;
    const otherEnd = other.bounds[2 * otherIndex + 1]!;
    return (
      end - start === otherEnd - otherStart && this.data.compare(other.data, otherStart, otherEnd, start, end) === 0
    );
  }
}

/** Rows from a query result (array mode), already decoded. */
export class DecodedBatch implements RowBatch {
  constructor(private readonly rows: readonly Row[]) {}

  get length(): number {
    return this.rows.length;
  }

  row(index: number): Row {
    return this.rows[index]!;
  }

  sameBytes(): boolean {
    return false;
  }
}
