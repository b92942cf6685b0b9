import type { SideSession } from '../connect/session.js';
import type { TablePlan } from '../plan/table-plan.js';
import { rowHashSql } from '../plan/row-hash.js';
import { filterClause } from '../sql.js';
import type { Side } from '../summary.js';
import type { Checksum } from './checksums.js';

/** Tables expected to hold up to this many rows are checksummed whole before they are cut into buckets. */
export const WHOLE_TABLE_FIRST_ROWS = 100_000;

/** Tables per statement of a batch: enough to save the round trips, few enough to plan and lock quickly. */
const TABLES_PER_STATEMENT = 100;

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
 * The whole-table checksums of many tables of one side, read by one statement per hundred tables instead of
 * one per table: the fixed cost of a round trip dominates a small table (a store of a forEach fan-out). Runs
 * through the extended protocol, which refuses a second statement, so each table's filter is also proven to
 * be one condition. A statement that fails (a filter naming a column some table lacks, a lock timeout) leaves
 * its tables out: they are then checksummed one by one and fail there with their own message.
 */
export async function readWholeChecksums(
  plans: readonly TablePlan[],
  session: SideSession,
): Promise<Map<TablePlan, WholeChecksum>> {
  const found = new Map<TablePlan, WholeChecksum>();
  for (let start = 0; start < plans.length; start += TABLES_PER_STATEMENT) {
    const batch = plans.slice(start, start + TABLES_PER_STATEMENT);
    const side: Side = session.side;
    const text = batch
      .map(
        (plan, index) =>
          `SELECT ${index} AS entry, count(*)::int8 AS rows, sum(${rowHashSql(plan[side].hashFields)})::text AS hash FROM ${plan[side].from} WHERE ${filterClause(plan[side].where)}`,
      )
      .join('\nUNION ALL ');
    let rows: Array<{ entry: number; rows: string; hash: string | null }>;
    try {
      // withClient rolls the failed statement back, so the snapshot stays usable for the tables one by one.
      rows = await session.withClient(
        async (client) =>
          (await client.query<{ entry: number; rows: string; hash: string | null }>({ text, queryMode: 'extended' }))
            .rows,
      );
    } catch {
      continue;
    }
    for (const row of rows) {
      const count = Number(row.rows);
      found.set(batch[row.entry]!, new Map(count === 0 ? [] : [[0, { rows: count, hash: row.hash ?? '0' }]]));
    }
  }
  return found;
}
