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

/** A value of each common type, hashed on both servers before their hashes of that type are trusted. */
const PROBE_VALUES: Readonly<Record<string, string>> = {
  int8: "'-42'::int8", numeric: "'1.50'::numeric", text: `'Añ "x"'::text COLLATE "C"`,
  uuid: "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", bool: 'true', date: "'2024-02-29'::date",
  timestamp: "'2024-02-29 23:59:59.123456'::timestamp", timestamptz: "'2024-02-29 23:59:59.123456+00'::timestamptz",
  jsonb: `'{"b": [1, 2.50, null], "a": "x"}'::jsonb`, bytea: "'\\x00ff'::bytea",
};
const COMMON_TYPES = Object.keys(PROBE_VALUES);

/** Per common type, the 64-bit hash function one server uses for it; only types both servers hash alike. */
export type HashFunctions = ReadonlyMap<string, string>;

/**
 * The extended hash function (support function 2) of each common type's default hash operator class, by
 * qualified name. The names differ between major versions (bool: hashcharextended before PostgreSQL 17,
 * hashboolextended after); the values must not, which the probe checks.
 */
export const HASH_FUNCTIONS_SQL = `SELECT t.typname AS type, quote_ident(fn.nspname) || '.' || quote_ident(f.proname) AS function
  FROM pg_catalog.pg_opclass c
  JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod AND a.amname = 'hash'
  JOIN pg_catalog.pg_type t ON t.oid = c.opcintype
  JOIN pg_catalog.pg_amproc p ON p.amprocfamily = c.opcfamily AND p.amproclefttype = c.opcintype AND p.amprocnum = 2
  JOIN pg_catalog.pg_proc f ON f.oid = p.amproc
  JOIN pg_catalog.pg_namespace fn ON fn.oid = f.pronamespace
 WHERE c.opcdefault AND t.typnamespace = 'pg_catalog'::regnamespace AND t.typname = ANY($1::text[])`;

/** The types HASH_FUNCTIONS_SQL asks about, its one parameter. */
export const HASH_FUNCTION_TYPES: readonly string[] = COMMON_TYPES;

/** One query hashing the probe value of every type in `functions` with it: `probe` is a text array in the map's order. */
export function hashProbeSql(functions: HashFunctions): string {
  const hashes = [...functions].map(([type, fn]) => `${fn}(${PROBE_VALUES[type]!}, 1)::text`);
  return `SELECT ARRAY[${hashes.join(', ')}]::text[] AS probe`;
}

/**
 * The types both servers hash alike, with each server's function for them: `probes` holds each side's hashes
 * of the probe values, in the order of its map.
 */
export function agreedHashFunctions(
  source: HashFunctions, target: HashFunctions, probes: { source: readonly string[]; target: readonly string[] },
): { source: HashFunctions; target: HashFunctions } {
  const hashOf = (functions: HashFunctions, probe: readonly string[]) => new Map([...functions.keys()].map((type, index) => [type, probe[index]]));
  const sourceHashes = hashOf(source, probes.source);
  const targetHashes = hashOf(target, probes.target);
  const agreed = COMMON_TYPES.filter((type) => sourceHashes.get(type) !== undefined && sourceHashes.get(type) === targetHashes.get(type));
  const only = (functions: HashFunctions) => new Map(agreed.map((type) => [type, functions.get(type)!]));
  return { source: only(source), target: only(target) };
}

/**
 * One compared column's term of the row hash: its native value cast to the common type and hashed with this
 * server's function where both servers hash that type alike, otherwise a hash of its canonical text. Each
 * position hashes with its own seed, and NULL gives a constant of its own, so that terms can be combined by
 * XOR (# in SQL): equal rows give equal hashes, and a value moved to another column does not.
 */
export function hashField(own: Column, peer: Column, ref: string, canonical: string, functions: HashFunctions, position: number): string {
  const ownType = NATIVE_HASH_TYPES[own.baseType];
  const peerType = NATIVE_HASH_TYPES[peer.baseType];
  const common = ownType === peerType ? ownType : ownType === 'int8' && peerType === 'numeric' ? 'numeric' : ownType === 'numeric' && peerType === 'int8' ? 'numeric' : undefined;
  const seed = position + 1;
  const native = common === undefined ? undefined : functions.get(common);
  // COLLATE "C": a nondeterministic collation would otherwise hash 'A' and 'a' alike.
  const hashed = native === undefined
    ? `pg_catalog.hashtextextended((${canonical}) COLLATE "C", ${seed})`
    : `${native}(${common === 'text' ? `${ref}::text COLLATE "C"` : `${ref}::${common}`}, ${seed})`;
  return `coalesce(${hashed}, ${-seed})`;
}

/** The row hash of a row's terms (hashField), as one int8 expression. */
export function rowHashSql(terms: readonly string[]): string {
  return terms.length === 1 ? terms[0]! : terms.map((term) => `(${term})`).join(' # ');
}
