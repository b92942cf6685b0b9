import { formatFields } from '../plan/row-key.js';
import type { TablePlan } from '../plan/table-plan.js';
import type { DiffSink, RowDiffSink } from '../diff-sink.js';
import { sameJsonb } from './json-equal.js';
import type { Field } from '../summary.js';
import type { Row } from './row.js';

/** Exact counts of one table's differences; every difference also goes to the (capped) diff sink. */
export class DiffTally {
  missing = 0;
  extra = 0;
  changed = 0;

  private rowsDone = 0;

  constructor(
    private readonly plan: TablePlan,
    private readonly sink: DiffSink,
    private readonly onRows?: (done: number) => void,
    /** Every differing row, uncapped (the repair script and the key list); undefined writes none. */
    private readonly rows?: RowDiffSink,
  ) {}

  /**
   * Rows of the larger side read so far, for progress displays. Only ever grows: fast mode reports the whole
   * table after its checksum pass, and the small ranges it then fetches do not move the count back.
   */
  rowsRead(rows: number): void {
    if (rows <= this.rowsDone) return;
    this.rowsDone = rows;
    this.onRows?.(rows);
  }

  /** Resolves when the row sink has caught up with the disk; undefined when it need not be waited for. */
  backlog(): Promise<void> | undefined {
    return this.rows?.backlog();
  }

  /** A source row with no target row of the same key. */
  recordMissing(row: Row): void {
    this.missing++;
    this.rows?.missing(row.fields);
    this.sink.write({
      table: this.plan.name,
      kind: 'missing',
      key: this.keyOf(row.fields),
      column: null,
      sourceValue: null,
      targetValue: null,
    });
  }

  /** A target row with no source row of the same key. */
  recordExtra(row: Row): void {
    this.extra++;
    this.rows?.extra(row.fields);
    this.sink.write({
      table: this.plan.name,
      kind: 'extra',
      key: this.keyOf(row.fields),
      column: null,
      sourceValue: null,
      targetValue: null,
    });
  }

  /**
   * Compares the value fields of two rows with equal keys; counts the row once if any column differs.
   * json values equal but for the scale of a number are equal, as jsonb's `=` and fast mode's hash say, and
   * numbers within a column's tolerance are equal (plan/tolerance.ts: the same rule in both modes).
   */
  compareValues(source: Row, target: Row): void {
    const keyLength = this.plan.keyColumns.length;
    const sourceFields = source.fields;
    const targetFields = target.fields;
    let differing: number[] | undefined;
    for (let index = 0; index < this.plan.valueColumns.length; index++) {
      const sourceValue = sourceFields[keyLength + index] ?? null;
      const targetValue = targetFields[keyLength + index] ?? null;
      if (sourceValue === targetValue) continue;
      if (sourceValue !== null && targetValue !== null && this.equalValues(index, sourceValue, targetValue)) continue;
      if (differing === undefined) {
        this.changed++;
        differing = [];
      }
      differing.push(index);
      this.sink.write({
        table: this.plan.name,
        kind: 'changed',
        key: this.keyOf(sourceFields),
        column: this.plan.valueColumns[index]!,
        sourceValue,
        targetValue,
      });
    }
    if (differing !== undefined) this.rows?.changed(sourceFields, targetFields, differing);
  }

  /** Whether two different texts of a value column are equal: json up to number scale, numbers within the tolerance. */
  private equalValues(index: number, source: string, target: string): boolean {
    if (this.plan.jsonValues[index] === true) return sameJsonb(source, target);
    return this.plan.valueTolerances[index]?.allows(source, target) ?? false;
  }

  private keyOf(fields: readonly Field[]): string {
    return formatFields(fields.slice(0, this.plan.keyColumns.length), this.plan.keyed);
  }
}
