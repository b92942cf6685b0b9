import type { TableStructure } from '../catalog/structure/types.js';
import { compareStructure, type StructureScope } from '../checks/structure/compare.js';
import { tenantWarnings } from '../checks/structure/tenant.js';
import type { Side, StructureFinding } from '../summary.js';
import type { TablePair } from './select-tables.js';

/** A table pair's structure findings and the tenant warnings its target table deserves. */
export interface TableStructureOutcome {
  readonly findings: readonly StructureFinding[];
  readonly warnings: readonly string[];
}

/** Each side's tables' structure, by table name. */
export type SchemaStructures = Readonly<Record<Side, ReadonlyMap<string, TableStructure>>>;

/**
 * Compares the structure of every pair both sides have, by pair name (a table on one side only already fails
 * as missing). `tenantColumn` (given only when the run has tenant values) adds seed 000's tenant warnings.
 */
export function compareTableStructures(
  pairs: readonly TablePair[], structures: SchemaStructures, scope: StructureScope, tenantColumn: string | undefined,
): Map<string, TableStructureOutcome> {
  const outcomes = new Map<string, TableStructureOutcome>();
  for (const pair of pairs) {
    const source = pair.source === undefined ? undefined : structures.source.get(pair.source.name);
    const target = pair.target === undefined ? undefined : structures.target.get(pair.target.name);
    if (source === undefined || target === undefined) continue;
    outcomes.set(pair.name, {
      findings: compareStructure({ table: pair.source!, structure: source }, { table: pair.target!, structure: target }, pair.columns, scope),
      warnings: tenantColumn === undefined ? [] : tenantWarnings(target, tenantColumn),
    });
  }
  return outcomes;
}
