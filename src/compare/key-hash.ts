import { rowHashSql } from '../plan/row-hash.js';
import { filterClause } from '../plan/sql.js';
import type { SideSql, TablePlan } from '../plan/table-plan.js';
import type { Query } from './queries.js';

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
export function keyHashChecksumQuery(plan: TablePlan, side: SideSql, buckets: number): Query {
  return {
    text: `SELECT ${keyHashBucket(plan, side, buckets)} AS bucket, count(*)::int8 AS rows, sum(${rowHashSql(side.hashFields)})::text AS hash`
      + ` FROM ${side.from} WHERE ${filterClause(side.where)} GROUP BY 1`,
    values: [],
  };
}

/**
 * The rows of the given buckets in key order, as COPY prints them. COPY takes no parameters: the bucket
 * numbers are whole numbers pgverify computed, checked before they are spliced in.
 */
export function keyHashRowsSql(plan: TablePlan, side: SideSql, buckets: number, wanted: readonly number[]): string {
  const list = wanted.map(wholeNumber).join(', ');
  return `SELECT ${side.copyFields.join(', ')} FROM ${side.from} WHERE ${filterClause(side.where)}`
    + ` AND ${keyHashBucket(plan, side, buckets)} IN (${list}) ORDER BY ${side.keyOrder.join(', ')}`;
}

function wholeNumber(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`a bucket number must be a whole number, not ${value}`);
  return String(value);
}
