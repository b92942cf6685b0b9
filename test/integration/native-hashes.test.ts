import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  agreedHashFunctions,
  NATIVE_TYPES,
  readServerHashes,
  type HashFunctions,
} from '../../src/catalog/hash-functions.js';
import { readSchemaTables } from '../support/catalog.js';
import { openSide, type SideSession } from '../../src/connect/session.js';
import { verify } from '../../src/index.js';
import { rowHashSql } from '../../src/plan/row-hash.js';
import { planTable } from '../../src/plan/table-plan.js';
import type { Side } from '../../src/summary.js';
import { runSql } from '../support/databases.js';
import { crossVersions, everyVersion } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// Fast mode hashes values natively where both servers compute the same hash, and as text elsewhere. The
// functions differ between majors (date: hashint4extended before PostgreSQL 18, hashdateextended after), so
// this runs on every major and across them.

/** One column of every natively hashed type, with the values each stores apart (infinities, NaN, -0). */
const EVERY_TYPE = `
  CREATE TABLE every_type (
    id int4 PRIMARY KEY, small int2, big int8, amount numeric(12, 4), label text, code varchar(10), ref uuid,
    flag bool, day date, at timestamp, at_tz timestamptz, doc jsonb, raw bytea
  );
  INSERT INTO every_type VALUES
    (1, -1, 9223372036854775807, 1.5, 'Añ "x"', 'a', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', true, '2024-02-29',
     '2024-02-29 23:59:59.123456', '2024-02-29 23:59:59.123456+05:30', '{"b": [1, 2.50], "a": null}', '\\x00ff'),
    (2, 0, -9223372036854775808, 'NaN', '', '', '00000000-0000-0000-0000-000000000000', false, 'infinity',
     'infinity', 'infinity', 'null', ''),
    (3, NULL, NULL, -0.0001, NULL, NULL, NULL, NULL, '-infinity', '-infinity', '-infinity', NULL, NULL),
    (4, 32767, 0, 0, 'z', 'zz', 'ffffffff-ffff-ffff-ffff-ffffffffffff', true, '4713-01-01 BC', '1999-12-31 23:59:59',
     '2000-01-01 00:00:00+00', '[]', '\\x00');
  CREATE TABLE moved (n int, a text, b text);
  INSERT INTO moved VALUES (1, 'x', NULL), (2, NULL, 'x'), (3, 'x', NULL), (4, 'x', 'x'), (5, NULL, NULL);`;

/** The types a server of `major` hashes natively: bytea has a function SQL can call only from PostgreSQL 18 on. */
function nativeTypesOf(major: string): string[] {
  return NATIVE_TYPES.filter((type) => type !== 'bytea' || Number(major) >= 18);
}

const LIMITS = { lockTimeout: 5, statementTimeout: 0 };

