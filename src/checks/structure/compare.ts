import type { TableStructure } from '../../catalog/structure/types.js';
import type { Table } from '../../catalog/types.js';
import type { ColumnRules } from '../../plan/match-rules.js';
import type { StructureFinding } from '../../summary.js';
import type { KeyScope } from '../match-keys.js';
import { compareColumns, type ColumnsSide } from './columns.js';
import { finding, matchObjects, type Comparable } from './findings.js';
import { foreignKeyIdentity, parentOutsideTarget } from './foreign-keys.js';
import { compareGrants, type ServerVersions } from './grants.js';
import { compareSequences } from './sequences.js';

/** One side of a table pair: its catalog entry (columns, foreign keys, sequences) and its structure. */
export interface StructureSide {
  readonly table: Table;
  readonly structure: TableStructure;
}

/** What the comparison needs from the run: the schemas and their tables (as the integrity check matches keys) and the servers' versions. */
export interface StructureScope {
  readonly keys: KeyScope;
  readonly versions: ServerVersions;
}

/**
 * Every difference between the declared structure of a source table and its target table, as values: columns,
 * constraints, indexes, triggers, row-level security, policies, grants and sequences, in that order.
 */
export function compareStructure(source: StructureSide, target: StructureSide, columns: ColumnRules, scope: StructureScope): StructureFinding[] {
  const fed = (side: StructureSide): ColumnsSide => ({
    columns: side.structure.columns, sequenceFed: new Set(side.table.sequences.map((sequence) => sequence.column)),
  });
  return [
    ...compareColumns(fed(source), fed(target), columns),
    ...compareConstraints(source, target, scope.keys),
    ...compareIndexes(source.structure, target.structure),
    ...matchObjects('trigger', triggers(source.structure), triggers(target.structure), { missing: 'fail', extra: 'warning', changed: 'fail' }),
    ...compareRowSecurity(source.structure, target.structure),
    ...matchObjects('policy', policies(source.structure), policies(target.structure), { missing: 'fail', extra: 'warning', changed: 'fail' }),
    ...compareGrants(source.table, target.table, { source: source.structure.grants, target: target.structure.grants }, columns, scope.versions),
    ...compareSequences(source.table, target.table, columns),
  ];
}

/**
 * Constraints by definition; foreign keys by columns and parent across schemas. A source key whose parent
 * table is not part of the target (the shared table that stays behind) is listed as info, not failed.
 */
function compareConstraints(source: StructureSide, target: StructureSide, scope: KeyScope): StructureFinding[] {
  const comparable = (side: StructureSide, which: 'source' | 'target') => side.structure.constraints.map((constraint): Comparable => ({
    name: constraint.name,
    key: constraint.kind === 'foreign key' ? foreignKeyIdentity(constraint, side.table, which, scope) : `${constraint.kind}|${constraint.definition}`,
    shown: constraint.definition,
  }));
  const outside = new Set(source.structure.constraints
    .filter((constraint) => constraint.kind === 'foreign key' && parentOutsideTarget(constraint, source.table, scope))
    .map((constraint) => constraint.name));
  return matchObjects('constraint', comparable(source, 'source'), comparable(target, 'target'), {
    missing: (constraint) => (outside.has(constraint.name) ? 'info' : 'fail'),
    extra: 'warning',
    changed: 'fail',
  });
}

/** Indexes behind a constraint are compared as that constraint; an index the target only adds is info. */
function compareIndexes(source: TableStructure, target: TableStructure): StructureFinding[] {
  const comparable = (structure: TableStructure) => structure.indexes.filter((index) => !index.backsConstraint).map((index): Comparable => ({
    name: index.name,
    key: `${index.definition}${index.valid ? '' : ' INVALID'}`,
    shown: `${index.definition}${index.valid ? '' : ' (invalid: the planner never uses it)'}`,
  }));
  return matchObjects('index', comparable(source), comparable(target), { missing: 'fail', extra: 'info', changed: 'fail' });
}

function triggers(structure: TableStructure): Comparable[] {
  return structure.triggers.map((trigger) => {
    const shown = `${trigger.definition}${trigger.state === 'enabled' ? '' : ` (${trigger.state})`}`;
    return { name: trigger.name, key: shown, shown };
  });
}

function policies(structure: TableStructure): Comparable[] {
  return structure.policies.map((policy) => {
    const shown = `CREATE POLICY ... ${policy.definition}`;
    return { name: policy.name, key: shown, shown };
  });
}

/** Row-level security turned off, or no longer forced on the owner, fails; turned on only in the target is a warning. */
function compareRowSecurity(source: TableStructure, target: TableStructure): StructureFinding[] {
  const from = source.rowSecurity;
  const to = target.rowSecurity;
  if (from.enabled === to.enabled && from.forced === to.forced) return [];
  const lost = (from.enabled && !to.enabled) || (from.forced && !to.forced);
  return [finding('rls', source.name, 'changed', lost ? 'fail' : 'warning', rowSecurityText(source), rowSecurityText(target))];
}

function rowSecurityText(structure: TableStructure): string {
  const { enabled, forced } = structure.rowSecurity;
  return `ROW LEVEL SECURITY ${enabled ? 'ENABLED' : 'DISABLED'}${forced ? ', FORCED' : ''}`;
}
