import { assertSchemaExists, listRelations, lockedRelations, type Relation } from '../catalog/relations.js';
import { readCatalog, type CatalogParts, type CatalogRead } from '../catalog/schema-catalog.js';
import type { SchemaObject } from '../catalog/structure/schema-objects.js';
import type { TableStructure } from '../catalog/structure/types.js';
import type { Table } from '../catalog/types.js';
import type { SideSession } from '../connect/session.js';
import { DatabaseError, describeError } from '../errors.js';
import type { ResolvedOptions } from './options.js';

/** One side's schema as a run needs it, read in the run's snapshot. */
export interface SchemaCatalog {
  readonly tables: readonly Table[];
  /** Compared like tables when --tables names them. */
  readonly matviews: readonly Table[];
  /** Undefined with --no-structure. */
  readonly structure: SideStructures | undefined;
  /** Views, materialized views and the functions its tables call; undefined with --no-structure. */
  readonly objects: readonly SchemaObject[] | undefined;
}

/** One side's tables' structure by table name, and the tables whose structure could not be read. */
export interface SideStructures {
  readonly tables: ReadonlyMap<string, TableStructure>;
  readonly errors: ReadonlyMap<string, DatabaseError>;
}

/** A catalog read of many relations, and the tables whose structure alone could not be read. */
export interface SettledCatalog {
  readonly read: CatalogRead;
  readonly errors: ReadonlyMap<number, DatabaseError>;
}

/** What a run reads of the catalog: the structure unless --no-structure, the sequences' values unless --structure-only. */
export function catalogParts(options: Pick<ResolvedOptions, 'structure' | 'structureOnly'>): CatalogParts {
  return { structure: options.structure, sequenceStates: !options.structureOnly };
}

/** Reads one schema's catalog on its own (a run that is not part of a fan-out, or a store the fan-out's read missed). */
export async function readSchemaCatalog(
  session: SideSession,
  schema: string,
  parts: CatalogParts,
): Promise<SchemaCatalog> {
  const relations = (await session.withClient((client) => listRelations(client, [schema]))).get(schema)!;
  if (!relations.some((relation) => relation.kind === 'table'))
    await session.withClient((client) => assertSchemaExists(client, schema));
  return catalogOf(schema, relations, await readSettled(session, relations, parts), parts.structure);
}

/**
 * Reads `relations` in one pass. The catalog's deparse functions wait for a lock on each table, so a table
 * locked by DDL fails the pass after --lock-timeout; the tables are then read without their structure, and
 * each relation's structure alone: only the locked table's fails (its check becomes an error, as its rows
 * would), never the run. A view that cannot be read fails the run, as its definition is the schema's.
 */
async function readSettled(
  session: SideSession,
  relations: readonly Relation[],
  parts: CatalogParts,
): Promise<SettledCatalog> {
  try {
    return { read: await session.withClient((client) => readCatalog(client, relations, parts)), errors: new Map() };
  } catch (error) {
    if (!parts.structure) throw error;
  }
  const { tables } = await session.withClient((client) =>
    readCatalog(client, relations, { ...parts, structure: false }),
  );
  const structures = new Map<number, TableStructure>();
  const objects = new Map<string, SchemaObject[]>();
  const errors = new Map<number, DatabaseError>();
  // A table under DDL would make its own read wait out --lock-timeout once more: said at once, with who holds it.
  const locked = await session.withClient((client) =>
    lockedRelations(
      client,
      relations.map((relation) => relation.oid),
    ),
  );
  for (const relation of relations) {
    const lock = locked.get(relation.oid);
    if (lock !== undefined && relation.kind === 'table') {
      const how = lock.granted ? 'is locked by' : 'has a lock waiting for';
      errors.set(
        relation.oid,
        new DatabaseError(
          session.side,
          `reading the structure: ${relation.name} ${how} another session's DDL (pid ${lock.pid}, ACCESS EXCLUSIVE)`,
        ),
      );
      continue;
    }
    let one: CatalogRead;
    try {
      one = await session.withClient((client) =>
        readCatalog(client, [relation], { structure: true, sequenceStates: false }),
      );
    } catch (error) {
      if (relation.kind !== 'table') throw error;
      const cause = error instanceof DatabaseError ? (error.cause ?? error) : error;
      errors.set(
        relation.oid,
        new DatabaseError(session.side, `reading the structure: ${describeError(cause)}`, cause),
      );
      continue;
    }
    for (const [oid, read] of one.structures) structures.set(oid, read);
    for (const [schema, read] of one.objects) objects.set(schema, mergeObjects(objects.get(schema) ?? [], read));
  }
  return { read: { tables, structures, objects }, errors };
}

/** The part of a settled read that is `schema`'s (its `relations`), as a run takes it. */
export function catalogOf(
  schema: string,
  relations: readonly Relation[],
  settled: SettledCatalog,
  structure: boolean,
): SchemaCatalog {
  const tables = relations.filter((relation) => relation.kind === 'table');
  const byName = <T>(read: ReadonlyMap<number, T>) =>
    new Map(tables.flatMap((table) => (read.has(table.oid) ? [[table.name, read.get(table.oid)!] as const] : [])));
  return {
    tables: tables.flatMap((table) => settled.read.tables.get(table.oid) ?? []),
    matviews: relations.flatMap((relation) =>
      relation.kind === 'matview' ? (settled.read.tables.get(relation.oid) ?? []) : [],
    ),
    structure: structure ? { tables: byName(settled.read.structures), errors: byName(settled.errors) } : undefined,
    objects: structure ? (settled.read.objects.get(schema) ?? []) : undefined,
  };
}

/** Functions read table by table: one entry per function, called by every table that calls it. */
function mergeObjects(objects: readonly SchemaObject[], more: readonly SchemaObject[]): SchemaObject[] {
  const merged = new Map(objects.map((object) => [`${object.kind}:${object.name}`, object]));
  for (const object of more) {
    const key = `${object.kind}:${object.name}`;
    const known = merged.get(key);
    merged.set(
      key,
      known?.calledBy === undefined || object.calledBy === undefined
        ? object
        : { ...object, calledBy: [...new Set([...known.calledBy, ...object.calledBy])] },
    );
  }
  return [...merged.values()];
}
