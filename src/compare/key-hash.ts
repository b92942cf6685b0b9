import { rowHashSql } from '../plan/row-hash.js';
import { filterClause } from '../sql.js';
import type { SideSql, TablePlan } from '../plan/table-plan.js';
import type { SideClients } from '../connect/session.js';
import type { Side } from '../summary.js';
import { bucketCount, differingBuckets, runChecksum, streamingIsCheaper, total, type Checksum } from './checksums.js';
import { compareExact, mergeCopies } from './exact.js';
import { checksumSql, type ChecksumQuery } from './queries.js';
import type { DiffTally } from './tally.js';

/** Rows assumed when the planner has no estimate (a table never analysed): 1,024 buckets. */
const UNKNOWN_SIZE_ROWS = 1024 * 1000;

/**
 * Keys that are not integers (text, uuid, numeric, composite keys led by one): buckets by a hash of the key,
 * one scan per side for the checksums, then one scan per side that streams the rows of every differing
 * bucket in key order into the merge. Ranges of such keys would need a scan per range (see keyHashBucket).
 * `whole`: both sides' whole-table checksums, already read; a table of one bucket takes them as its first pass.
 */
export async function compareByKeyHash(
  plan: TablePlan,
  clients: SideClients,
  tally: DiffTally,
  whole?: Readonly<Record<Side, Map<number, Checksum>>>,
) {
  const buckets = keyHashBuckets(plan);
  const [sourceSums, targetSums] =
    whole !== undefined && buckets === 1
      ? [whole.source, whole.target]
      : await Promise.all([
          runChecksum(clients.source, keyHashChecksumQuery(plan, plan.source, buckets), buckets),
          runChecksum(clients.target, keyHashChecksumQuery(plan, plan.target, buckets), buckets),
        ]);
  const sourceRows = total(sourceSums);
  const targetRows = total(targetSums);
  tally.rowsRead(Math.max(sourceRows, targetRows));
  const differing = differingBuckets(sourceSums, targetSums, buckets - 1);
  if (streamingIsCheaper(differing, Math.max(sourceRows, targetRows))) {
    await compareExact(plan, clients, tally);
  } else if (differing.length > 0) {
    const wanted = differing.map((bucket) => bucket.index);
    const sql = {
      source: keyHashRowsSql(plan, plan.source, buckets, wanted),
      target: keyHashRowsSql(plan, plan.target, buckets, wanted),
    };
    await mergeCopies(plan, clients, sql, tally);
  }
  return { sourceRows, targetRows };
}

/** How many key-hash buckets the table's first pass makes, by the planner's estimate: 1 for a small table. */
export function keyHashBuckets(plan: TablePlan): number {
  return Math.max(1, bucketCount(plan.estimatedRows > 0 ? plan.estimatedRows : UNKNOWN_SIZE_ROWS));
}

/**
 * The bucket of a row by a hash of its key (the key's row-hash terms, alike on both sides): 0 to buckets - 1.
 * For keys that are not integers: a range of text keys in the C collation is no range of an index in the
 * database's collation, so every range query would read the whole table; buckets by hash cost nothing to
 * compute and all differing buckets are fetched in one scan.
 */
export function keyHashBucket(plan: TablePlan, side: SideSql, buckets: number): string {
  const keyHash = rowHashSql(side.hashFields.slice(0, plan.keyColumns.length));
  return `((${keyHash}) & 9223372036854775807) % ${wholeNumber(buckets)}`;
}

/** Row count and hash sum per key-hash bucket. */
export function keyHashChecksumQuery(plan: TablePlan, side: SideSql, buckets: number): ChecksumQuery {
  return { text: checksumSql(side, keyHashBucket(plan, side, buckets), filterClause(side.where)) };
}

/**
 * The rows of the given buckets in key order, as COPY prints them. COPY takes no parameters: the bucket
 * numbers are whole numbers pgverify computed, checked before they are spliced in.
 */
export function keyHashRowsSql(plan: TablePlan, side: SideSql, buckets: number, wanted: readonly number[]): string {
  const list = wanted.map(wholeNumber).join(', ');
  return (
    `SELECT ${side.copyFields.join(', ')} FROM ${side.from} WHERE ${filterClause(side.where)}` +
    ` AND ${keyHashBucket(plan, side, buckets)} IN (${list}) ORDER BY ${side.keyOrder.join(', ')}`
  );
}

function wholeNumber(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`a bucket number must be a whole number, not ${value}`);
  return String(value);
}
