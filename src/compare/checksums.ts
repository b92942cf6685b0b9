import type { SideClient, SideClients } from '../connect/session.js';
import type { TablePlan } from '../plan/table-plan.js';
import type { Side } from '../summary.js';
import { bucketChecksumQuery, type ChecksumQuery } from './queries.js';
import type { KeyBound, Segment } from './segment.js';

/** One bucket's row count and sum of row hashes on one side. */
export interface Checksum {
  readonly rows: number;
  readonly hash: string;
}

/** A bucket whose count or hash differs, with each side's row count. */
export interface DifferingBucket {
  readonly index: number;
  readonly source: number;
  readonly target: number;
}

/** Rows per bucket a first pass aims at: a differing bucket is then small enough to fetch at once. */
const ROWS_PER_BUCKET = 1000;
const MAX_BUCKETS = 8192;

/** How many buckets a first pass over `rows` rows makes (0 for an empty table). */
export function bucketCount(rows: number): number {
  return Math.min(MAX_BUCKETS, Math.ceil(Math.max(rows, 0) / ROWS_PER_BUCKET));
}

/** Rows per side up to which a differing bucket is fetched and diffed rather than split again. */
export const FETCH_ROWS = 2000;
/** When the differing buckets hold more than this share of the rows, streaming everything is cheaper. */
const STREAM_SHARE = 0.25;

/**
 * The planner cannot estimate how many buckets a checksum query groups into and takes every row for a group
 * of its own: it would then sort whole rows to disk rather than hash into a few thousand groups. With sorts
 * off for that one query it hashes, and may still run in parallel. RESET restores the session's setting.
 */
export const HASH_AGGREGATE = { before: 'SET enable_sort = off', after: 'RESET enable_sort' };

/**
 * Runs one checksum query of `buckets` buckets: row count and hash sum per bucket. Several buckets hash into
 * groups (see HASH_AGGREGATE); one bucket is one group, which needs no sort, so no setting is changed for it.
 */
export async function runChecksum(
  client: SideClient,
  query: ChecksumQuery,
  buckets: number,
): Promise<Map<number, Checksum>> {
  const rows = await checksumRows(client, query, buckets > 1);
  const sums = new Map<number, Checksum>();
  for (const row of rows) {
    const index = bucketIndex(row.bucket, query.firstGroup, buckets);
    const sum = { rows: Number(row.rows), hash: row.hash ?? '0' };
    const earlier = sums.get(index);
    sums.set(index, earlier === undefined ? sum : addChecksums(earlier, sum));
  }
  return sums;
}

/** Both sides' checksums of `ranges` cut at `boundaries`, at once (see bucketChecksumQuery). */
export function checksumBoth(
  plan: TablePlan,
  clients: SideClients,
  ranges: Segment | readonly Segment[],
  boundaries: readonly KeyBound[],
  keysWithin = false,
): Promise<[Map<number, Checksum>, Map<number, Checksum>]> {
  const run = (side: Side) =>
    runChecksum(
      clients[side],
      bucketChecksumQuery(plan, plan[side], ranges, boundaries, keysWithin),
      boundaries.length + 1,
    );
  return Promise.all([run('source'), run('target')]);
}

type ChecksumRow = { bucket: number | string; rows: string; hash: string | null };

/** The query's rows in one round trip, with sorts off around it when it groups. */
async function checksumRows(client: SideClient, query: ChecksumQuery, grouped: boolean): Promise<ChecksumRow[]> {
  if (!grouped) return (await client.query<ChecksumRow>(query.text)).rows;
  const results = await client.queryMany(`${HASH_AGGREGATE.before}; ${query.text}; ${HASH_AGGREGATE.after}`);
  return results[1]!.rows as ChecksumRow[];
}

/** The bucket of a result row: its bucket column, or its group's offset from firstGroup within 0..buckets - 1. */
function bucketIndex(bucket: number | string, firstGroup: bigint | undefined, buckets: number): number {
  if (firstGroup === undefined) return Number(bucket);
  const offset = BigInt(bucket) - firstGroup;
  return offset < 0n ? 0 : offset >= BigInt(buckets) ? buckets - 1 : Number(offset);
}

/** Two groups of one bucket: the rows and the hash sums (exact integers) added. */
function addChecksums(left: Checksum, right: Checksum): Checksum {
  return { rows: left.rows + right.rows, hash: (BigInt(left.hash) + BigInt(right.hash)).toString() };
}

/** The rows of one side over all its buckets. */
export function total(sums: Map<number, Checksum>): number {
  let rows = 0;
  for (const sum of sums.values()) rows += sum.rows;
  return rows;
}

/** Buckets 0 to lastBucket whose row count or hash sum differ. */
export function differingBuckets(
  source: Map<number, Checksum>,
  target: Map<number, Checksum>,
  lastBucket: number,
): DifferingBucket[] {
  const differing: DifferingBucket[] = [];
  for (let index = 0; index <= lastBucket; index++) {
    const left = source.get(index);
    const right = target.get(index);
    if (left?.rows === right?.rows && left?.hash === right?.hash) continue;
    differing.push({ index, source: left?.rows ?? 0, target: right?.rows ?? 0 });
  }
  return differing;
}

/** Whether so much of a table differs that streaming all of it (exact mode) is cheaper than fetching buckets. */
export function streamingIsCheaper(differing: readonly DifferingBucket[], rows: number): boolean {
  const differingRows = differing.reduce((sum, bucket) => sum + Math.max(bucket.source, bucket.target), 0);
  return differingRows > STREAM_SHARE * rows && differingRows > FETCH_ROWS;
}
