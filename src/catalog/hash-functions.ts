import { attemptOn, type SideClient } from '../connect/session.js';

/**
 * The types fast mode may hash natively, each with the values both servers hash before their hashes of that
 * type are trusted (edge values included: infinities are stored apart from every finite value). Floats are
 * left out on purpose: their hash treats -0 and 0 alike while their text does not, and the two modes must agree.
 */
const PROBE_VALUES: Readonly<Record<string, readonly string[]>> = {
  int8: ["'-42'::int8", "'9223372036854775807'::int8"],
  numeric: ["'1.50'::numeric", "'-0.000001'::numeric", "'NaN'::numeric"],
  text: [`'Añ "x"'::text COLLATE "C"`, `''::text COLLATE "C"`],
  uuid: ["'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid"],
  bool: ['true', 'false'],
  date: ["'2024-02-29'::date", "'4713-01-01 BC'::date", "'infinity'::date", "'-infinity'::date"],
  timestamp: ["'2024-02-29 23:59:59.123456'::timestamp", "'infinity'::timestamp", "'-infinity'::timestamp"],
  timestamptz: [
    "'2024-02-29 23:59:59.123456+05:30'::timestamptz",
    "'infinity'::timestamptz",
    "'-infinity'::timestamptz",
  ],
  jsonb: [`'{"b": [1, 2.50, null], "a": "x"}'::jsonb`, "'null'::jsonb"],
  bytea: ["'\\x00ff'::bytea", "''::bytea"],
};

/** The types fast mode may hash natively (the keys of PROBE_VALUES). */
export const NATIVE_TYPES: readonly string[] = Object.keys(PROBE_VALUES);

/**
 * Exact conversions of a type to the argument type of a hash function declared on another type. Before
 * PostgreSQL 18 the default hash operator classes of bool, date and timestamptz use the functions of "char",
 * int4 and timestamp, which SQL cannot call on the type itself. Each conversion gives the value the function
 * sees internally, so the hash equals that of a server with a function of the type's own: date is stored as
 * days since 2000-01-01 with the infinities at the ends of int4, and a timestamptz at the zero offset is the same
 * microseconds as a timestamp. That offset is an interval, not a zone's name: the server then only subtracts
 * zero, where a cast or `AT TIME ZONE 'UTC'` looks the zone up for every row (2M rows: 0.14 s of hashing
 * instead of 0.35 s). Any other pair falls back to canonical text.
 */
const EXACT_CONVERSIONS: Readonly<Record<string, (value: string) => string>> = {
  'bool:char': (value) => `(${value})::int4::"char"`,
  'date:int4': (value) =>
    `(CASE WHEN isfinite(${value}) THEN ${value} - DATE '2000-01-01' WHEN ${value} > DATE '2000-01-01' THEN 2147483647 ELSE -2147483648 END)`,
  'timestamptz:timestamp': (value) => `((${value}) AT TIME ZONE INTERVAL '+00:00')`,
};

/** How one server hashes one type natively: its extended hash function and the argument type it is declared on. */
export interface NativeHash {
  /** Qualified and quoted, e.g. `pg_catalog.hashint4extended`. */
  readonly function: string;
  /** pg_type.typname of the function's first argument, e.g. `int4` for date before PostgreSQL 18. */
  readonly argument: string;
}

/** Per type, how one server hashes it natively; only types both servers hash alike (see agreedHashFunctions). */
export type HashFunctions = ReadonlyMap<string, NativeHash>;

/**
 * SQL for the 64-bit hash of `value` (an expression of `type`) with `seed`, or undefined when the server's
 * function cannot be called on that type through an exact conversion.
 */
export function nativeHashCall(type: string, hash: NativeHash, value: string, seed: number): string | undefined {
  if (hash.argument === type) return `${hash.function}(${value}, ${seed})`;
  const convert = EXACT_CONVERSIONS[`${type}:${hash.argument}`];
  return convert === undefined ? undefined : `${hash.function}(${convert(value)}, ${seed})`;
}

/**
 * The extended hash function (support function 2) of each type's default hash operator class, with the type
 * it is declared on. The names differ between major versions (date: hashint4extended before PostgreSQL 18,
 * hashdateextended after); the values must not, which the probe checks.
 */
