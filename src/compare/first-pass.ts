import type { TablePlan } from '../plan/table-plan.js';
import { filterClause } from '../sql.js';
import type { Side } from '../summary.js';
import type { SideClients } from '../connect/session.js';
import { bucketCount } from './checksums.js';
import type { KeyBound } from './segment.js';

/** The first pass's thresholds, and whether every key of both sides lies between their ends. */
export interface FirstPassCuts {
  readonly boundaries: KeyBound[];
  /**
   * Both sides' min and max were read, on the clients and in the snapshots the checksums use: no key lies below
   * the lowest or above the highest, so numbering buckets by key / width makes no group beyond them (see
   * bucketExpression in queries.ts). False when only an unfiltered side's were read.
   */
  readonly keysWithin: boolean;
  /**
   * The lowest and highest key read (of both sides, or of the unfiltered one): where the first and last buckets,
   * open-ended, most likely end. Undefined when the table was not cut.
   */
  readonly span?: KeySpan;
}

/** The lowest and highest first key column, an integer, read from a side. */
export interface KeySpan {
  readonly low: bigint;
  readonly high: bigint;
}

/** No thresholds: the table in one bucket. */
export const NO_CUTS: FirstPassCuts = Object.freeze({ boundaries: [], keysWithin: false });

/**
 * Thresholds on the first key column, an integer, that cut the table into buckets (see bucketCount) evenly
 * between min and max, so that the first pass is one scan per side. (Other keys are bucketed by a hash of the
 * key: see key-hash.ts.)
 */
export async function firstPassCuts(plan: TablePlan, clients: SideClients, rows: number): Promise<FirstPassCuts> {
  const buckets = bucketCount(rows);
  if (buckets <= 1) return NO_CUTS;
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
  if (ranges.length === 0) return NO_CUTS;
  const low = ranges.map((row) => BigInt(row.low!)).reduce((a, b) => (a < b ? a : b));
  const high = ranges.map((row) => BigInt(row.high!)).reduce((a, b) => (a > b ? a : b));
  const width = (high - low + 1n) / BigInt(buckets);
  if (width < 1n) return NO_CUTS;
  // (An empty side has no min or max, and no key beyond them either.)
  const keysWithin = sides.length === 2;
  // Keys within and not negative are cut at multiples of the width, which the checksum query numbers by one
  // division per row; the first bucket then starts up to width - 1 below low.
  const start = keysWithin && low >= 0n ? (low / width) * width : low;
  return {
    boundaries: Array.from({ length: buckets - 1 }, (_, index) => [(start + width * BigInt(index + 1)).toString()]),
    keysWithin,
    span: { low, high },
  };
}
