import { readDatabaseFacts } from '../catalog/database-facts.js';
import { readSchemaStructure } from '../catalog/structure/read-structure.js';
import { readSchemaObjects } from '../catalog/structure/schema-objects.js';
import type { TableStructure } from '../catalog/structure/types.js';
import { compareStructure, type StructureScope } from '../checks/structure/compare.js';
import { compareDatabases, compareSchemaObjects } from '../checks/structure/schema.js';
import { tenantWarnings } from '../checks/structure/tenant.js';
import type { SideSession } from '../connect/session.js';
import { DatabaseError, describeError } from '../errors.js';
import type { DatabaseFacts, Side, StructureFinding } from '../summary.js';
import type { TablePair } from './select-tables.js';

/** A table pair's structure findings and the tenant warnings its target table deserves, or why its structure could not be read. */
export type TableStructureOutcome =
  | { readonly findings: readonly StructureFinding[]; readonly warnings: readonly string[] }
  | { readonly error: DatabaseError };

/** One side's tables' structure by table name, and the tables whose structure could not be read. */
export interface SideStructures {
  readonly tables: ReadonlyMap<string, TableStructure>;
  readonly errors: ReadonlyMap<string, DatabaseError>;
}

/**
 * Reads a side's structure in one pass. The catalog's deparse functions wait for a lock on each table, so a
 * table locked by DDL fails the pass after --lock-timeout; the tables are then read one by one, and only
 * the locked one fails (its check becomes an error, as its rows would), never the run.
 */
export async function readStructures(
  session: SideSession,
  schema: string,
  tables: readonly string[],
): Promise<SideStructures> {
  try {
    return {
      tables: await session.withClient((client) => readSchemaStructure(client, { schema, tables })),
      errors: new Map(),
    };
  } catch {
    const read = new Map<string, TableStructure>();
    const errors = new Map<string, DatabaseError>();
    for (const table of tables) {
      try {
        const structure = (
          await session.withClient((client) => readSchemaStructure(client, { schema, tables: [table] }))
        ).get(table);
        if (structure !== undefined) read.set(table, structure);
      } catch (error) {
        const cause = error instanceof DatabaseError ? (error.cause ?? error) : error;
        errors.set(table, new DatabaseError(session.side, `reading the structure: ${describeError(cause)}`, cause));
      }
    }
    return { tables: read, errors };
  }
}

/**
 * Compares the structure of every pair both sides have, by pair name (a table on one side only already fails
 * as missing). `tenantColumn` (given only when the run has tenant values) adds seed 000's tenant warnings.
 */
export function compareTableStructures(
  pairs: readonly TablePair[],
  structures: Readonly<Record<Side, SideStructures>>,
  scope: StructureScope,
  tenantColumn: string | undefined,
): Map<string, TableStructureOutcome> {
  const outcomes = new Map<string, TableStructureOutcome>();
  for (const pair of pairs) {
    if (pair.source === undefined || pair.target === undefined) continue;
    const error = structures.source.errors.get(pair.source.name) ?? structures.target.errors.get(pair.target.name);
    if (error !== undefined) {
      outcomes.set(pair.name, { error });
      continue;
    }
    const source = structures.source.tables.get(pair.source.name);
    const target = structures.target.tables.get(pair.target.name);
    if (source === undefined || target === undefined) continue;
    const addedTenant =
      tenantColumn !== undefined && !pair.source.columns.some((column) => column.name === tenantColumn);
    outcomes.set(pair.name, {
      findings: compareStructure(
        { table: pair.source, structure: source },
        { table: pair.target, structure: target },
        pair.columns,
        scope,
      ),
      warnings: tenantColumn === undefined ? [] : tenantWarnings(target, tenantColumn, addedTenant),
    });
  }
  return outcomes;
}

/** The run's structure beyond its tables: each side's database facts, and how the schemas and databases differ. */
export interface SchemaStructure {
  readonly facts: Readonly<Record<Side, DatabaseFacts>>;
  readonly findings: readonly StructureFinding[];
}

/** Runs a read of one side, or gives its result from an earlier run of the same fan-out. */
type SideRead = <T>(side: Side, work: () => Promise<T>) => Promise<T>;

/** How compareSchemaStructure shares reads within a fan-out: per side's database, and per side's schema. */
export interface StructureMemo {
  readonly database: SideRead;
  readonly schema: SideRead;
}

/**
 * Reads each side's database facts, views, materialized views and the functions its compared tables call
 * (`tables`: the compared tables' names on that side), and compares them: databases first, then the schema.
 */
export async function compareSchemaStructure(
  sessions: Readonly<Record<Side, SideSession>>,
  schemas: Readonly<Record<Side, string>>,
  tables: Readonly<Record<Side, readonly string[]>>,
  once: StructureMemo = { database: (_side, work) => work(), schema: (_side, work) => work() },
): Promise<SchemaStructure> {
  // A fan-out's stores share their database: its facts are read once per side, the schema's objects per schema.
  const read = async (side: Side) => ({
    facts: await once.database(side, () => sessions[side].withClient((client) => readDatabaseFacts(client))),
    objects: await once.schema(side, () =>
      sessions[side].withClient((client) => readSchemaObjects(client, schemas[side], tables[side])),
    ),
  });
  const [source, target] = await Promise.all([read('source'), read('target')]);
  return {
    facts: { source: source.facts, target: target.facts },
    findings: [
      ...compareDatabases(source.facts, target.facts),
      ...compareSchemaObjects(source.objects, target.objects, {
        source: sessions.source.serverVersion,
        target: sessions.target.serverVersion,
      }),
    ],
  };
}
