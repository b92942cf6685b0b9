import type { SchemaObjectDefinition } from '../catalog/structure/schema-objects.js';
import { compareStructure, type StructureScope } from '../checks/structure/compare.js';
import { compareDatabases, compareSchemaObjects } from '../checks/structure/schema.js';
import { tenantWarnings } from '../checks/structure/tenant.js';
import type { DatabaseError } from '../errors.js';
import type { DatabaseFacts, Side, StructureFinding } from '../summary.js';
import type { TablePair } from './select-tables.js';
import type { SideStructures } from './side-catalog.js';

/** A table pair's structure findings and the tenant warnings its target table deserves, or why its structure could not be read. */
export type TableStructureOutcome =
  | { readonly findings: readonly StructureFinding[]; readonly warnings: readonly string[] }
  | { readonly error: DatabaseError };

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

/**
 * Compares each side's database facts, then each side's views, materialized views and the functions its compared
 * tables call: databases first, then the schema.
 */
export function compareSchemaStructure(
  facts: Readonly<Record<Side, DatabaseFacts>>,
  objects: Readonly<Record<Side, readonly SchemaObjectDefinition[]>>,
  versions: Readonly<Record<Side, number>>,
): SchemaStructure {
  return {
    facts,
    findings: [
      ...compareDatabases(facts.source, facts.target),
      ...compareSchemaObjects(objects.source, objects.target, versions),
    ],
  };
}
