import type { SideClient } from '../connect/session.js';
import type { TablePlan } from '../plan/table-plan.js';
import type { Side } from '../summary.js';
import { compareExact } from './exact.js';
import { firstPassBoundaries } from './first-pass.js';
import { keyHashChecksumQuery, keyHashRowsSql } from './key-hash.js';
import { mergeRows } from './merge.js';
import { bucketChecksumQuery, sampleKeysQuery, segmentRowsQuery, type Query } from './queries.js';
import { copyRows, drain, queryRows } from './row-sources.js';
import { splitSegment, WHOLE_TABLE, type KeyBound, type Segment } from './segment.js';
import type { DiffTally } from './tally.js';

/** Rows per side up to which a differing segment is fetched and diffed rather than split again. */
export const FETCH_ROWS = 2000;
/** Parts a large differing segment is split into. */
const SPLIT_PARTS = 32;
/** When the differing buckets hold more than this share of the rows, streaming everything is cheaper. */
const STREAM_SHARE = 0.25;
/** Rows per key-hash bucket the first pass aims at, and the most buckets it makes. */
const ROWS_PER_HASH_BUCKET = 1000;
const MAX_HASH_BUCKETS = 8192;
/** Buckets when the planner has no estimate (a table never analysed). */
const UNKNOWN_SIZE_BUCKETS = 1024;

/** The clients of both sides, inside their shared snapshots. */
export type SideClients = Record<Side, SideClient>;

interface Checksum { rows: number; hash: string }

/**
 * Fast mode: both servers hash their rows per key range; only ranges whose count or hash differ are split
 * further, and only small differing ranges are fetched and diffed. Returns the exact row counts.
 */
export async function compareFast(plan: TablePlan, clients: SideClients, tally: DiffTally): Promise<{ sourceRows: number; targetRows: number }> {
  if (!plan.keyed) return compareKeyless(plan, clients, tally);
  if (plan.keyKinds[0] !== 'integer') return compareByKeyHash(plan, clients, tally);
  let boundaries = await firstPassBoundaries(plan, clients, plan.estimatedRows);
  let [sourceSums, targetSums] = await checksumBoth(plan, clients, WHOLE_TABLE, boundaries);
  const sourceRows = total(sourceSums);
  const targetRows = total(targetSums);
  tally.rowsRead(Math.max(sourceRows, targetRows));
  let differing = differingBuckets(sourceSums, targetSums, boundaries.length);
  if (differing.length > 0 && boundaries.length === 0 && Math.max(sourceRows, targetRows) > FETCH_ROWS) {
    // The planner's estimate was missing or stale (a table never analysed): cut again by the real count.
    boundaries = await firstPassBoundaries(plan, clients, Math.max(sourceRows, targetRows));
    [sourceSums, targetSums] = await checksumBoth(plan, clients, WHOLE_TABLE, boundaries);
    differing = differingBuckets(sourceSums, targetSums, boundaries.length);
  }
  const differingRows = differing.reduce((sum, bucket) => sum + Math.max(bucket.source, bucket.target), 0);
  if (differingRows > STREAM_SHARE * Math.max(sourceRows, targetRows) && differingRows > FETCH_ROWS) {
    await compareExact(plan, clients, tally);
  } else {
    const segments = splitSegment(WHOLE_TABLE, boundaries);
    for (const bucket of differing) await refine(plan, clients, tally, segments[bucket.index]!, bucket, 0);
  }
  return { sourceRows, targetRows };
}

/**
 * Keys that are not integers (text, uuid, numeric, composite keys led by one): buckets by a hash of the key,
 * one scan per side for the checksums, then one scan per side that streams the rows of every differing
 * bucket in key order into the merge. Ranges of such keys would need a scan per range (see key-hash.ts).
 */
async function compareByKeyHash(plan: TablePlan, clients: SideClients, tally: DiffTally) {
  const estimate = plan.estimatedRows > 0 ? Math.ceil(plan.estimatedRows / ROWS_PER_HASH_BUCKET) : UNKNOWN_SIZE_BUCKETS;
  const buckets = Math.min(MAX_HASH_BUCKETS, Math.max(1, estimate));
  const [sourceSums, targetSums] = await Promise.all([
    runChecksum(clients.source, keyHashChecksumQuery(plan, plan.source, buckets)),
    runChecksum(clients.target, keyHashChecksumQuery(plan, plan.target, buckets)),
  ]);
  const sourceRows = total(sourceSums);
  const targetRows = total(targetSums);
  tally.rowsRead(Math.max(sourceRows, targetRows));
  const differing = differingBuckets(sourceSums, targetSums, buckets - 1);
  const differingRows = differing.reduce((sum, bucket) => sum + Math.max(bucket.source, bucket.target), 0);
  if (differingRows > STREAM_SHARE * Math.max(sourceRows, targetRows) && differingRows > FETCH_ROWS) {
    await compareExact(plan, clients, tally);
  } else if (differing.length > 0) {
    const wanted = differing.map((bucket) => bucket.index);
    const source = copyRows(clients.source, keyHashRowsSql(plan, plan.source, buckets, wanted));
    const target = copyRows(clients.target, keyHashRowsSql(plan, plan.target, buckets, wanted));
    try {
      await mergeRows(plan.keyKinds, source, target, tally);
    } catch (error) {
      await Promise.all([drain(source), drain(target)]);
      throw error;
    }
  }
  return { sourceRows, targetRows };
}