const HASH_FUNCTIONS_SQL = `SELECT t.typname AS type, quote_ident(fn.nspname) || '.' || quote_ident(f.proname) AS function,
       arg.typname AS argument
  FROM pg_catalog.pg_opclass c
  JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod AND a.amname = 'hash'
  JOIN pg_catalog.pg_type t ON t.oid = c.opcintype
  JOIN pg_catalog.pg_amproc p ON p.amprocfamily = c.opcfamily AND p.amproclefttype = c.opcintype AND p.amprocnum = 2
  JOIN pg_catalog.pg_proc f ON f.oid = p.amproc
  JOIN pg_catalog.pg_namespace fn ON fn.oid = f.pronamespace
  JOIN pg_catalog.pg_type arg ON arg.oid = f.proargtypes[0]
 WHERE c.opcdefault AND t.typnamespace = 'pg_catalog'::regnamespace AND t.typname = ANY($1::text[])
   AND f.pronargs = 2 AND f.proargtypes[1] = 'pg_catalog.int8'::regtype`;

/** One server's native hash per type it can call, and its hashes of each type's probe values. */
export interface ServerHashes {
  readonly functions: HashFunctions;
  /** Per type in `functions`: the hashes of its probe values, in order. */
  readonly probes: ReadonlyMap<string, readonly string[]>;
}

/**
 * Reads how this server hashes each type and hashes the probe values with it. Native hashing is only an
 * optimisation: a type whose function is missing, cannot be called exactly or fails its probe is left out
 * (hashed as canonical text), and a server where even the catalog query fails hashes everything as text.
 * A step that fails is rolled back (attemptOn), which keeps the client's transaction usable.
 */
export async function readServerHashes(client: SideClient): Promise<ServerHashes> {
  const callable = await attemptOn(client, async () => {
    const rows = (
      await client.query<{ type: string; function: string; argument: string }>({
        text: HASH_FUNCTIONS_SQL,
        values: [NATIVE_TYPES],
      })
    ).rows;
    return rows
      .filter((row) => probeSql(row.type, row) !== undefined)
      .map((row): [string, NativeHash] => [row.type, { function: row.function, argument: row.argument }]);
  });
  const functions = new Map(callable ?? []);
  const probes = (await attemptOn(client, () => probeAll(client, functions))) ?? (await probeEach(client, functions));
  return { functions: new Map([...functions].filter(([type]) => probes.has(type))), probes };
}

/** One query for every type's probe: the usual case, one round trip. */
async function probeAll(client: SideClient, functions: HashFunctions): Promise<Map<string, readonly string[]>> {
  if (functions.size === 0) return new Map();
  const types = [...functions.keys()];
  const columns = types.map((type, index) => `${probeSql(type, functions.get(type)!)!} AS p${index}`);
  const row = (await client.query<Record<string, string[]>>(`SELECT ${columns.join(', ')}`)).rows[0]!;
  return new Map(types.map((type, index) => [type, row[`p${index}`]!]));
}

/** A query per type, so that one failing probe leaves the others: only after the one query failed. */
async function probeEach(client: SideClient, functions: HashFunctions): Promise<Map<string, readonly string[]>> {
  const probes = new Map<string, readonly string[]>();
  for (const [type, hash] of functions) {
    const hashes = await attemptOn(
      client,
      async () => (await client.query<{ p: string[] }>(`SELECT ${probeSql(type, hash)!} AS p`)).rows[0]!.p,
    );
    if (hashes !== undefined) probes.set(type, hashes);
  }
  return probes;
}

function probeSql(type: string, hash: NativeHash): string | undefined {
  const calls = PROBE_VALUES[type]!.map((value) => nativeHashCall(type, hash, value, 1));
  return calls.every((call) => call !== undefined)
    ? `ARRAY[${calls.map((call) => `${call}::text`).join(', ')}]::text[]`
    : undefined;
}

/**
 * The types both servers hash alike, with each server's function for them: a type is kept only where both
 * hashed every one of its probe values to the same number.
 */
export function agreedHashFunctions(
  source: ServerHashes,
  target: ServerHashes,
): { source: HashFunctions; target: HashFunctions } {
  const agreed = NATIVE_TYPES.filter((type) => {
    const left = source.probes.get(type);
    const right = target.probes.get(type);
    return (
      source.functions.has(type) &&
      target.functions.has(type) &&
      left !== undefined &&
      right !== undefined &&
      left.length === right.length &&
      left.every((hash, index) => hash === right[index])
    );
  });
  const only = (functions: HashFunctions) => new Map(agreed.map((type) => [type, functions.get(type)!]));
  return { source: only(source.functions), target: only(target.functions) };
}
