import type { SideClient, SideClients } from '../connect/session.js';
import type { KeyKind } from '../plan/canonical.js';
import type { TablePlan } from '../plan/table-plan.js';
import type { Side } from '../summary.js';
import { checksumBoth, differingBuckets, FETCH_ROWS, type DifferingBucket } from './checksums.js';
import { mergeCopies } from './exact.js';
import type { KeySpan } from './first-pass.js';
import { sampleKeysQuery, segmentRowsSql } from './queries.js';
import { segment, splitSegment, WHOLE_TABLE, type KeyBound, type Segment } from './segment.js';
import type { DiffTally } from './tally.js';

/** Parts a differing range is cut into to narrow it down. */
const SPLIT_PARTS = 32;
/** The largest int8: a cut above the highest key would not be one. */
const INT8_MAX = 2n ** 63n - 1n;
/** Rows a side holds in a small differing range above which it is narrowed by a finer checksum first. */
const NARROW_ROWS = 64;
/**
 * Rows a side sends at most in one statement fetching several small differing ranges: ten first-pass buckets,
 * about as many as the server sorts in its default work_mem for rows of a few hundred bytes.
 */
const FETCH_BATCH_ROWS = 10_000;
/** Ranges one such statement names at most: each is a branch of its WHERE clause, which the planner weighs. */
const FETCH_BATCH_RANGES = 64;

/** A differing key range with each side's row count in it. */
export interface DifferingRange {
  readonly segment: Segment;
  readonly source: number;
  readonly target: number;
}

/**
 * Diffs the differing buckets of a first pass over an integer-keyed table (fast mode), in key order.
 * A large one is cut again by sampled keys and its differing parts diffed in turn. Small ones are taken together,
 * up to FETCH_BATCH_ROWS a side: a finer checksum of all of them (one statement a side) narrows them down to
 * their differing parts, whose rows are fetched and merged (one COPY a side). A few changed rows scattered over
 * a large table so cost each side two statements and about SPLIT_PARTS rows each, not a bucket's rows.
 */
export function diffDiffering(
  plan: TablePlan,
  clients: SideClients,
  tally: DiffTally,
  firstPass: { boundaries: readonly KeyBound[]; differing: readonly DifferingBucket[]; span?: KeySpan | undefined },
): Promise<void> {
  const ranges = differingRanges(WHOLE_TABLE, firstPass.boundaries, firstPass.differing);
  return refine({ plan, clients, tally, span: firstPass.span }, ranges, 0);
}

/** The parts of `range` cut at `boundaries` whose buckets differ, in key order. */
function differingRanges(
  range: Segment,
  boundaries: readonly KeyBound[],
  differing: readonly DifferingBucket[],
): DifferingRange[] {
  const parts = splitSegment(range, boundaries);
  return differing.map((bucket) => ({ segment: parts[bucket.index]!, source: bucket.source, target: bucket.target }));
}

/** What the drill-down into one table works with; `span`, the first pass's lowest and highest key. */
interface DrillDown {
  readonly plan: TablePlan;
  readonly clients: SideClients;
  readonly tally: DiffTally;
  readonly span: KeySpan | undefined;
}

async function refine(work: DrillDown, ranges: readonly DifferingRange[], depth: number): Promise<void> {
  const { plan, clients } = work;
  const batch: DifferingRange[] = [];
  let batchRows = 0;
  const flush = async () => {
    if (batch.length > 0) await diffSmallRanges(work, batch.splice(0));
    batchRows = 0;
  };
  for (const range of ranges) {
    const larger: Side = range.source >= range.target ? 'source' : 'target';
    const rows = range[larger];
    const boundaries =
      rows <= FETCH_ROWS || depth > 12
        ? []
        : await sampleBoundaries(plan, clients[larger], plan[larger], range.segment, Math.ceil(rows / SPLIT_PARTS));
    if (boundaries.length === 0) {
      // A batch is narrowed as a whole: a range of sampled whole keys starts a batch of its own kind.
      const full = batchRows + rows > FETCH_BATCH_ROWS || batch.length === FETCH_BATCH_RANGES;
      if (full || (batch.length > 0 && narrowable(batch[0]!) !== narrowable(range))) await flush();
      batch.push(range);
      batchRows += rows;
      continue;
    }
    await flush();
    const [sourceSums, targetSums] = await checksumBoth(plan, clients, range.segment, boundaries);
    const differing = differingBuckets(sourceSums, targetSums, boundaries.length);
    await refine(work, differingRanges(range.segment, boundaries, differing), depth + 1);
  }
  await flush();
}

/**
 * Diffs small differing ranges: narrowed by one finer checksum of them all where their bounds are integers (see
 * finerCuts), then their (remaining) rows fetched from both sides at once in one COPY each and merged.
 */
