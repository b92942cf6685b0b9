import { QueryBatch } from '../../connect/query-batch.js';
import type { SideClient } from '../../connect/session.js';
import { quoteLiteral } from '../../sql.js';
import { readAccess, readPolicies } from './access.js';
import { readColumnDefinitions } from './columns.js';
import { readConstraints } from './constraints.js';
import { readIndexes } from './indexes.js';
import type { StructureScope } from './schema-tables.js';
import { readTriggers } from './triggers.js';
import type { TableStructure } from './types.js';

export type { StructureScope } from './schema-tables.js';

/**
 * Reads the structure of the compared tables of a schema: one query per concept, whatever the number of
 * tables, all six sent in one round trip. The catalog prints definitions relative to search_path, so it is
 * set to the schema alone for them (names of the schema itself then print unqualified) inside a savepoint
 * whose rollback puts it back: the rest of the run's SQL, and the user's filters, see the session's own.
 */
export async function readSchemaStructure(
  client: SideClient,
  scope: StructureScope,
): Promise<Map<string, TableStructure>> {
  const batch = new QueryBatch();
  const reads = Promise.all([
    readColumnDefinitions(batch, scope),
    readConstraints(batch, scope),
    readIndexes(batch, scope),
    readTriggers(batch, scope),
    readPolicies(batch, scope),
    readAccess(batch, scope),
  ]);
  const sent = batch.send(
    client,
    [
      'SAVEPOINT pgverify_catalog',
      `SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident(${quoteLiteral(scope.schema)}), true)`,
    ],
    ['ROLLBACK TO SAVEPOINT pgverify_catalog', 'RELEASE SAVEPOINT pgverify_catalog'],
  );
  // Both at once: when the batch fails, every read rejects with it, and none is left unhandled.
  const [, [columns, constraints, indexes, triggers, policies, access]] = await Promise.all([sent, reads]);
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
