import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { verify, type ProgressEvent } from '../../src/index.js';
import { databaseUrl, runSql } from '../support/databases.js';
import { useTestPair } from '../support/test-pair.js';

const SCHEMA = `
  CREATE TABLE a_big (id int PRIMARY KEY, body text);
  INSERT INTO a_big SELECT g, repeat('x', 100) || g FROM generate_series(1, 300000) g;
  CREATE TABLE b_big (id int PRIMARY KEY, body text);
  INSERT INTO b_big SELECT g, repeat('y', 100) || g FROM generate_series(1, 300000) g;
  CREATE TABLE z_small (id int PRIMARY KEY, body text);
  INSERT INTO z_small SELECT g, 'z' || g FROM generate_series(1, 100) g;
  CREATE TABLE secret (id int PRIMARY KEY);
  CREATE TABLE z_child (id int PRIMARY KEY, z_id int REFERENCES z_small (id));
  INSERT INTO z_child VALUES (1, 50), (2, 60);
  CREATE TABLE guarded (id int PRIMARY KEY);
  INSERT INTO guarded SELECT generate_series(1, 5);
  ALTER TABLE guarded ENABLE ROW LEVEL SECURITY;
  CREATE POLICY low_ids ON guarded FOR SELECT USING (id <= 3);
  ANALYZE;`;

const files = useTestPair('safety', (pair) =>
  Promise.all([runSql(pair.sourceUrl, SCHEMA), runSql(pair.targetUrl, SCHEMA)]),
);

/** Rows of z_small and a_big the first test changes on the target while a run reads it. */
const LATE_WRITES =
  "BEGIN; DELETE FROM z_small WHERE id = 1; UPDATE z_small SET body = 'late' WHERE id = 2; INSERT INTO z_small VALUES (1000, 'new'); UPDATE a_big SET body = 'late' WHERE id = 299999; COMMIT;";
/** Puts those rows back as SCHEMA made them, whichever of the writes happened. */
const RESTORE =
  "BEGIN; DELETE FROM z_small WHERE id IN (1, 2, 1000); INSERT INTO z_small VALUES (1, 'z1'), (2, 'z2'); UPDATE a_big SET body = repeat('x', 100) || 299999 WHERE id = 299999; COMMIT;";

