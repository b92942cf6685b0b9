import { type DatabasePair, loadFixture, readFixture, runSql } from './databases.js';

/** The fixture pairs under fixtures/ built from plain SQL files. */
export type FixtureName =
  'store-move' | 'tenant-backfill' | 'keys-and-types' | 'tenant-integrity' | 'store-integrity' | 'tenant-structure';

/** Where a fixture's target.sql starts injecting defects (fixtures/README.md): everything before it is the migration done right. */
const DEFECTS_MARKER = /^-- Injected defects?\b.*$/m;

/**
 * Loads `fixtures/<name>/source.sql` into the source database and `target.sql` into the target; with
 * `defects: false`, only the part of target.sql before its injected defects: the migration done right.
 */
export async function loadFixturePair(
  pair: DatabasePair,
  name: FixtureName,
  options: { readonly defects?: boolean } = {},
): Promise<void> {
  const target = await readFixture(`${name}/target.sql`);
  const cut = options.defects === false ? target.search(DEFECTS_MARKER) : -1;
  if (options.defects === false && cut < 0)
    throw new Error(`fixtures/${name}/target.sql has no "-- Injected defects" line`);
  await Promise.all([
    loadFixture(pair.sourceUrl, `${name}/source.sql`),
    runSql(pair.targetUrl, cut < 0 ? target : target.slice(0, cut)),
  ]);
}

/** Row count of fixtures/large when no count is given, as in the SQL files. */
export const LARGE_DEFAULT_ROWS = 300_000;

/** The large fixture's scripts with the row count set: plain SQL cannot take a parameter, a session setting can. */
export async function largePairSql(rows: number = LARGE_DEFAULT_ROWS): Promise<{ source: string; target: string }> {
  if (!Number.isInteger(rows) || rows < 2)
    throw new Error(`the large fixture needs an integer row count of at least 2, not ${rows}`);
  const setting = `SET pgverify.rows = '${rows}';\n`;
  const [source, target] = await Promise.all([readFixture('large/source.sql'), readFixture('large/target.sql')]);
  return { source: setting + source, target: setting + target };
}

/** Loads the large fixture with `rows` rows per side. */
export async function loadLargePair(pair: DatabasePair, rows: number = LARGE_DEFAULT_ROWS): Promise<void> {
  const sql = await largePairSql(rows);
  await Promise.all([runSql(pair.sourceUrl, sql.source), runSql(pair.targetUrl, sql.target)]);
}

/** The one row the large fixture changes, and its body on each side (mirrors the SQL's formula). */
export function largeChangedRow(rows: number = LARGE_DEFAULT_ROWS): {
  id: string;
  sourceBody: string;
  targetBody: string;
} {
  const id = Math.floor(rows / 2);
  const sourceBody = `event ${id} for tenant ${1 + (id % 7)}`;
  return { id: String(id), sourceBody, targetBody: `${sourceBody}!` };
}
