import type { RowDiffSink } from '../diff-sink.js';
import type { Field } from '../summary.js';
import { Row } from './row.js';
import type { DiffTally } from './tally.js';

/** One differing row as the merge reported it. */
type RecordedRow =
  | { readonly kind: 'missing'; readonly source: readonly Field[] }
  | { readonly kind: 'extra'; readonly target: readonly Field[] }
  | { readonly kind: 'changed'; readonly source: readonly Field[]; readonly target: readonly Field[] };

/**
 * Keeps every differing row of a table in memory, to be told later whether it was only in flight
 * (--recheck-after) and then replayed into the reports: its memory grows with the differing rows, never with
 * the table.
 */
export class RecordedRows implements RowDiffSink {
  private readonly rows: RecordedRow[] = [];

  constructor(private readonly keyLength: number) {}

  missing(source: readonly Field[]): void {
    this.rows.push({ kind: 'missing', source });
  }

  extra(target: readonly Field[]): void {
    this.rows.push({ kind: 'extra', target });
  }

  changed(source: readonly Field[], target: readonly Field[]): void {
    this.rows.push({ kind: 'changed', source, target });
  }

  backlog(): undefined {
    return undefined;
  }

  /** Whether any row differed. */
  get differs(): boolean {
    return this.rows.length > 0;
  }

  /** The keys of the differing rows (a keyless table's whole rows), in the order they were found; may repeat. */
  keys(): (readonly Field[])[] {
    return this.rows.map((row) => (row.kind === 'extra' ? row.target : row.source).slice(0, this.keyLength));
  }

  /** Counts and writes the rows again through `tally`, as the comparison first did, waiting for its disk between rows. */
  async replay(tally: DiffTally): Promise<void> {
    for (const row of this.rows) {
      if (row.kind === 'missing') tally.recordMissing(Row.fromFields(row.source));
      else if (row.kind === 'extra') tally.recordExtra(Row.fromFields(row.target));
      else tally.compareValues(Row.fromFields(row.source), Row.fromFields(row.target));
      const backlog = tally.backlog();
      if (backlog !== undefined) await backlog;
    }
  }
}
