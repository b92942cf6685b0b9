import { join } from 'node:path';
import type { Table } from '../catalog/types.js';
import type { RowDiffSink } from '../diff-sink.js';
import { PgVerifyError, describeError } from '../errors.js';
import type { TablePlan } from '../plan/table-plan.js';
import type { Field, TableResult } from '../summary.js';
import { discardTemporaryFile, removeFile, renameIntoPlace, temporaryPathFor, writeFileAtomic } from './atomic-file.js';
import { concatenate } from './diff-parts.js';
import type { TableOutcome } from './diff-writer.js';
import { keyLine } from './keys-file.js';
import { parentsFirst } from './repair-order.js';
import { closingNotes, REPAIR_HEADER } from './repair-notes.js';
import { repairTableOf, type RepairTable } from './repair-sql.js';
import { TableRepair, type RepairPartKind } from './table-repair.js';

/** Where a run's repair files go: fix.sql, keys.jsonl and recheck.json, beside its other reports. */
export const REPAIR_FILES = { fix: 'fix.sql', keys: 'keys.jsonl', options: 'recheck.json' } as const;

/** Hands out a row sink per table and writes fix.sql, keys.jsonl and recheck.json on close, when anything differs. */
export interface RepairWriter {
  /** The sink of a table compared on both sides; opens no file until its first difference. */
  table(plan: TablePlan, target: Table): RowDiffSink;
  /** The table's check is over; a dropped table (an error) keeps nothing. */
  endTable(name: string, outcome: TableOutcome): void;
  /**
   * Writes the files in the results' order when a row differs, a table is on one side only or a sequence lags;
   * otherwise writes nothing. `options` is what recheck.json keeps of the run.
   */
  close(results: readonly TableResult[], options: unknown): Promise<void>;
  abort(): Promise<void>;
}

/** The single tenant value inserted rows are stamped with, when the run was given exactly one. */
export interface RepairTenant {
  readonly column: string;
  readonly value: string;
}

/** The sink of a table whose rows the script does not write (a materialized view). */
const NO_ROWS: RowDiffSink = {
  missing: () => undefined,
  extra: () => undefined,
  changed: () => undefined,
  backlog: () => undefined,
};

/** A writer of the repair files into `outDir`; nothing is written for a run without differences. */
export function createRepairWriter(
  outDir: string,
  schemas: { readonly source: string; readonly target: string },
  tenant: RepairTenant | undefined,
  /** `outDir` was made by this run: no earlier run's repair files can be there. */
  emptyOutDir = false,
): RepairWriter {
  const tables = new Map<string, TableRepair>();
  const targets = new Map<string, Table>();
  let parts = 0;
  const partPath = () => temporaryPathFor(join(outDir, REPAIR_FILES.fix), ++parts);
  let closing: Promise<void> | undefined;

  const discardAll = () => Promise.all([...tables.values()].map((table) => table.discard())).then(() => undefined);

  const finish = async (results: readonly TableResult[], options: unknown): Promise<void> => {
    await Promise.all([...tables.values()].map((table) => table.end()));
    const repaired = results.filter((result) => result.status !== 'error' && tables.get(result.name)?.differs === true);
    const notes = closingNotes(results, targets, schemas);
    // A directory reused by --out must not keep an earlier run's script beside a report that found nothing.
    if (repaired.length === 0 && notes.actions === '') {
      if (!emptyOutDir) await Promise.all(Object.values(REPAIR_FILES).map((name) => removeFile(join(outDir, name))));
      return;
    }
    const ordered = parentsFirst(repaired.map((result) => targets.get(result.name)!)).map((target) =>
      repaired.find((result) => targets.get(result.name) === target)!,
    );
    const partsOf = (kind: RepairPartKind, list: readonly TableResult[]) =>
      list.flatMap((result) => tables.get(result.name)!.partPaths(kind));
    const fix = join(outDir, REPAIR_FILES.fix);
    const keys = join(outDir, REPAIR_FILES.keys);
    try {
      await concatenate(temporaryPathFor(fix), REPAIR_HEADER, [
        ...partsOf('delete', [...ordered].reverse()),
        ...partsOf('insert', ordered),
        ...partsOf('update', ordered),
        { text: notes.actions + notes.remarks },
      ]);
      await concatenate(temporaryPathFor(keys), '', partsOf('keys', repaired));
      await writeFileAtomic(join(outDir, REPAIR_FILES.options), `${JSON.stringify(options, null, 2)}\n`);
      await renameIntoPlace(temporaryPathFor(keys), keys);
      await renameIntoPlace(temporaryPathFor(fix), fix);
    } catch (error) {
      await Promise.all([discardTemporaryFile(temporaryPathFor(fix)), discardTemporaryFile(temporaryPathFor(keys))]);
      throw new PgVerifyError(`cannot write ${fix}: ${describeError(error)}`, { cause: error });
    } finally {
      await discardAll();
    }
  };

  return {
    table(plan, target) {
      targets.set(plan.name, target);
      // A materialized view's rows are refreshed, not written (see closingNotes).
      if (target.materialized === true) return NO_ROWS;
      const repair = new TableRepair(
        () => repairTableOf(plan, target, tenant),
        partPath,
        (kind, fields: readonly Field[]) =>
          keyLine({ table: plan.name, kind, key: fields.slice(0, plan.keyColumns.length) }),
      );
      tables.set(plan.name, repair);
      return repair;
    },
    endTable(name, outcome) {
      const repair = tables.get(name);
      if (repair === undefined) return;
      if (outcome === 'drop') {
        tables.delete(name);
        void repair.discard();
      } else void repair.end().catch(() => undefined);
    },
    close: (results, options) => (closing ??= finish(results, options)),
    abort: () => (closing ??= discardAll()),
  };
}

export type { RepairTable };
