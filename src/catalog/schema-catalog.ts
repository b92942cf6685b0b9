import { QueryBatch } from '../connect/query-batch.js';
import type { SideClient } from '../connect/session.js';
import { readTables } from './introspect.js';
import type { Relation } from './relations.js';
import { readTableStructures } from './structure/read-structure.js';
import { readSchemaObjects, type SchemaObject } from './structure/schema-objects.js';
import type { TableStructure } from './structure/types.js';
import type { Table } from './types.js';

/** What the catalog says of some relations: their tables and, when asked, their structure and schema objects. */
export interface CatalogRead {
  /** The tables and materialized views, by oid. */
  readonly tables: ReadonlyMap<number, Table>;
  /** By table oid; empty when the structure was not asked for. */
  readonly structures: ReadonlyMap<number, TableStructure>;
  /** Views, materialized views and called functions, by schema; empty when the structure was not asked for. */
  readonly objects: ReadonlyMap<string, readonly SchemaObject[]>;
}

/** What to read beside the tables: their structure and schema objects, and their sequences' current values. */
export interface CatalogParts {
  readonly structure: boolean;
  /** The checks need them; --structure-only reads none (each sequence's state is then null). */
  readonly sequenceStates: boolean;
}

/**
 * Reads `relations` (listed by listRelations, of any number of schemas) in one round trip whatever their
 * number, plus one for the states of the sequences feeding the tables when asked. The structure's deparse
 * functions print relative to search_path, which each query sets per relation: the batch runs inside a
 * savepoint whose rollback puts the session's back (and `lockTimeoutMs`'s lock_timeout, when given, for the batch alone: the
 * deparse functions wait for a lock on each table).
 */
export async function readCatalog(
  client: SideClient,
  relations: readonly Relation[],
  { structure, sequenceStates }: CatalogParts,
  lockTimeoutMs?: number,
): Promise<CatalogRead> {
  const tables = relations.filter((relation) => relation.kind === 'table');
  const batch = new QueryBatch();
  const reads = Promise.all([
    // Materialized views as tables too: a run compares their rows when --tables names them.
    readTables(
      batch,
      client,
      relations.filter((relation) => relation.kind !== 'view'),
      sequenceStates,
    ),
    structure ? readTableStructures(batch, tables) : new Map<number, TableStructure>(),
    structure ? readSchemaObjects(batch, relations) : new Map<string, SchemaObject[]>(),
  ]);
  const sent = batch.send(
    client,
    [
      'SAVEPOINT pgverify_catalog',
      ...(lockTimeoutMs === undefined
        ? []
        : [`SELECT pg_catalog.set_config('lock_timeout', '${lockTimeoutMs}ms', true)`]),
    ],
    ['ROLLBACK TO SAVEPOINT pgverify_catalog', 'RELEASE SAVEPOINT pgverify_catalog'],
  );
  // Both at once: when the batch fails, every read rejects with it, and none is left unhandled.
  const [, [read, structures, objects]] = await Promise.all([sent, reads]);
  return { tables: read, structures, objects };
}
