import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { inject } from 'vitest';
import { serverUrl, type ServerPair } from './servers.js';

/** Two empty databases on the test server, one per side of a migration; `drop` removes both. */
export interface DatabasePair {
  readonly sourceUrl: string;
  readonly targetUrl: string;
  readonly source: pg.Pool;
  readonly target: pg.Pool;
  drop(): Promise<void>;
}

const fixturesDir = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/**
 * Creates `<prefix>_<random>_source` and `..._target`, so parallel test files never share a database: on the
 * newest test server, or each on the server of its major in `servers`.
 */
export async function createDatabasePair(
  prefix: string,
  servers?: Pick<ServerPair, 'source' | 'target'>,
): Promise<DatabasePair> {
  const adminUrls =
    servers === undefined
      ? { source: inject('adminUrl'), target: inject('adminUrl') }
      : { source: serverUrl(servers.source), target: serverUrl(servers.target) };
  const base = `${prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const sourceName = `${base}_source`;
  const targetName = `${base}_target`;
  await withClient(adminUrls.source, (client) =>
    client.query(`CREATE DATABASE ${client.escapeIdentifier(sourceName)}`),
  );
  await withClient(adminUrls.target, (client) =>
    client.query(`CREATE DATABASE ${client.escapeIdentifier(targetName)}`),
  );
  const sourceUrl = databaseUrl(adminUrls.source, sourceName);
  const targetUrl = databaseUrl(adminUrls.target, targetName);
  const source = new pg.Pool({ connectionString: sourceUrl, max: 2 });
  const target = new pg.Pool({ connectionString: targetUrl, max: 2 });
  // drop() ends the pools, then drops the databases WITH (FORCE): a backend that has not yet read its client's
  // goodbye is terminated (57P01) and its ending client reports that to the pool. Nothing is lost by then.
  for (const pool of [source, target]) pool.on('error', () => undefined);
  return {
    sourceUrl,
    targetUrl,
    source,
    target,
    async drop() {
      await Promise.all([source.end(), target.end()]);
      // FORCE: a failed test may leave a connection of the code under test open.
      await withClient(adminUrls.source, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(sourceName)} WITH (FORCE)`),
      );
      await withClient(adminUrls.target, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(targetName)} WITH (FORCE)`),
      );
    },
  };
}

/** Runs a script of any number of statements (simple query protocol, so no parameters) in one session. */
export async function runSql(url: string, sql: string): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(sql);
  });
}

/** The rows of one query, in a session of its own. */
export async function queryRows<R extends pg.QueryResultRow = Record<string, unknown>>(
  url: string,
  text: string,
): Promise<R[]> {
  return withClient(url, async (client) => (await client.query<R>(text)).rows);
}

/** Runs `fixtures/<relativePath>` against the database at `url`. */
export async function loadFixture(url: string, relativePath: string): Promise<void> {
  await runSql(url, await readFixture(relativePath));
}

/** The text of `fixtures/<relativePath>`. */
export async function readFixture(relativePath: string): Promise<string> {
  return readFile(`${fixturesDir}${relativePath}`, 'utf8');
}

/** The same server URL pointing at another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
