import type { SideSession } from '../connect/session.js';
import { readUnionBatches } from '../connect/union-batches.js';
import type { TablePlan } from '../plan/table-plan.js';
import { rowHashSql } from '../plan/row-hash.js';
import { filterClause } from '../sql.js';
import type { Side } from '../summary.js';
import type { Checksum } from './checksums.js';

/** Tables expected to hold up to this many rows are checksummed whole before they are cut into buckets. */
export const WHOLE_TABLE_FIRST_ROWS = 100_000;

/** One side's whole-table checksum, as compareFast's first pass reads it: bucket 0, absent when empty. */
export type WholeChecksum = Map<number, Checksum>;

/**
 * Whether compareFast starts `plan` with one checksum of the whole table (see WHOLE_TABLE_FIRST_ROWS): a small
 * table keyed by an integer, or a keyless one. Such checksums can be read for many tables at once.
 */
export function checksummedWhole(plan: TablePlan): boolean {
  return !plan.keyed || (plan.keyKinds[0] === 'integer' && plan.estimatedRows <= WHOLE_TABLE_FIRST_ROWS);
}

/**
 * The whole-table checksums of many tables of one side, read by one statement per hundred tables (see
 * readUnionBatches). The extended protocol refuses a second statement, so each table's filter is also proven
 * to be one condition. A table left out (its statement failed: a filter naming a column it lacks) is then
 * checksummed on its own and fails there with its own message.
 */
export async function readWholeChecksums(
  plans: readonly TablePlan[],
  session: SideSession,
): Promise<Map<TablePlan, WholeChecksum>> {
  const side: Side = session.side;
  const batches = await readUnionBatches<TablePlan, { entry: number; rows: string; hash: string | null }>(
    session,
    plans,
    (plan, index) => [
      `SELECT ${index} AS entry, count(*)::int8 AS rows, sum(${rowHashSql(plan[side].hashFields)})::text AS hash FROM ${plan[side].from} WHERE ${filterClause(plan[side].where)}`,
    ],
  );
  const found = new Map<TablePlan, WholeChecksum>();
  for (const { batch, rows } of batches) {
    for (const row of rows) {
      const count = Number(row.rows);
      found.set(batch[row.entry]!, new Map(count === 0 ? [] : [[0, { rows: count, hash: row.hash ?? '0' }]]));
    }
  }
  return found;
}
