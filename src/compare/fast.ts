import type { SideClients } from '../connect/session.js';
import type { TablePlan } from '../plan/table-plan.js';
import type { Side } from '../summary.js';
import { checksumBoth, differingBuckets, FETCH_ROWS, streamingIsCheaper, total } from './checksums.js';
import { diffDiffering } from './drill-down.js';
import { compareExact } from './exact.js';
import { firstPassCuts, NO_CUTS } from './first-pass.js';
import { compareByKeyHash, keyHashBuckets } from './key-hash.js';
import { WHOLE_TABLE } from './segment.js';
import type { DiffTally } from './tally.js';
import { checksummedWhole, type WholeChecksum } from './whole-checksums.js';

/**
 * Fast mode: both servers hash their rows per bucket and only differing buckets are looked at more closely.
 * Integer keys: buckets are key ranges, split further where they differ, and only small differing ranges are
 * fetched and diffed (through the key's index). Other keys: see key-hash.ts. Returns the exact row counts.
 * `passedBefore` says whether the table passed the run's previous recording (--history).
 */
export async function compareFast(
  plan: TablePlan,
  clients: SideClients,
  tally: DiffTally,
  whole?: Readonly<Record<Side, WholeChecksum>>,
  passedBefore?: () => Promise<boolean>,
): Promise<{ sourceRows: number; targetRows: number }> {
  if (!plan.keyed) return compareKeyless(plan, clients, tally, whole);
  if (plan.keyKinds[0] !== 'integer') {
    // A small one's pass is one bucket, already a total (`whole`, read with other tables' when given): the
    // history is not asked (in a fan-out, once per store). Larger ones' key-hash buckets cost the same grouping
    // as key ranges: a table that passed before is summed whole first too.
    if (keyHashBuckets(plan) === 1) return compareByKeyHash(plan, clients, tally, whole);
    if ((await passedBefore?.()) === true) {
      const [source, target] = await checksumBoth(plan, clients, WHOLE_TABLE, []);
      const agreed = agreedTotals(tally, { source, target });
      if (agreed !== undefined) return agreed;
    }
    return compareByKeyHash(plan, clients, tally);
  }
  // A small table is checksummed whole first (`whole`: already read, with other tables', see whole-checksums.ts):
  // it is most often identical (a nightly run), and then needs no range query and no buckets. If it differs,
  // it is cut by its real count below. So is a large table that passed its previous run: a total costs the
  // servers about 0.8 of a grouping into key ranges, which a table that changed since then pays on top.
  const wholeFirst = checksummedWhole(plan) || ((await passedBefore?.()) ?? false);
  let cuts = wholeFirst ? NO_CUTS : await firstPassCuts(plan, clients, plan.estimatedRows);
  let [sourceSums, targetSums] =
    whole !== undefined && wholeFirst
      ? [whole.source, whole.target]
      : await checksumBoth(plan, clients, WHOLE_TABLE, cuts.boundaries, cuts.keysWithin);
  const sourceRows = total(sourceSums);
  const targetRows = total(targetSums);
  tally.rowsRead(Math.max(sourceRows, targetRows));
  let differing = differingBuckets(sourceSums, targetSums, cuts.boundaries.length);
  if (differing.length > 0 && cuts.boundaries.length === 0 && Math.max(sourceRows, targetRows) > FETCH_ROWS) {
    // Checksummed whole (small, or the planner's estimate missing or stale) and different: cut by the real count.
    cuts = await firstPassCuts(plan, clients, Math.max(sourceRows, targetRows));
    [sourceSums, targetSums] = await checksumBoth(plan, clients, WHOLE_TABLE, cuts.boundaries, cuts.keysWithin);
    differing = differingBuckets(sourceSums, targetSums, cuts.boundaries.length);
  }
  if (streamingIsCheaper(differing, Math.max(sourceRows, targetRows))) {
    await compareExact(plan, clients, tally);
  } else if (differing.length > 0) {
    await diffDiffering(plan, clients, tally, { boundaries: cuts.boundaries, differing, span: cuts.span });
  }
  return { sourceRows, targetRows };
}

/**
 * The row counts of a table whose whole-table checksums, read with other tables' (see whole-checksums.ts),
 * agree: it is identical and needs no statement of its own. Undefined when none were read or they differ.
 */
export function settledByWhole(
  plan: TablePlan,
  tally: DiffTally,
  whole: Readonly<Record<Side, WholeChecksum>> | undefined,
): { sourceRows: number; targetRows: number } | undefined {
  return whole === undefined || !checksummedWhole(plan) ? undefined : agreedTotals(tally, whole);
}

/** The row counts of both sides' whole-table checksums when they agree (the rows read), else undefined. */
function agreedTotals(
  tally: DiffTally,
  sums: Readonly<Record<Side, WholeChecksum>>,
): { sourceRows: number; targetRows: number } | undefined {
  if (differingBuckets(sums.source, sums.target, 0).length > 0) return undefined;
  const counts = { sourceRows: total(sums.source), targetRows: total(sums.target) };
  tally.rowsRead(Math.max(counts.sourceRows, counts.targetRows));
  return counts;
}

/** A keyless table is a multiset: one checksum of the whole table, and a full multiset merge if it differs. */
async function compareKeyless(
  plan: TablePlan,
  clients: SideClients,
  tally: DiffTally,
  whole: Readonly<Record<Side, WholeChecksum>> | undefined,
) {
  const [sourceSums, targetSums] =
    whole !== undefined ? [whole.source, whole.target] : await checksumBoth(plan, clients, WHOLE_TABLE, []);
  tally.rowsRead(Math.max(total(sourceSums), total(targetSums)));
  if (differingBuckets(sourceSums, targetSums, 0).length > 0) await compareExact(plan, clients, tally);
  return { sourceRows: total(sourceSums), targetRows: total(targetSums) };
}
