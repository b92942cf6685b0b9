import type { SideSql, TablePlan } from '../plan/table-plan.js';
import { filterClause, quoteLiteral } from '../sql.js';
import type { KeyBound, Segment } from './segment.js';
import { rowHashSql } from '../plan/row-hash.js';

/** Where a query builder puts a value: a bind parameter (Params), or a quoted literal for COPY (Literals). */
interface ValueSlots {
  add(value: unknown, type?: string): string;
}

/** Collects bind parameters and hands out their `$n` placeholders. */
export class Params implements ValueSlots {
  readonly values: unknown[] = [];

  add(value: unknown, type?: string): string {
    this.values.push(value);
    return type === undefined ? `$${this.values.length}` : `$${this.values.length}::${type}`;
  }
}

/**
 * Splices values into the SQL as quoted literals of their type: COPY takes no parameters, and a query without
 * any goes out with its settings in one round trip (see runChecksum).
 */
export class Literals implements ValueSlots {
  add(value: unknown, type?: string): string {
    // An array is one literal in the array syntax, each element double-quoted: one constant for the server to
    // read, where ARRAY[...] would be an expression of as many constants to parse and fold.
    const text = Array.isArray(value)
      ? `{${value.map((element) => (element === null ? 'NULL' : `"${String(element).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`
      : String(value);
    const literal = quoteLiteral(text);
    return type === undefined ? literal : `${literal}::${type}`;
  }
}

/** A query text with its parameters. */
export interface Query {
  readonly text: string;
  readonly values: readonly unknown[];
}

/**
 * A checksum query's text, without parameters (its values spliced in as literals: it goes out with its setting
 * in one round trip, see runChecksum). Its bucket column numbers the buckets from 0, or, with `firstGroup`, is a
 * group number that is bucket firstGroup + i for bucket i, and below or above the buckets for keys beyond the
 * first or last boundary, which belong to the first or last bucket.
 */
export interface ChecksumQuery {
  readonly text: string;
  readonly firstGroup?: bigint;
}

/**
 * `WHERE` conditions restricting one side to the user's filter and a key segment, or to keys within any of
 * several segments.
 */
export function whereClause(
  plan: TablePlan,
  side: SideSql,
  ranges: Segment | readonly Segment[],
  slots: ValueSlots,
): string {
  const within = (isSegmentList(ranges) ? ranges : [ranges]).map((range) => rangeConditions(plan, side, range, slots));
  if (within.length === 1) return [filterClause(side.where), ...within[0]!].join(' AND ');
  const any = within.map((conditions) => `(${conditions.join(' AND ') || 'TRUE'})`).join(' OR ');
  return `${filterClause(side.where)} AND (${any})`;
}

function isSegmentList(ranges: Segment | readonly Segment[]): ranges is readonly Segment[] {
  return Array.isArray(ranges);
}

/** The conditions keeping a side's keys within a segment: none for the whole table. */
function rangeConditions(plan: TablePlan, side: SideSql, range: Segment, slots: ValueSlots): string[] {
  const conditions: string[] = [];
  if (range.lower !== null) conditions.push(boundCondition(plan, side, range.lower, '>=', slots));
  if (range.upper !== null) conditions.push(boundCondition(plan, side, range.upper, '<', slots));
  return conditions;
}

/** `(k1, k2) >= ($1::t1, $2::t2)` for a bound on the first bound.length key columns. */
export function boundCondition(
  plan: TablePlan,
  side: SideSql,
  bound: KeyBound,
  operator: string,
  slots: ValueSlots,
): string {
  const keys = side.keyOrder.slice(0, bound.length);
  const values = bound.map((value, index) => slots.add(value, plan.keyParamTypes[index]));
  return keys.length === 1
    ? `${keys[0]} ${operator} ${values[0]}`
    : `(${keys.join(', ')}) ${operator} (${values.join(', ')})`;
}

/** Every compared column of a side, key first, in key order, as COPY prints it canonically. No parameters: COPY-safe. */
export function orderedRowsSql(side: SideSql): string {
  return `SELECT ${side.copyFields.join(', ')} FROM ${side.from} WHERE ${filterClause(side.where)} ORDER BY ${side.keyOrder.join(', ')}`;
}

/**
 * The rows of some small differing segments, in key order, as COPY prints them: in one statement, so that a few
 * changed rows scattered over a large table cost each side one round trip, not one per segment. The bounds are
 * key values read from the databases, spliced in as quoted literals.
 */
export function segmentRowsSql(plan: TablePlan, side: SideSql, ranges: readonly Segment[]): string {
  const where = whereClause(plan, side, ranges, new Literals());
  return `SELECT ${side.copyFields.join(', ')} FROM ${side.from} WHERE ${where} ORDER BY ${side.keyOrder.join(', ')}`;
}

/**
 * Row count and hash sum per bucket of a segment, or of keys within any of several segments. Bucket i holds keys
 * in [boundaries[i-1], boundaries[i]). Bounds of one column use width_bucket over an array (cheap); wider bounds
 * a sum of tuple tests; even integer ones arithmetic. `keysWithin`: no key of the side lies beyond the
 * boundaries' ends (FirstPassCuts). The bounds, key values read from the databases, are spliced in as quoted
 * literals: a query without parameters goes out with its settings in one round trip (see runChecksum).
 */
