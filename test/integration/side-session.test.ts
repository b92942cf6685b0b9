import { describe, expect, it } from 'vitest';
import { withClientsOnDemand } from '../../src/connect/on-demand.js';
import { openSide, type SessionLimits, type SideSession } from '../../src/connect/session.js';
import { runSql } from '../support/databases.js';
import { edgeAndCrossVersions } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

const SCHEMA = 'CREATE TABLE items (id int PRIMARY KEY); INSERT INTO items SELECT generate_series(1, 10);';
const LIMITS: SessionLimits = { lockTimeout: 5, statementTimeout: 0 };
const EDGES = edgeAndCrossVersions().filter((servers) => servers.source === servers.target);

/**
 * Runs `count` works on the side at once, each holding its connection until all have one (or `wait` ms passed),
 * then asking `sql`.
 */
async function concurrently(
  session: SideSession,
  count: number,
  wait: number,
  sql = 'SELECT pg_backend_pid() AS pid, count(*)::text AS count FROM items',
) {
  let started = 0;
  return Promise.all(
    Array.from({ length: count }, () =>
      session.withClient(async (client) => {
        started++;
        const deadline = Date.now() + wait;
        while (started < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
        const { rows } = await client.query<{ pid: number; count?: string; jit?: string }>(sql);
        return rows[0]!;
      }),
    ),
  );
}

describe.each(EDGES)("a side's connections, PostgreSQL $label", (servers) => {
  const files = useTestPair('side_session', (pair) => runSql(pair.sourceUrl, SCHEMA), servers);
  const backends = async (application: string) =>
    Number(
      (
        await files.pair.source.query<{ count: string }>(
          'SELECT count(*)::text AS count FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
          [application],
        )
      ).rows[0]!.count,
    );
  /** Whether every backend of `application` has ended within two seconds (a backend ends after its client left). */
  const gone = async (application: string) => {
    for (let tries = 0; tries < 40; tries++) {
      if ((await backends(application)) === 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  };
  const urlNamed = (application: string) => {
    const url = new URL(files.pair.sourceUrl);
    url.searchParams.set('application_name', application);
    return url.toString();
  };

  it('opens one connection, and the others only when work waits; all read in the snapshot of the first', async () => {
    const application = 'pgverify_side_lazy';
    const session = await openSide('source', urlNamed(application), 3, LIMITS);
    try {
      // Serial work never needs a second connection.
      for (let index = 0; index < 3; index++) await session.withClient((client) => client.query('SELECT 1'));
      expect(await backends(application)).toBe(1);
      // A row committed now is after the side's snapshot: the connections opened from here on must not see it.
      await files.pair.source.query('INSERT INTO items VALUES (11)');
      const seen = await concurrently(session, 3, 5000);
      expect(new Set(seen.map((row) => row.pid)).size).toBe(3);
      expect(seen.map((row) => row.count)).toEqual(['10', '10', '10']);
      expect(await backends(application)).toBe(3);
    } finally {
      await session.close();
      await files.pair.source.query('DELETE FROM items WHERE id = 11');
    }
    expect(await gone(application)).toBe(true);
  });

  it('turns JIT off on the first connection and on those opened later', async () => {
    const session = await openSide('source', urlNamed('pgverify_side_jit'), 2, LIMITS);
    try {
      const seen = await concurrently(
        session,
        2,
        5000,
        "SELECT pg_backend_pid() AS pid, current_setting('jit') AS jit",
      );
      expect(new Set(seen.map((row) => row.pid)).size).toBe(2);
      expect(seen.map((row) => row.jit)).toEqual(['off', 'off']);
    } finally {
      await session.close();
    }
  });

  it('goes on with the connections it has when the server refuses another', async () => {
    const role = `pgv_one_${Math.random().toString(16).slice(2, 8)}`;
    // Superusers are exempt from a role's connection limit.
    await files.pair.source.query(`CREATE ROLE ${role} LOGIN PASSWORD 'pw' CONNECTION LIMIT 1`);
    await files.pair.source.query(`GRANT SELECT ON items TO ${role}`);
    const url = new URL(urlNamed('pgverify_side_refused'));
    url.username = role;
    url.password = 'pw';
    const session = await openSide('source', url.toString(), 2, LIMITS);
    try {
      const seen = await concurrently(session, 3, 300);
      expect(new Set(seen.map((row) => row.pid)).size).toBe(1);
      expect(seen.map((row) => row.count)).toEqual(['10', '10', '10']);
    } finally {
      await session.close();
      await files.pair.source.query(`DROP OWNED BY ${role}`);
      await files.pair.source.query(`DROP ROLE ${role}`);
    }
  });

  it('gives a work a connection only when it asks for one, in the source-then-target order', async () => {
    const application = 'pgverify_side_on_demand';
    const [source, target] = await Promise.all(
      ['source', 'target'].map((side) => openSide(side as 'source' | 'target', urlNamed(application), 3, LIMITS)),
    );
    const sessions = { source: source!, target: target! };
    try {
      // Three works at once that ask for nothing open nothing: each side keeps its first connection.
      await Promise.all([0, 1, 2].map(() => withClientsOnDemand(sessions, () => Promise.resolve('settled'))));
      expect(await backends(application)).toBe(2);
      // A work that failed on its connection gives it back rolled back: the next work reads on it.
      await expect(
        withClientsOnDemand(sessions, async (clients) => (await clients.target()).query('SELECT 1/0')),
      ).rejects.toThrow(/division by zero/);
      const read = await withClientsOnDemand(sessions, async (clients) => {
        const both = await clients.both();
        return Promise.all([both.source, both.target].map((client) => client.query('SELECT count(*) FROM items')));
      });
      expect(read.map((result) => result.rows[0])).toEqual([{ count: '10' }, { count: '10' }]);
      // The reverse order could deadlock between works; a connection asked for after the work is refused.
      await expect(
        withClientsOnDemand(sessions, async (clients) => {
          await clients.target();
          return clients.source();
        }),
      ).rejects.toThrow(/source's connection after the target's/);
      let late: (() => Promise<unknown>) | undefined;
      await withClientsOnDemand(sessions, (clients) => Promise.resolve((late = clients.source)));
      await expect(late!()).rejects.toThrow(/after its work ended/);
      expect(await backends(application)).toBe(2);
    } finally {
      await Promise.all([source!.close(), target!.close()]);
    }
    expect(await gone(application)).toBe(true);
  });

  it('closes while another connection is still being made, leaving no backend behind', async () => {
    const application = 'pgverify_side_closing';
    const session = await openSide('source', urlNamed(application), 2, LIMITS);
    // The second work asks for a connection, then takes the first as soon as it is free: the other is still
    // logging in when the side closes.
    await Promise.all([0, 1].map(() => session.withClient((client) => client.query('SELECT 1'))));
    await session.close();
    expect(await gone(application)).toBe(true);
  });
});
