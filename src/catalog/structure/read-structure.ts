import type { Queryable } from '../../connect/query-batch.js';
import type { Relation } from '../relations.js';
import { readAccess, readPolicies } from './access.js';
import { readColumnDefinitions } from './columns.js';
import { readConstraints } from './constraints.js';
import { readIndexes } from './indexes.js';
import { readTriggers } from './triggers.js';
import type { TableStructure } from './types.js';

/**
 * Reads the structure of `tables` (of any number of schemas): one query per concept, whatever the number of
 * tables, each printing a table's definitions relative to its own schema (see overRelations). The queries go
 * through `batch`, sent by the caller inside a savepoint whose rollback puts search_path back.
 */
export async function readTableStructures(
  batch: Queryable,
  tables: readonly Relation[],
): Promise<Map<number, TableStructure>> {
  const oids = tables.map((table) => table.oid);
  const [columns, constraints, indexes, triggers, policies, access] = await Promise.all([
    readColumnDefinitions(batch, oids),
    readConstraints(batch, oids),
    readIndexes(batch, oids),
    readTriggers(batch, oids),
    readPolicies(batch, oids),
    readAccess(batch, oids),
  ]);
  const read = new Map<number, TableStructure>();
  for (const table of tables) {
    const tableAccess = access.get(table.oid);
    // A table dropped since it was listed has no row of its own: it is left out, like a table never listed.
    if (tableAccess === undefined) continue;
    read.set(
      table.oid,
      Object.freeze({
        name: table.name,
        columns: columns.get(table.oid) ?? [],
        constraints: constraints.get(table.oid) ?? [],
        indexes: indexes.get(table.oid) ?? [],
        triggers: triggers.get(table.oid) ?? [],
        policies: policies.get(table.oid) ?? [],
        ...tableAccess,
      }),
    );
  }
  return read;
}
