import type { TablePlan } from '../plan/table-plan.js';
import { filterClause } from '../sql.js';
import type { Side } from '../summary.js';
import type { SideClients } from '../connect/session.js';
import { bucketCount } from './checksums.js';
import type { KeyBound } from './segment.js';

/**
 * Boundaries on the first key column, an integer, that cut the table into buckets (see bucketCount) evenly
 * between min and max, so that the first pass is one scan per side. (Other keys are bucketed by a hash of the
 * key: see key-hash.ts.)
 */
export async function firstPassBoundaries(plan: TablePlan, clients: SideClients, rows: number): Promise<KeyBound[]> {
  const buckets = bucketCount(rows);
  if (buckets <= 1) return [];
  return (await evenIntegerCuts(plan, clients, buckets)).map((value) => [value]);
}

async function evenIntegerCuts(plan: TablePlan, clients: SideClients, buckets: number): Promise<string[]> {
  const range = async (side: Side) => {
    const sql = plan[side];
    const result = await clients[side].query<{ low: string | null; high: string | null }>(
      `SELECT min(${sql.keyOrder[0]})::text AS low, max(${sql.keyOrder[0]})::text AS high FROM ${sql.from} WHERE ${filterClause(sql.where)}`,
    );
    return result.rows[0]!;
  };
  // A filtered side's min and max can cost a walk of the whole key index (the first key of store 89 of a shared
  // table); the other side's, if unfiltered, cut as well: the first and last buckets take every key beyond them.
  const unfiltered = (['source', 'target'] as const).filter((side) => plan[side].where === undefined);
  const sides = unfiltered.length > 0 ? unfiltered : (['source', 'target'] as const);
  const ranges = (await Promise.all(sides.map(range))).filter((row) => row.low !== null && row.high !== null);
  if (ranges.length === 0) return [];
  const low = ranges.map((row) => BigInt(row.low!)).reduce((a, b) => (a < b ? a : b));
  const high = ranges.map((row) => BigInt(row.high!)).reduce((a, b) => (a > b ? a : b));
  const width = (high - low + 1n) / BigInt(buckets);
  if (width < 1n) return [];
  // Keys that are not negative are cut at multiples of the width, which the checksum query numbers by one
  // division per row (see bucketExpression in queries.ts); the first bucket then starts up to width - 1 below low.
  const start = low >= 0n ? (low / width) * width : low;
  return Array.from({ length: buckets - 1 }, (_, index) => (start + width * BigInt(index + 1)).toString());
}
