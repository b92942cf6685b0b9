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
export function canonicalText(column: Column, peer: Column | undefined, ref: string, serverVersion: number): string {
  const sameType = peer === undefined || peer.baseType === column.baseType;
  switch (column.baseType) {
    case 'numeric':
      return serverVersion >= 130000 ? `trim_scale(${ref})::text` : `${ref}::text`;
    case 'money':
      return serverVersion >= 130000 ? `trim_scale(${ref}::numeric)::text` : `${ref}::numeric::text`;
    case 'json':
      return `${ref}::jsonb::text`;
    case 'float4':
      return sameType ? `${ref}::text` : `${ref}::float8::text`;
    default:
      return `${ref}::text`;
  }
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