describe('safety towards the databases', () => {
  it('sees one snapshot per side: rows written to the target during the run produce no finding', async () => {
    const { pair } = files;
    const events: ProgressEvent[] = [];
    let readingBig: () => void = () => undefined;
    const bigRowsRead = new Promise<void>((resolve) => (readingBig = resolve));
    const run = verify({
      source: pair.sourceUrl,
      target: pair.targetUrl,
      mode: 'exact',
      jobs: 2,
      onProgress: (event) => {
        events.push(event);
        if (event.type === 'rows' && event.table === 'a_big') readingBig();
      },
    });
    try {
      // Rows of a_big read: both sides' snapshots are taken and the run is under way.
      const ended = run.then(
        () => 'ended',
        () => 'ended',
      );
      expect(await Promise.race([bigRowsRead.then(() => 'reading a_big'), ended])).toBe('reading a_big');
      await pair.target.query(LATE_WRITES);
      // z_small is checked after the two big tables (jobs 2): the run had yet to read the rows just changed.
      expect(events.filter((event) => event.type === 'start').map((event) => event.table)).not.toContain('z_small');
      const summary = await run;
      expect(summary.tables.map((table) => [table.name, table.status, table.diff])).toEqual([
        ['a_big', 'pass', { missing: 0, extra: 0, changed: 0 }],
        ['b_big', 'pass', { missing: 0, extra: 0, changed: 0 }],
        ['guarded', 'pass', { missing: 0, extra: 0, changed: 0 }],
        ['secret', 'pass', { missing: 0, extra: 0, changed: 0 }],
        ['z_child', 'pass', { missing: 0, extra: 0, changed: 0 }],
        ['z_small', 'pass', { missing: 0, extra: 0, changed: 0 }],
      ]);
      const after = await verify({ source: pair.sourceUrl, target: pair.targetUrl, tables: ['z_small', 'a_big'] });
      expect(after.tables.map((table) => [table.name, table.diff])).toEqual([
        ['z_small', { missing: 1, extra: 1, changed: 1 }],
        ['a_big', { missing: 0, extra: 0, changed: 1 }],
      ]);
    } finally {
      await run.catch(() => undefined);
      await pair.target.query(RESTORE);
    }
  });

  it('never queues behind a lock: a locked table fails after --lock-timeout and the others go on', async () => {
    const { pair } = files;
    const locker = new pg.Client({ connectionString: pair.targetUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN; LOCK TABLE z_small IN ACCESS EXCLUSIVE MODE');
      const summary = await verify({
        source: pair.sourceUrl,
        target: pair.targetUrl,
        tables: ['z_small', 'secret', 'z_child'],
        lockTimeout: 0.5,
      });
      // It returned while the lock is still held: it gave up on the table instead of waiting for the lock.
      const held = await pair.target.query(
        "SELECT 1 FROM pg_locks WHERE relation = 'z_small'::regclass AND mode = 'AccessExclusiveLock' AND granted AND pid = $1",
        [(await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid],
      );
      expect(held.rowCount).toBe(1);
      // Where reading a definition locks (16 and later), the structure says z_small is under DDL before any row
      // is read, and z_child's foreign key into it is not checked rather than waited for; before 16, that
      // foreign key's count waits out the lock timeout like z_small's rows.
      const locksDefinitions = (summary.targetServer?.versionNum ?? 0) >= 160000;
      expect(summary.tables.map((table) => [table.name, table.status])).toEqual([
        ['z_small', 'error'],
        ['secret', 'pass'],
        ['z_child', locksDefinitions ? 'pass' : 'error'],
      ]);
      if (locksDefinitions)
        expect(summary.tables[2]!.integrity[0]!.skipped).toMatch(
          /^parent table z_small could not be read \(reading the structure: z_small is locked by another session's DDL/,
        );
      // Its rows' read timed out; or, where reading its definition takes a lock too (16 and later), its structure
      // is said at once to be under another session's DDL, without waiting out --lock-timeout a second time.
      expect(summary.tables[0]!.reason).toMatch(
        /^target: (.*lock timeout|reading the structure: z_small is locked by another session's DDL \(pid \d+, ACCESS EXCLUSIVE\))$/,
      );
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it('runs with a role that has only CONNECT, USAGE and SELECT, reporting an unreadable table as an error', async () => {
    const { pair } = files;
    const role = `pgv_reader_${Math.random().toString(16).slice(2, 8)}`;
    const grants = (database: string) => `
      GRANT CONNECT ON DATABASE "${database}" TO ${role}; GRANT USAGE ON SCHEMA public TO ${role};
      GRANT SELECT ON a_big, b_big, z_small, guarded TO ${role};`;
    const asReader = (url: string) => {
      const parsed = new URL(databaseUrl(url, new URL(url).pathname.slice(1)));
      parsed.username = role;
      parsed.password = 'reader-pw';
      return parsed.toString();
    };
    await pair.source.query(`CREATE ROLE ${role} LOGIN PASSWORD 'reader-pw'`);
    try {
      await pair.source.query(grants(new URL(pair.sourceUrl).pathname.slice(1)));
      await pair.target.query(grants(new URL(pair.targetUrl).pathname.slice(1)));
      const summary = await verify({
        source: asReader(pair.sourceUrl),
        target: asReader(pair.targetUrl),
        tables: ['z_small', 'secret', 'guarded'],
      });
      expect(summary.tables.map((table) => [table.name, table.status])).toEqual([
        ['z_small', 'pass'],
        ['secret', 'error'],
        // A policy would show this role 3 rows of 5 on each side: an error, never a comparison of what it lets through.
        ['guarded', 'error'],
      ]);
      expect(summary.tables[1]!.reason).toMatch(/^(source|target): permission denied for table secret/);
      expect(summary.tables[2]!.reason).toMatch(
        /^(source|target): query would be affected by row-level security policy for table "guarded": .*BYPASSRLS$/,
      );
    } finally {
      for (const client of [pair.source, pair.target])
        await client.query(
          `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}; REVOKE USAGE ON SCHEMA public FROM ${role}`,
        );
      await pair.source.query(
        `REVOKE CONNECT ON DATABASE "${new URL(pair.sourceUrl).pathname.slice(1)}" FROM ${role}; REVOKE CONNECT ON DATABASE "${new URL(pair.targetUrl).pathname.slice(1)}" FROM ${role}`,
      );
      await pair.source.query(`DROP ROLE ${role}`);
    }
  });
});