async function diffSmallRanges(work: DrillDown, ranges: readonly DifferingRange[]): Promise<void> {
  const { plan, clients, tally } = work;
  const segments = ranges.map((range) => range.segment);
  const cuts = finerCuts(plan.keyKinds[0]!, ranges, work.span);
  if (cuts.length === 0) {
    await fetchAndMerge(plan, clients, tally, segments);
    return;
  }
  const [sourceSums, targetSums] = await checksumBoth(plan, clients, segments, cuts);
  // Each part lies within a range, between two, or beyond the span, where neither side should have a row: only
  // parts with rows can differ, and a differing part is fetched by its own bounds wherever it lies.
  const parts = splitSegment(WHOLE_TABLE, cuts);
  const narrowed = differingBuckets(sourceSums, targetSums, cuts.length).map((bucket) => parts[bucket.index]!);
  if (narrowed.length > 0) await fetchAndMerge(plan, clients, tally, narrowed);
}

/**
 * Thresholds cutting each range of an integer first key column that holds more than NARROW_ROWS rows a side into
 * about SPLIT_PARTS parts, by arithmetic on its bounds, with every range's own bounds: ascending, as the ranges
 * are, so that every part lies within one range or between two (where neither side has a row). An open end (the
 * first or last bucket) is taken to end at `span`'s lowest or highest key when that lies within the range: the
 * span may be one side's only, whose keys bound nothing of the other's. None when no range is cut (the rows are
 * then fetched at once) or a bound is a whole key of several columns (see narrowable).
 */
export function finerCuts(firstKey: KeyKind, ranges: readonly DifferingRange[], span?: KeySpan): KeyBound[] {
  if (firstKey !== 'integer' || !ranges.every(narrowable)) return [];
  const cuts: bigint[] = [];
  let cutInside = false;
  for (const range of ranges) {
    const { lower, upper } = range.segment;
    const openBelow = span !== undefined && (upper === null || span.low < BigInt(upper[0]!));
    const low = lower !== null ? BigInt(lower[0]!) : openBelow ? span.low : undefined;
    const openAbove = span !== undefined && span.high < INT8_MAX && (low === undefined || span.high + 1n > low);
    const high = upper !== null ? BigInt(upper[0]!) : openAbove ? span.high + 1n : undefined;
    // A range's own bounds follow the cuts before them (ranges are in key order and do not overlap); else no pass.
    if (low !== undefined && low !== cuts.at(-1)) {
      if (cuts.length > 0 && low < cuts.at(-1)!) return [];
      cuts.push(low);
    }
    if (low !== undefined && high !== undefined && Math.max(range.source, range.target) > NARROW_ROWS) {
      const width = (high - low + BigInt(SPLIT_PARTS) - 1n) / BigInt(SPLIT_PARTS);
      for (let inside = low + width; inside < high; inside += width) {
        cuts.push(inside);
        cutInside = true;
      }
    }
    if (high !== undefined) {
      if (cuts.length > 0 && high <= cuts.at(-1)!) return [];
      cuts.push(high);
    }
  }
  return cutInside ? cuts.map((value) => [value.toString()]) : [];
}

/** Whether a range's bounds are each one integer (or open): a first-pass bucket, not a sampled whole key. */
function narrowable(range: DifferingRange): boolean {
  const { lower, upper } = range.segment;
  return (lower === null || lower.length === 1) && (upper === null || upper.length === 1);
}

/** Streams the rows of some segments from both sides at once into the merge, adjacent segments joined. */
function fetchAndMerge(plan: TablePlan, clients: SideClients, tally: DiffTally, segments: readonly Segment[]) {
  const joined = joinTouching(segments);
  const sql = {
    source: segmentRowsSql(plan, plan.source, joined),
    target: segmentRowsSql(plan, plan.target, joined),
  };
  return mergeCopies(plan, clients, sql, tally);
}

/** Segments in key order with each that starts where the one before it ends joined to it: the same rows. */
function joinTouching(segments: readonly Segment[]): Segment[] {
  const joined: Segment[] = [];
  for (const next of segments) {
    const last = joined.at(-1);
    if (last !== undefined && last.upper !== null && next.lower !== null && sameBound(last.upper, next.lower)) {
      joined[joined.length - 1] = segment(last.lower, next.upper);
    } else {
      joined.push(next);
    }
  }
  return joined;
}

function sameBound(left: KeyBound, right: KeyBound): boolean {
  return left.length === right.length && left.every((value, index) => value === right[index]);
}

async function sampleBoundaries(
  plan: TablePlan,
  client: SideClient,
  side: TablePlan['source'],
  range: Segment,
  step: number,
): Promise<KeyBound[]> {
  const query = sampleKeysQuery(plan, side, range, step);
  const result = await client.query<string[]>({ text: query.text, values: [...query.values], rowMode: 'array' });
  return result.rows;
}
