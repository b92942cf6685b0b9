import type { Column } from '../catalog/types.js';

/**
 * Types whose built-in hash agrees with equality of their canonical text, mapped to the type both sides
 * cast to before hashing (so int4 and int8 hash alike). Floats are left out on purpose: their hash
 * treats -0 and 0 alike while their text does not, and the two modes must agree.
 */
const NATIVE_HASH_TYPES: Readonly<Record<string, string>> = {
  int2: 'int8', int4: 'int8', int8: 'int8', numeric: 'numeric',
  text: 'text', varchar: 'text', uuid: 'uuid', bool: 'bool', date: 'date',
  timestamp: 'timestamp', timestamptz: 'timestamptz', jsonb: 'jsonb', bytea: 'bytea',
};

/** A probe row of every native hash type; both servers must hash it identically before native hashes are trusted. */
export const NATIVE_HASH_PROBE = `SELECT hash_record_extended(ROW('-42'::int8, '1.50'::numeric, 'Añ "x"'::text COLLATE "C",
  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, true, '2024-02-29'::date, '2024-02-29 23:59:59.123456'::timestamp,
  '2024-02-29 23:59:59.123456+00'::timestamptz, '{"b": [1, 2.50, null], "a": "x"}'::jsonb, '\\x00ff'::bytea), 0)::text AS probe`;

/**
 * The SQL one compared column contributes to the row hash: the column itself, cast to a common type, when
 * native hashing is on and its type hashes consistently; otherwise its canonical text, which always does.
 */
export function hashField(own: Column, peer: Column, ref: string, canonical: string, native: boolean): string {
  const ownType = NATIVE_HASH_TYPES[own.baseType];
  const peerType = NATIVE_HASH_TYPES[peer.baseType];
  const common = ownType === peerType ? ownType : ownType === 'int8' && peerType === 'numeric' ? 'numeric' : ownType === 'numeric' && peerType === 'int8' ? 'numeric' : undefined;
  if (!native || common === undefined) return `(${canonical}) COLLATE "C"`;
  // COLLATE "C": a nondeterministic column collation would otherwise hash 'A' and 'a' alike.
  return common === 'text' ? `${ref}::text COLLATE "C"` : `${ref}::${common}`;
}
