import type { SideClient } from '../../connect/session.js';
import { readAccess, readPolicies } from './access.js';
import { readColumnDefinitions } from './columns.js';
import { readConstraints } from './constraints.js';
import { readIndexes } from './indexes.js';
import type { StructureScope } from './schema-tables.js';
import { readTriggers } from './triggers.js';
import type { TableStructure } from './types.js';

export type { StructureScope } from './schema-tables.js';

/**
 * Reads the structure of every compared table of a schema (or of one table of it): one query per concept,
 * whatever the number of tables. The catalog prints definitions relative to search_path, so it is set to the
 * schema itself for these queries (local to the snapshot's transaction) and put back after them: the rest of
 * the run's SQL, and the user's filters, must see the search_path the session started with. When a query
 * fails, the caller's savepoint rollback puts it back.
 */
export async function readSchemaStructure(
  client: SideClient,
  scope: StructureScope,
): Promise<Map<string, TableStructure>> {
  const previous = (await client.query<{ path: string }>("SELECT pg_catalog.current_setting('search_path') AS path"))
    .rows[0]!.path;
  await client.query({
    text: "SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident($1), true)",
    values: [scope.schema],
  });
  // One connection runs one query at a time; sequential awaits keep that explicit.
  const columns = await readColumnDefinitions(client, scope);
  const constraints = await readConstraints(client, scope);
  const indexes = await readIndexes(client, scope);
  const triggers = await readTriggers(client, scope);
  const policies = await readPolicies(client, scope);
  const access = await readAccess(client, scope);
  await client.query({ text: "SELECT pg_catalog.set_config('search_path', $1, true)", values: [previous] });
  return new Map(
    [...access].map(([name, tableAccess]) => [
      name,
      Object.freeze({
        name,
        columns: columns.get(name) ?? [],
        constraints: constraints.get(name) ?? [],
        indexes: indexes.get(name) ?? [],
        triggers: triggers.get(name) ?? [],
        policies: policies.get(name) ?? [],
        ...tableAccess,
      }),
    ]),
  );
}
