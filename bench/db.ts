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
