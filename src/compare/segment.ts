import type { Field } from '../summary.js';

/**
 * A bound on the key: the first `values.length` key columns compared as a tuple. A shorter bound is a
 * prefix (only the first column, say), which is what the first, single-column bucketing pass produces.
 */
export type KeyBound = readonly string[];

/** A half-open key range [lower, upper) of one table; null means unbounded. */
export interface Segment {
  readonly lower: KeyBound | null;
  readonly upper: KeyBound | null;
}

/** The whole table. */
export const WHOLE_TABLE: Segment = Object.freeze({ lower: null, upper: null });

/** Builds a segment, refusing a bound that is empty or holds a NULL (keys are NOT NULL). */
export function segment(lower: readonly Field[] | null, upper: readonly Field[] | null): Segment {
  return Object.freeze({ lower: checkBound(lower), upper: checkBound(upper) });
}

function checkBound(bound: readonly Field[] | null): KeyBound | null {
  if (bound === null) return null;
  if (bound.length === 0 || bound.some((value) => value === null)) {
    throw new Error(`invalid key bound ${JSON.stringify(bound)}`);
  }
  return Object.freeze([...bound]) as KeyBound;
}

/**
 * Splits a segment at sorted boundaries into boundaries.length + 1 sub-segments; sub-segment i holds the
 * keys k with boundaries[i-1] <= k < boundaries[i], matching width_bucket() and the CASE bucketing.
 */
export function splitSegment(parent: Segment, boundaries: readonly KeyBound[]): Segment[] {
  return Array.from({ length: boundaries.length + 1 }, (_, index) =>
    segment(
      index === 0 ? parent.lower : boundaries[index - 1]!,
      index === boundaries.length ? parent.upper : boundaries[index]!,
    ),
  );
}
