import type { Column } from '../catalog/types.js';

/**
 * How a key column is ordered on both sides and in the merge: a kind both servers order the same way,
 * whatever the column's collation, and that this process can compare identically.
 */
export type KeyKind = 'integer' | 'numeric' | 'uuid' | 'text' | 'canonical';

const INTEGERS = new Set(['int2', 'int4', 'int8']);
const STRINGS = new Set(['text', 'varchar']);

/** The kind two matched key columns are ordered by; mixed or unusual types fall back to canonical text. */
export function keyKindOf(source: Column, target: Column): KeyKind {
  const types = [source.baseType, target.baseType];
  if (types.every((type) => INTEGERS.has(type))) return 'integer';
  if (types.every((type) => INTEGERS.has(type) || type === 'numeric')) return 'numeric';
  if (types.every((type) => type === 'uuid')) return 'uuid';
  if (types.every((type) => STRINGS.has(type))) return 'text';
  return 'canonical';
}

/**
 * SQL turning a column into canonical text: two equal values print the same on both servers
 * (numeric scale, json key order and float width do not matter), and two different values never do.
 * The session settings of connect/session.ts fix time zone, date, float and bytea output.
 */
export function canonicalText(column: Column, peer: Column | undefined, ref: string): string {
  const sameType = peer === undefined || peer.baseType === column.baseType;
  switch (column.baseType) {
    case 'numeric':
      return `trim_scale(${ref})::text`;
    case 'money':
      return `trim_scale(${ref}::numeric)::text`;
    case 'json':
      return `${ref}::jsonb::text`;
    case 'float4':
      return sameType ? `${ref}::text` : `${ref}::float8::text`;
    case 'timestamp':
      // Against a timestamptz column, the timestamp is read as UTC: what ALTER COLUMN ... TYPE timestamptz
      // does in a UTC session. table-plan.ts warns about every such column.
      return peer !== undefined && readsAsUtc(column, peer) ? `(${ref} AT TIME ZONE 'UTC')::text` : `${ref}::text`;
    default:
      return `${ref}::text`;
  }
}

/**
 * Types whose output function prints exactly what `::text` gives (no cast of their own to text, no
 * canonicalisation in canonicalText): COPY prints them canonically without the cast.
 */
const OUTPUT_IS_CANONICAL = new Set([
  'int2',
  'int4',
  'int8',
  'oid',
  'text',
  'varchar',
  'uuid',
  'jsonb',
  'float8',
  'date',
  'time',
  'timetz',
  'timestamp',
  'timestamptz',
  'interval',
  'bytea',
]);

/**
 * What COPY selects for a column: the column itself where both sides have the same type and its output is
 * already canonical text, else its canonical text. A cast to text costs the server a copy of every value:
 * exact mode's COPY of the benchmark table reads about 15% slower with one.
 */
export function copyField(column: Column, peer: Column | undefined, ref: string, canonical: string): string {
  return peer !== undefined && peer.type === column.type && OUTPUT_IS_CANONICAL.has(column.baseType) ? ref : canonical;
}

/** Whether one of the two columns is a timestamp and the other a timestamptz: the timestamp is then read as UTC. */
export function readsAsUtc(column: Column, peer: Column): boolean {
  const types = [column.baseType, peer.baseType];
  return types.includes('timestamp') && types.includes('timestamptz');
}

/** SQL for ordering and range-comparing a key column of the given kind. */
export function keyOrderExpression(kind: KeyKind, ref: string, canonical: string): string {
  switch (kind) {
    case 'text':
      return `${ref} COLLATE "C"`;
    case 'canonical':
      return `(${canonical}) COLLATE "C"`;
    default:
      return ref;
  }
}

/** The SQL type a key bound (sent as text) is cast to before it is compared with the key. */
export function keyParamType(kind: KeyKind): string {
  switch (kind) {
    case 'integer':
      return 'int8';
    case 'numeric':
      return 'numeric';
    case 'uuid':
      return 'uuid';
    default:
      return 'text';
  }
}
