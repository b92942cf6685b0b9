import type { RowDiffSink } from '../diff-sink.js';
import type { Field } from '../summary.js';
import type { RowDiffKind } from './keys-file.js';
import {
  deleteCopiesSql,
  deleteRowSql,
  insertRowSql,
  sqlComment,
  updateRowSql,
  type RepairTable,
} from './repair-sql.js';
import { TextPart } from './text-part.js';

/** The parts of fix.sql a table writes to, and its lines of keys.jsonl. */
export type RepairPartKind = 'delete' | 'insert' | 'update' | 'keys';

const HEADINGS: Record<Exclude<RepairPartKind, 'keys'>, string> = {
  delete: 'extra rows: deleted',
  insert: 'missing rows: inserted',
  update: 'changed rows: their changed columns set',
};

/**
 * One table's repair statements and differing keys, streamed to part files as the comparison finds them.
 * A keyless table's extra copies of one row arrive one after the other (the merge reads rows in order) and
 * become one DELETE of that many copies.
 */
export class TableRepair implements RowDiffSink {
  private readonly parts = new Map<RepairPartKind, TextPart>();
  /** The keyless row whose extra copies are being counted, and how many so far. */
  private pending: { fields: readonly Field[]; text: string; copies: number } | undefined;
  private repairTable: RepairTable | undefined;

  /** `describe` is called once, at the first difference: most tables have none and never need it. */
  constructor(
    private readonly describe: () => RepairTable,
    private readonly partPath: () => string,
    private readonly keyLine: (kind: RowDiffKind, fields: readonly Field[]) => string,
  ) {}

  private get table(): RepairTable {
    return (this.repairTable ??= this.describe());
  }

  /** True once any row of the table differed. */
  get differs(): boolean {
    return this.parts.size > 0;
  }

  missing(source: readonly Field[]): void {
    this.flushPending();
    this.write('insert', insertRowSql(this.table, source));
    this.write('keys', this.keyLine('missing', source));
  }

  extra(target: readonly Field[]): void {
    this.write('keys', this.keyLine('extra', target));
    if (this.table.keyed) {
      this.write('delete', deleteRowSql(this.table, target));
      return;
    }
    const text = JSON.stringify(target);
    if (this.pending?.text === text) {
      this.pending.copies++;
      return;
    }
    this.flushPending();
    this.pending = { fields: target, text, copies: 1 };
  }

  changed(source: readonly Field[], _target: readonly Field[], columns: readonly number[]): void {
    this.flushPending();
    this.write('update', updateRowSql(this.table, source, columns));
    this.write('keys', this.keyLine('changed', source));
  }

  backlog(): Promise<void> | undefined {
    const waits = [...this.parts.values()].flatMap((part) => part.backlog() ?? []);
    return waits.length === 0 ? undefined : Promise.all(waits).then(() => undefined);
  }

  /** The part files of one kind (none when the table wrote nothing of it). */
  partPaths(kind: RepairPartKind): string[] {
    const part = this.parts.get(kind);
    return part === undefined ? [] : [part.path];
  }

  /** Writes what is still pending and closes the part files. */
  async end(): Promise<void> {
    this.flushPending();
    await Promise.all([...this.parts.values()].map((part) => part.end()));
  }

  async discard(): Promise<void> {
    this.pending = undefined;
    await Promise.all([...this.parts.values()].map((part) => part.discard()));
  }

  private flushPending(): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    this.write('delete', deleteCopiesSql(this.table, pending.fields, pending.copies));
  }

  private write(kind: RepairPartKind, text: string): void {
    let part = this.parts.get(kind);
    if (part === undefined) {
      part = new TextPart(this.partPath());
      this.parts.set(kind, part);
      if (kind !== 'keys') part.write(`\n${sqlComment(`${this.table.target}: ${HEADINGS[kind]}`)}`);
    }
    part.write(text);
  }
}
