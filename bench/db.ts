import pg from 'pg';

/** Runs work on a fresh connection to `url` and always closes it. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'pgverify-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Opens one connection per URL, for work that must start on several databases at the same moment. */
export async function withClients<T>(urls: readonly string[], work: (clients: pg.Client[]) => Promise<T>): Promise<T> {
  const clients = urls.map((url) => new pg.Client({ connectionString: url, application_name: 'pgverify-bench' }));
  try {
    await Promise.all(clients.map((client) => client.connect()));
    return await work(clients);
  } finally {
    await Promise.allSettled(clients.map((client) => client.end()));
  }
}

/**
 * Builds `database` on the server unless it exists: `build` fills it under another name, which is renamed when
 * complete, so a build that fails leaves nothing a later run would take for finished. Returns whether it built.
 */
export async function buildDatabaseOnce(
  server: { url(database: string): string },
  database: string,
  build: (client: pg.Client) => Promise<void>,
): Promise<boolean> {
  const building = `${database}_building`;
  const exists = await withClient(server.url('postgres'), async (client) => {
    const found = await client.query('SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1', [database]);
    if (found.rowCount !== 0) return true;
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(building)}`);
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(building)}`);
    return false;
  });
  if (exists) return false;
  await withClient(server.url(building), build);
  await withClient(server.url('postgres'), (client) =>
    client.query(`ALTER DATABASE ${client.escapeIdentifier(building)} RENAME TO ${client.escapeIdentifier(database)}`),
  );
  return true;
}
