import { nativeHashCall, type HashFunctions } from '../catalog/hash-functions.js';
import type { Column } from '../catalog/types.js';

/**
 * Types whose built-in hash agrees with equality of their canonical text, mapped to the type both sides
 * cast to before hashing (so int4 and int8 hash alike). See catalog/hash-functions.ts for floats.
 */
const NATIVE_HASH_TYPES: Readonly<Record<string, string>> = {
  int2: 'int8',
  int4: 'int8',
  int8: 'int8',
  numeric: 'numeric',
  text: 'text',
  varchar: 'text',
  uuid: 'uuid',
  bool: 'bool',
  date: 'date',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  jsonb: 'jsonb',
  bytea: 'bytea',
};

/**
 * One compared column's term of the row hash: its native value cast to the common type and hashed with this
 * server's function where both servers hash that type alike, otherwise a hash of its canonical text. Each
 * position hashes with its own seed, and NULL gives a constant of its own (NOT NULL columns have none to give:
 * the hash functions are strict, so only NULL hashes to NULL), so that terms can be combined by
 * XOR (# in SQL): equal rows give equal hashes, and a value moved to another column does not.
 */
export function hashField(
  own: Column,
  peer: Column,
  ref: string,
  canonical: () => string,
  functions: HashFunctions,
  position: number,
): string {
  const common = commonHashType(NATIVE_HASH_TYPES[own.baseType], NATIVE_HASH_TYPES[peer.baseType]);
  const seed = position + 1;
  const native = common === undefined ? undefined : functions.get(common);
  // COLLATE "C": a nondeterministic collation would otherwise hash 'A' and 'a' alike.
  const value = common === 'text' ? `${ref}::text COLLATE "C"` : `${ref}::${common}`;
  const hashed = native === undefined ? undefined : nativeHashCall(common!, native, value, seed);
  if (hashed === undefined) return textHashField(canonical(), position);
  // A column that holds no NULL needs no NULL constant: the same hash, and 5% less work over two million rows.
  return own.notNull ? hashed : `coalesce(${hashed}, ${-seed})`;
}

/** A row hash term (see hashField) hashing a text expression, whatever the column's type: NULL gives the constant. */
export function textHashField(text: string, position: number): string {
  const seed = position + 1;
  return `coalesce(pg_catalog.hashtextextended((${text}) COLLATE "C", ${seed}), ${-seed})`;
}

/** The type two columns are both cast to for a native hash: their own, or numeric for an integer against a numeric. */
function commonHashType(own: string | undefined, peer: string | undefined): string | undefined {
  if (own === peer) return own;
  const pair = new Set([own, peer]);
  return pair.has('int8') && pair.has('numeric') ? 'numeric' : undefined;
}

/** The row hash of a row's terms (hashField), as one int8 expression. */
export function rowHashSql(terms: readonly string[]): string {
  return terms.length === 1 ? terms[0]! : terms.map((term) => `(${term})`).join(' # ');
}