export function bucketChecksumQuery(
  plan: TablePlan,
  side: SideSql,
  ranges: Segment | readonly Segment[],
  boundaries: readonly KeyBound[],
  keysWithin = false,
): ChecksumQuery {
  const literals = new Literals();
  const { bucket, firstGroup } = bucketExpression(plan, side, boundaries, literals, keysWithin);
  return {
    text: checksumSql(side, bucket, whereClause(plan, side, ranges, literals)),
    ...(firstGroup !== undefined && { firstGroup }),
  };
}

/**
 * Row count and row-hash sum per bucket, `bucket` an SQL expression numbering them from 0. One aggregate over
 * the table, so the server may run it as a parallel plan, as it does the fast floor's
 * sum(hash_record_extended(...)). It must hash into groups: see HASH_AGGREGATE in compare/checksums.ts.
 */
export function checksumSql(side: SideSql, bucket: string, where: string): string {
  return `SELECT ${bucket} AS bucket, count(*)::int8 AS rows, sum(${rowHashSql(side.hashFields)})::text AS hash FROM ${side.from} WHERE ${where} GROUP BY 1`;
}

function bucketExpression(
  plan: TablePlan,
  side: SideSql,
  boundaries: readonly KeyBound[],
  slots: ValueSlots,
  keysWithin: boolean,
): { bucket: string; firstGroup?: bigint } {
  if (boundaries.length === 0) return { bucket: '0' };
  const even = plan.keyKinds[0] === 'integer' ? evenSpacing(boundaries) : undefined;
  if (even !== undefined) {
    // Same buckets as width_bucket over the thresholds, by arithmetic instead of a binary search per row.
    const key = side.keyOrder[0];
    const [first, width] = [BigInt(even.first), BigInt(even.width)];
    // Thresholds at multiples of the width over keys that all lie between them (the first pass's, both sides'
    // min and max read): key / width numbers the buckets, one division per row, where the clamped form costs
    // five operations and about 3% of the whole query (docs/performance.md). Division cannot overflow; a key
    // below 0 divides towards 0. Keys beyond the thresholds would each make groups of their own (the client
    // still folds them into the first and last bucket): a side whose keys were not read keeps the clamped form.
    if (keysWithin && first % width === 0n && first > 0n)
      return { bucket: `(${key} / ${width}::int8)`, firstGroup: first / width - 1n };
    const from = slots.add(even.first, 'int8');
    return {
      bucket: `(CASE WHEN ${key} < ${from} THEN 0 ELSE LEAST((${key} - ${from}) / ${slots.add(even.width, 'int8')} + 1, ${slots.add(boundaries.length, 'int8')}) END)`,
    };
  }
  if (boundaries.every((bound) => bound.length === 1)) {
    const type = plan.keyParamTypes[0]!;
    const array = slots.add(
      boundaries.map((bound) => bound[0]),
      `${type}[]`,
    );
    // The key is cast to the array's element type: before PostgreSQL 14, width_bucket(anyelement, anyarray)
    // takes no int4 against int8[] or varchar against text[]. The cast keeps text keys in the C collation.
    const key = type === 'text' ? `(${side.keyOrder[0]})::text COLLATE "C"` : `(${side.keyOrder[0]})::${type}`;
    return { bucket: `width_bucket(${key}, ${array})` };
  }
  return {
    bucket: `(${boundaries.map((bound) => `(CASE WHEN ${boundCondition(plan, side, bound, '>=', slots)} THEN 1 ELSE 0 END)`).join(' + ')})`,
  };
}

/** Even one-column integer thresholds (first + i * width), narrow enough that key - first cannot overflow int8. */
export function evenSpacing(boundaries: readonly KeyBound[]): { first: string; width: string } | undefined {
  if (boundaries.length < 2 || boundaries.some((bound) => bound.length !== 1)) return undefined;
  const values = boundaries.map((bound) => BigInt(bound[0]!));
  const width = values[1]! - values[0]!;
  if (width < 1n || values.some((value, index) => value !== values[0]! + width * BigInt(index))) return undefined;
  if (width * BigInt(values.length + 2) >= 2n ** 62n) return undefined;
  return { first: values[0]!.toString(), width: width.toString() };
}

/** Every `step`-th key of a segment in key order: the boundaries that split it into equal parts. */
export function sampleKeysQuery(plan: TablePlan, side: SideSql, range: Segment, step: number): Query {
  const params = new Params();
  const where = whereClause(plan, side, range, params);
  const aliases = side.keyText.map((_, index) => `k${index}`);
  const inner = `SELECT ${side.keyText.map((text, index) => `${text} AS ${aliases[index]}`).join(', ')}, row_number() OVER (ORDER BY ${side.keyOrder.join(', ')}) AS rn FROM ${side.from} WHERE ${where}`;
  return {
    text: `SELECT ${aliases.join(', ')} FROM (${inner}) sampled WHERE rn % ${params.add(step, 'int8')} = 1 AND rn > 1 ORDER BY rn`,
    values: params.values,
  };
}
