import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from '../../src/index.js';
import { createDatabasePair, databaseUrl, runSql, type DatabasePair } from '../support/databases.js';

const SCHEMA = `
  CREATE TABLE a_big (id int PRIMARY KEY, body text);
  INSERT INTO a_big SELECT g, repeat('x', 100) || g FROM generate_series(1, 300000) g;
  CREATE TABLE b_big (id int PRIMARY KEY, body text);
  INSERT INTO b_big SELECT g, repeat('y', 100) || g FROM generate_series(1, 300000) g;
  CREATE TABLE z_small (id int PRIMARY KEY, body text);
  INSERT INTO z_small SELECT g, 'z' || g FROM generate_series(1, 100) g;
  CREATE TABLE secret (id int PRIMARY KEY);
  ANALYZE;`;

let pair: DatabasePair;

beforeAll(async () => {
  pair = await createDatabasePair('safety');
  await Promise.all([runSql(pair.sourceUrl, SCHEMA), runSql(pair.targetUrl, SCHEMA)]);
});

afterAll(async () => {
  await pair?.drop();
});

async function waitForActivePgverify(url: string): Promise<void> {
  const database = new URL(url).pathname.slice(1);
  for (let attempt = 0; attempt < 400; attempt++) {
    const result = await pair.target.query(
      "SELECT 1 FROM pg_stat_activity WHERE application_name = 'pgverify' AND datname = $1 AND state = 'active' AND query LIKE '%_big%'",
      [database],
    );
    if (result.rowCount! > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('pgverify never became active');
}

describe('safety towards the databases', () => {
  it('sees one snapshot per side: rows written to the target during the run produce no finding', async () => {
    const run = verify({ source: pair.sourceUrl, target: pair.targetUrl, mode: 'exact', jobs: 2 });
    await waitForActivePgverify(pair.targetUrl);
    await pair.target.query("BEGIN; DELETE FROM z_small WHERE id = 1; UPDATE z_small SET body = 'late' WHERE id = 2; INSERT INTO z_small VALUES (1000, 'new'); UPDATE a_big SET body = 'late' WHERE id = 299999; COMMIT;");
    const summary = await run;
    expect(summary.tables.map((table) => [table.name, table.status, table.diff])).toEqual([
      ['a_big', 'pass', { missing: 0, extra: 0, changed: 0 }],
      ['b_big', 'pass', { missing: 0, extra: 0, changed: 0 }],
      ['secret', 'pass', { missing: 0, extra: 0, changed: 0 }],
      ['z_small', 'pass', { missing: 0, extra: 0, changed: 0 }],
    ]);
    const after = await verify({ source: pair.sourceUrl, target: pair.targetUrl, tables: ['z_small', 'a_big'] });
    expect(after.tables.map((table) => [table.name, table.diff])).toEqual([
      ['z_small', { missing: 1, extra: 1, changed: 1 }],
      ['a_big', { missing: 0, extra: 0, changed: 1 }],
    ]);
    await pair.target.query("DELETE FROM z_small WHERE id = 1000; INSERT INTO z_small VALUES (1, 'z1'); UPDATE z_small SET body = 'z2' WHERE id = 2; UPDATE a_big SET body = repeat('x', 100) || 299999 WHERE id = 299999");
  });

  it('never queues behind a lock: a locked table fails after --lock-timeout and the others go on', async () => {
    const locker = new pg.Client({ connectionString: pair.targetUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN; LOCK TABLE z_small IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const summary = await verify({ source: pair.sourceUrl, target: pair.targetUrl, tables: ['z_small', 'secret'], lockTimeout: 0.5 });
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(summary.tables.map((table) => [table.name, table.status])).toEqual([['z_small', 'error'], ['secret', 'pass']]);
      expect(summary.tables[0]!.reason).toMatch(/^target: .*lock timeout/);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it('runs with a role that has only CONNECT, USAGE and SELECT, reporting an unreadable table as an error', async () => {
    const role = `pgv_reader_${Math.random().toString(16).slice(2, 8)}`;
    const grants = (database: string) => `
      GRANT CONNECT ON DATABASE "${database}" TO ${role}; GRANT USAGE ON SCHEMA public TO ${role};
      GRANT SELECT ON a_big, b_big, z_small TO ${role};`;
    await pair.source.query(`CREATE ROLE ${role} LOGIN PASSWORD 'reader-pw'`);
    await pair.source.query(grants(new URL(pair.sourceUrl).pathname.slice(1)));
    await pair.target.query(grants(new URL(pair.targetUrl).pathname.slice(1)));
    const asReader = (url: string) => {
      const parsed = new URL(databaseUrl(url, new URL(url).pathname.slice(1)));
      parsed.username = role;
      parsed.password = 'reader-pw';
      return parsed.toString();
    };
    try {
      const summary = await verify({ source: asReader(pair.sourceUrl), target: asReader(pair.targetUrl), tables: ['z_small', 'secret'] });
      expect(summary.tables.map((table) => [table.name, table.status])).toEqual([['z_small', 'pass'], ['secret', 'error']]);
      expect(summary.tables[1]!.reason).toMatch(/^(source|target): permission denied for table secret/);
    } finally {
      for (const client of [pair.source, pair.target]) await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}; REVOKE USAGE ON SCHEMA public FROM ${role}`);
      await pair.source.query(`REVOKE CONNECT ON DATABASE "${new URL(pair.sourceUrl).pathname.slice(1)}" FROM ${role}; REVOKE CONNECT ON DATABASE "${new URL(pair.targetUrl).pathname.slice(1)}" FROM ${role}`);
      await pair.source.query(`DROP ROLE ${role}`);
    }
  });
});
