import type { SideClient } from '../connect/session.js';
import type { DatabaseFacts } from '../summary.js';

/** pg_database.datlocprovider: `c` libc, `i` ICU, `b` builtin (PostgreSQL 17). */
const PROVIDERS: Readonly<Record<string, string>> = { c: 'libc', i: 'icu', b: 'builtin' };

/*
 * One statement for every major: datlocprovider and datcollversion are new in PostgreSQL 15, so they are read
 * through to_jsonb(row), which is NULL for a column the row lacks instead of a parse error. Before 15 the
 * provider is libc, and the version is what the C library reports for the default collation, or, when it
 * reports none, for the libc collation named like the database's LC_COLLATE.
 */
const FACTS_SQL = `SELECT pg_catalog.pg_encoding_to_char(d.encoding) AS encoding, d.datcollate::text AS collate, d.datctype::text AS ctype,
       COALESCE(pg_catalog.to_jsonb(d) ->> 'datlocprovider', 'c') AS provider,
       CASE WHEN pg_catalog.to_jsonb(d) ? 'datcollversion' THEN pg_catalog.to_jsonb(d) ->> 'datcollversion'
            ELSE COALESCE(pg_catalog.pg_collation_actual_version(100),
                          (SELECT pg_catalog.pg_collation_actual_version(c.oid) FROM pg_catalog.pg_collation c
                            WHERE c.collname = d.datcollate::text AND c.collprovider = 'c'
                              AND c.collencoding IN (-1, d.encoding) LIMIT 1)) END AS version
  FROM pg_catalog.pg_database d
 WHERE d.datname = pg_catalog.current_database()`;

const EXTENSIONS_SQL = 'SELECT extname AS name, extversion AS version FROM pg_catalog.pg_extension ORDER BY extname';

/**
 * The connected database's encoding, locale, collation provider and version, and its extensions. Every
 * installed extension is listed, not only those a compared table's catalog entries depend on: a function
 * body or a query of the application calls an extension's functions without any dependency recording it.
 */
export async function readDatabaseFacts(client: SideClient): Promise<DatabaseFacts> {
  // One round trip for both: at the start of every run, before any table is checked.
  const [database, installed] = await client.queryMany(`${FACTS_SQL};\n${EXTENSIONS_SQL}`);
  const facts = database!.rows[0] as {
    encoding: string;
    collate: string;
    ctype: string;
    provider: string;
    version: string | null;
  };
  const extensions = installed!.rows as Array<{ name: string; version: string }>;
  return Object.freeze({
    encoding: facts.encoding,
    collate: facts.collate,
    ctype: facts.ctype,
    collationProvider: PROVIDERS[facts.provider] ?? facts.provider,
    collationVersion: facts.version,
    extensions: Object.freeze(extensions.map((row) => Object.freeze({ name: row.name, version: row.version }))),
  });
}