async function withSession<T>(side: Side, url: string, work: (session: SideSession) => Promise<T>): Promise<T> {
  const session = await openSide(side, url, 1, LIMITS);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

/** `id:hash` per row of `table`: the row hash fast mode computes on one side with `functions`. */
async function rowHashes(session: SideSession, table: string, functions: HashFunctions) {
  return session.withClient(async (client) => {
    const found = (await readSchemaTables(client, 'public')).find((candidate) => candidate.name === table)!;
    const side = { where: undefined, hashFunctions: functions };
    const plan = planTable(found, found, { source: side, target: side });
    const label = found.columns[0]!.name;
    const result = await client.query<{ id: number; hash: string }>(
      `SELECT r.${label} AS id, (${rowHashSql(plan.source.hashFields)})::text AS hash FROM ${plan.source.from} ORDER BY 1`,
    );
    return result.rows.map((row) => `${row.id}:${row.hash}`);
  });
}

describe.each(everyVersion())('native hashes on PostgreSQL $label', (servers) => {
  const files = useTestPair('native_hashes', (pair) => runSql(pair.sourceUrl, EVERY_TYPE), servers);

  it('hashes each type natively where its function can be called exactly, and agrees with itself', async () => {
    await withSession('source', files.pair.sourceUrl, async (session) => {
      const hashes = await session.withClient(readServerHashes);
      expect([...hashes.functions.keys()].sort()).toEqual(nativeTypesOf(servers.source).sort());
      expect([...hashes.probes.values()].flat().every((hash) => /^-?\d+$/.test(hash))).toBe(true);
      expect(agreedHashFunctions(hashes, hashes).source).toEqual(hashes.functions);
    });
  });

  it('hashes equal rows alike and tells apart a value moved to another column, NULLs included', async () => {
    await withSession('source', files.pair.sourceUrl, async (session) => {
      const functions = (await session.withClient(readServerHashes)).functions;
      const withoutLabel = await session.withClient(async (client) => {
        const table = (await readSchemaTables(client, 'public')).find((candidate) => candidate.name === 'moved')!;
        const unlabelled = { ...table, columns: table.columns.filter((column) => column.name !== 'n') };
        const side = { where: undefined, hashFunctions: functions };
        const plan = planTable(unlabelled, unlabelled, { source: side, target: side });
        const result = await client.query<{ n: number; hash: string }>(
          `SELECT r.n, (${rowHashSql(plan.source.hashFields)})::text AS hash FROM ${plan.source.from} ORDER BY r.n`,
        );
        return new Map(result.rows.map((row) => [row.n, row.hash]));
      });
      // Rows 1 and 3 are equal; ('x', NULL), (NULL, 'x'), ('x', 'x') and (NULL, NULL) all differ.
      expect(withoutLabel.get(1)).toBe(withoutLabel.get(3));
      expect(new Set([withoutLabel.get(1), withoutLabel.get(2), withoutLabel.get(4), withoutLabel.get(5)]).size).toBe(
        4,
      );
    });
  });
});

describe.each(crossVersions())('native hashes from PostgreSQL $label', (servers) => {
  const files = useTestPair(
    'native_hashes_cross',
    (pair) => Promise.all([runSql(pair.sourceUrl, EVERY_TYPE), runSql(pair.targetUrl, EVERY_TYPE)]),
    servers,
  );

  it('agrees on every type both servers hash natively, date, timestamptz and bool included', async () => {
    await withSession('source', files.pair.sourceUrl, async (source) =>
      withSession('target', files.pair.targetUrl, async (target) => {
        const agreed = agreedHashFunctions(
          await source.withClient(readServerHashes),
          await target.withClient(readServerHashes),
        );
        const both = nativeTypesOf(servers.source).filter((type) => nativeTypesOf(servers.target).includes(type));
        expect([...agreed.source.keys()].sort()).toEqual(both.sort());
        expect(both).toEqual(expect.arrayContaining(['date', 'timestamptz', 'bool']));
        // Each row, edge values included, hashes the same on both servers with each one's own functions.
        const sourceHashes = await rowHashes(source, 'every_type', agreed.source);
        expect(await rowHashes(target, 'every_type', agreed.target)).toEqual(sourceHashes);
        expect(new Set(sourceHashes.map((entry) => entry.split(':')[1])).size).toBe(4);
      }),
    );
  });

  it('finds a changed infinity and passes the rest in fast mode', async () => {
    await runSql(files.pair.targetUrl, "UPDATE every_type SET day = '-infinity' WHERE id = 2");
    try {
      const summary = await verify({
        source: files.pair.sourceUrl,
        target: files.pair.targetUrl,
        mode: 'fast',
        tables: ['every_type'],
      });
      const table = summary.tables.find((candidate) => candidate.name === 'every_type');
      expect(table?.status).toBe('fail');
      expect(table?.diff).toMatchObject({ missing: 0, extra: 0, changed: 1 });
    } finally {
      await runSql(files.pair.targetUrl, "UPDATE every_type SET day = 'infinity' WHERE id = 2");
    }
  });
});

describe('a hash function the login may not execute', () => {
  const role = `pgverify_nohash_${randomBytes(3).toString('hex')}`;
  const files = useTestPair('native_hashes_revoked', async (pair) => {
    const setUp = `${EVERY_TYPE}
      REVOKE EXECUTE ON FUNCTION pg_catalog.hashint8extended(int8, int8) FROM PUBLIC;
      GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role};`;
    await runSql(pair.sourceUrl, `CREATE ROLE ${role} LOGIN PASSWORD 'nohash'`);
    await Promise.all([runSql(pair.sourceUrl, setUp), runSql(pair.targetUrl, setUp)]);
  });
  afterAll(async () => {
    // Roles belong to the server: revoke what the databases granted, then drop it.
    await Promise.all([files.pair.sourceUrl, files.pair.targetUrl].map((url) => runSql(url, `DROP OWNED BY ${role}`)));
    await runSql(files.pair.sourceUrl, `DROP ROLE ${role}`);
  });
  const asRole = (url: string) => {
    const parsed = new URL(url);
    parsed.username = role;
    parsed.password = 'nohash';
    return parsed.toString();
  };

  it('hashes that type as text and every other type natively', async () => {
    await withSession('source', asRole(files.pair.sourceUrl), async (session) => {
      const hashes = await session.withClient(readServerHashes);
      expect(hashes.functions.has('int8')).toBe(false);
      expect(hashes.functions.has('date')).toBe(true);
    });
  });

  it('still passes equal tables and finds a change in fast mode', async () => {
    const options = {
      source: asRole(files.pair.sourceUrl),
      target: asRole(files.pair.targetUrl),
      mode: 'fast' as const,
      tables: ['every_type'],
    };
    expect((await verify(options)).status).toBe('pass');
    await runSql(files.pair.targetUrl, 'UPDATE every_type SET big = 1 WHERE id = 4');
    try {
      const table = (await verify(options)).tables[0];
      expect(table?.diff).toMatchObject({ changed: 1 });
    } finally {
      await runSql(files.pair.targetUrl, 'UPDATE every_type SET big = 0 WHERE id = 4');
    }
  });
});