/** A keyless table is a multiset: one checksum of the whole table, and a full multiset merge if it differs. */
async function compareKeyless(plan: TablePlan, clients: SideClients, tally: DiffTally) {
  const [sourceSums, targetSums] = await checksumBoth(plan, clients, WHOLE_TABLE, []);
  tally.rowsRead(Math.max(total(sourceSums), total(targetSums)));
  if (differingBuckets(sourceSums, targetSums, 0).length > 0) await compareExact(plan, clients, tally);
  return { sourceRows: total(sourceSums), targetRows: total(targetSums) };
}

async function refine(
  plan: TablePlan, clients: SideClients, tally: DiffTally, range: Segment,
  counts: { source: number; target: number }, depth: number,
): Promise<void> {
  const larger: Side = counts.source >= counts.target ? 'source' : 'target';
  const rows = counts[larger];
  const boundaries = rows <= FETCH_ROWS || depth > 12
    ? []
    : await sampleBoundaries(plan, clients[larger], plan[larger], range, Math.ceil(rows / SPLIT_PARTS));
  if (boundaries.length === 0) {
    await mergeRows(plan.keyKinds, runRows(clients.source, segmentRowsQuery(plan, plan.source, range)),
      runRows(clients.target, segmentRowsQuery(plan, plan.target, range)), tally);
    return;
  }
  const [sourceSums, targetSums] = await checksumBoth(plan, clients, range, boundaries);
  const parts = splitSegment(range, boundaries);
  for (const bucket of differingBuckets(sourceSums, targetSums, boundaries.length)) {
    await refine(plan, clients, tally, parts[bucket.index]!, bucket, depth + 1);
  }
}

async function sampleBoundaries(plan: TablePlan, client: SideClient, side: TablePlan['source'], range: Segment, step: number): Promise<KeyBound[]> {
  const query = sampleKeysQuery(plan, side, range, step);
  const result = await client.query<string[]>({ text: query.text, values: [...query.values], rowMode: 'array' });
  return result.rows;
}

function runRows(client: SideClient, query: Query) {
  return queryRows(client, query.text, query.values);
}

/**
 * The planner cannot estimate how many buckets a checksum query groups into and takes every row for a group
 * of its own: it would then sort whole rows to disk rather than hash into a few thousand groups. With sorts
 * off for that one query it hashes, and may still run in parallel. RESET restores the session's setting.
 */
export const HASH_AGGREGATE = { before: 'SET enable_sort = off', after: 'RESET enable_sort' };

async function checksumBoth(plan: TablePlan, clients: SideClients, range: Segment, boundaries: readonly KeyBound[]) {
  const run = (side: Side) => runChecksum(clients[side], bucketChecksumQuery(plan, plan[side], range, boundaries));
  return Promise.all([run('source'), run('target')]);
}

/** Runs one checksum query (hashing into groups, see HASH_AGGREGATE): row count and hash sum per bucket. */
async function runChecksum(client: SideClient, query: Query): Promise<Map<number, Checksum>> {
  await client.query(HASH_AGGREGATE.before);
  const result = await client.query<{ bucket: number; rows: string; hash: string | null }>({ text: query.text, values: [...query.values] });
  await client.query(HASH_AGGREGATE.after);
  return new Map(result.rows.map((row): [number, Checksum] => [Number(row.bucket), { rows: Number(row.rows), hash: row.hash ?? '0' }]));
}

function total(sums: Map<number, Checksum>): number {
  let rows = 0;
  for (const sum of sums.values()) rows += sum.rows;
  return rows;
}

/** Buckets whose row count or hash sum differ, with each side's row count. */
export function differingBuckets(source: Map<number, Checksum>, target: Map<number, Checksum>, boundaryCount: number) {
  const differing: Array<{ index: number; source: number; target: number }> = [];
  for (let index = 0; index <= boundaryCount; index++) {
    const left = source.get(index);
    const right = target.get(index);
    if (left?.rows === right?.rows && left?.hash === right?.hash) continue;
    differing.push({ index, source: left?.rows ?? 0, target: right?.rows ?? 0 });
  }
  return differing;
}
