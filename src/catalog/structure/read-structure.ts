import type { SideClient } from '../../connect/session.js';
import { readAccess, readPolicies } from './access.js';
import { readColumnDefinitions } from './columns.js';
import { readConstraints } from './constraints.js';
import { readIndexes } from './indexes.js';
import { inSchemaSearchPath, type StructureScope } from './schema-tables.js';
import { readTriggers } from './triggers.js';
import type { TableStructure } from './types.js';

export type { StructureScope } from './schema-tables.js';

/**
 * Reads the structure of every compared table of a schema (or of one table of it): one query per concept,
 * whatever the number of tables, with names of the schema itself printed unqualified (inSchemaSearchPath).
 */
export async function readSchemaStructure(
  client: SideClient,
  scope: StructureScope,
): Promise<Map<string, TableStructure>> {
  // One connection runs one query at a time; sequential awaits keep that explicit.
  const read = await inSchemaSearchPath(client, scope.schema, async () => ({
    columns: await readColumnDefinitions(client, scope),
    constraints: await readConstraints(client, scope),
    indexes: await readIndexes(client, scope),
    triggers: await readTriggers(client, scope),
    policies: await readPolicies(client, scope),
    access: await readAccess(client, scope),
  }));
  const { columns, constraints, indexes, triggers, policies, access } = read;
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
