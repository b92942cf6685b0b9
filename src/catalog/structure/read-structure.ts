import type { SideClient } from '../../connect/session.js';
import { readAccess, readPolicies } from './access.js';
import { readColumnDefinitions } from './columns.js';
import { readConstraints } from './constraints.js';
import { readIndexes } from './indexes.js';
import { readTriggers } from './triggers.js';
import type { TableStructure } from './types.js';

/**
 * Reads the structure of every compared table of a schema: one query per concept, whatever the number of
 * tables. The catalog prints definitions relative to search_path, so it is set to the schema itself for these
 * queries (local to the snapshot's transaction) and put back after them: the rest of the run's SQL, and the
 * user's filters, must see the search_path the session started with.
 */
export async function readSchemaStructure(client: SideClient, schema: string): Promise<Map<string, TableStructure>> {
  const previous = (await client.query<{ path: string }>("SELECT pg_catalog.current_setting('search_path') AS path")).rows[0]!.path;
  await client.query({ text: "SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident($1), true)", values: [schema] });
  try {
    // One connection runs one query at a time; sequential awaits keep that explicit.
    const columns = await readColumnDefinitions(client, schema);
    const constraints = await readConstraints(client, schema);
    const indexes = await readIndexes(client, schema);
    const triggers = await readTriggers(client, schema);
    const policies = await readPolicies(client, schema);
    const access = await readAccess(client, schema);
    return new Map([...access].map(([name, tableAccess]) => [name, Object.freeze({
      name,
      columns: columns.get(name) ?? [],
      constraints: constraints.get(name) ?? [],
      indexes: indexes.get(name) ?? [],
      triggers: triggers.get(name) ?? [],
      policies: policies.get(name) ?? [],
      ...tableAccess,
    })]));
  } finally {
    await client.query({ text: "SELECT pg_catalog.set_config('search_path', $1, true)", values: [previous] });
  }
}
