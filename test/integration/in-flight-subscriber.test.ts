import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from '../../src/index.js';
import { binariesOfMajor } from '../../src/server/binaries.js';
import { startEmbeddedServer, type EmbeddedServer } from '../../src/server/embedded.js';
import { queryRows, runSql } from '../support/databases.js';
import { testedMajors } from '../support/servers.js';

// A target that subscribes to the source (logical replication, which the shared test servers cannot do: it
// needs wal_level = logical) is waited for, up to --recheck-after, before its snapshot is taken.

const TABLE = `CREATE TABLE items (id int PRIMARY KEY, label text);`;

/** Asks the server until `condition` holds; each round trip paces the loop (the state asked about notifies nobody). */
async function untilServer(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition()));
}

describe.each(testedMajors())('a logical-replication subscriber on PostgreSQL %s', (major) => {
  let server: EmbeddedServer;
  beforeAll(async () => {
    server = await startEmbeddedServer({
      dataDir: join(process.cwd(), '.pgverify-test', `${process.pid}-subscriber-${major}`),
      binaries: binariesOfMajor(major),
      settings: { fsync: 'off', wal_level: 'logical' },
    });
    await server.createDatabase('origin');
    await server.createDatabase('replica');
    await runSql(
      server.url('origin'),
      `${TABLE} INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 100) g;
       CREATE PUBLICATION items_pub FOR TABLE items;`,
    );
    await runSql(server.url('origin'), `SELECT pg_create_logical_replication_slot('items_sub', 'pgoutput')`);
    // A subscription within one cluster must not create its slot itself (it would wait for itself).
    await runSql(
      server.url('replica'),
      `${TABLE} CREATE SUBSCRIPTION items_sub CONNECTION '${server.url('origin')}' PUBLICATION items_pub
         WITH (create_slot = false, slot_name = 'items_sub');`,
    );
    await untilServer(async () => {
      const rows = await queryRows<{ n: number }>(server.url('replica'), 'SELECT count(*)::int AS n FROM items');
      return rows[0]!.n === 100;
    });
  }, 60_000);
  afterAll(async () => {
    await runSql(server.url('replica'), 'DROP SUBSCRIPTION IF EXISTS items_sub').catch(() => undefined);
    await server.stop();
  });

  it('takes the target snapshot once the subscriber applied the source snapshot, and records both positions', async () => {
    // The subscriber stops applying; a row changes on the source: the target lags behind it.
    await runSql(server.url('replica'), 'ALTER SUBSCRIPTION items_sub DISABLE');
    await runSql(server.url('origin'), `UPDATE items SET label = 'late' WHERE id = 5`);
    const run = verify({
      source: server.url('origin'),
      target: server.url('replica'),
      recheckAfter: 30,
      checks: false,
      structure: false,
    });
    // Once pgverify looks at the slot's position, it is waiting (its connection shows the look as its query until
    // the wait ends): the subscriber resumes.
    await untilServer(async () => {
      const rows = await queryRows(
        server.url('origin'),
        `SELECT 1 FROM pg_stat_activity WHERE application_name = 'pgverify' AND query LIKE '%confirmed_flush_lsn >=%'`,
      );
      return rows.length > 0;
    });
    await runSql(server.url('replica'), 'ALTER SUBSCRIPTION items_sub ENABLE');
    const summary = await run;
    expect(summary.status).toBe('pass');
    expect(summary.tables[0]!.diff).toEqual({ missing: 0, extra: 0, changed: 0, inFlight: 0 });
    const replication = summary.replication!;
    expect(replication).toMatchObject({ subscription: 'items_sub', caughtUp: true });
    expect(replication.sourceLsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    const positions = await queryRows<{ reached: boolean }>(
      server.url('origin'),
      `SELECT '${replication.appliedLsn}'::pg_lsn >= '${replication.sourceLsn}'::pg_lsn AS reached`,
    );
    expect(positions[0]?.reached).toBe(true);
  }, 60_000);

  it('records nothing for a target that does not subscribe to the source', async () => {
    const summary = await verify({
      source: server.url('replica'),
      target: server.url('origin'),
      recheckAfter: 1,
      checks: false,
      structure: false,
    });
    expect(summary.replication).toBeUndefined();
  });
});
