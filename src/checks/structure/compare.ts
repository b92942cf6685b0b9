import type { TableStructure } from '../../catalog/structure/types.js';
import type { Table } from '../../catalog/types.js';
import type { ColumnRules } from '../../plan/match-rules.js';
import type { StructureFinding } from '../../summary.js';
import type { KeyScope } from '../match-keys.js';
import { compareColumns, type ColumnsSide } from './columns.js';
import { finding, matchObjects, type Comparable } from './findings.js';
import { foreignKeyIdentity, parentOutsideTarget } from './foreign-keys.js';
import { compareGrants, type ServerVersions } from './grants.js';
import { printedRenames, renameColumns } from './renames.js';
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
export function compareStructure(
  source: StructureSide,
  target: StructureSide,
  columns: ColumnRules,
  scope: StructureScope,
): StructureFinding[] {
  const fed = (side: StructureSide): ColumnsSide => ({
    columns: side.structure.columns,
    sequenceFed: new Set(side.table.sequences.map((sequence) => sequence.column)),
  });
  // Source definitions name --map-column columns by their old names: compared under the target's.
  const renames = printedRenames(columns, source.structure.columns, target.structure.columns);
  const inTargetNames = (items: Comparable[]) =>
    items.map((item) => ({ ...item, key: renameColumns(item.key, renames) }));
  return [
    ...compareColumns(fed(source), fed(target), columns),
    ...matchObjects(
      'constraint',
      constraints(source, 'source', scope.keys, renames),
      constraints(target, 'target', scope.keys),
      {
        missing: (constraint) => (parentOutsideTarget(constraint.name, source.table, scope.keys) ? 'info' : 'fail'),
        extra: 'warning',
        changed: 'fail',
      },
    ),
    ...matchObjects('index', inTargetNames(indexes(source.structure)), indexes(target.structure), {
      missing: 'fail',
      extra: 'info',
      changed: 'fail',
    }),
    ...matchObjects('trigger', inTargetNames(triggers(source.structure)), triggers(target.structure), {
      missing: 'fail',
      extra: 'warning',
      changed: 'fail',
    }),
    ...compareRowSecurity(source.structure, target.structure),
    ...matchObjects('policy', inTargetNames(policies(source.structure)), policies(target.structure), {
      missing: 'fail',
      extra: 'warning',
      changed: 'fail',
    }),
    ...compareGrants(
      source.table,
      target.table,
      { source: source.structure.grants, target: target.structure.grants },
      columns,
      scope.versions,
    ),
    ...compareSequences(source.table, target.table, columns),
  ];
}

/**
 * Constraints by definition; foreign keys by columns and parent across schemas, as the integrity check
 * matches them, renames included (a source key whose parent stays behind in the source schema is info when the
 * target lacks it); `renames` puts the other constraints' columns under their target names.
 */
function constraints(
  side: StructureSide,
  which: 'source' | 'target',
  scope: KeyScope,
  renames: ReadonlyMap<string, string> = new Map(),
): Comparable[] {
  return side.structure.constraints.map((constraint): Comparable => ({
    name: constraint.name,
    key:
      constraint.kind === 'foreign key'
        ? foreignKeyIdentity(constraint, side.table, which, scope)
        : `${constraint.kind}|${renameColumns(constraint.definition, renames)}`,
    shown: constraint.definition,
  }));
}

/** Indexes behind a constraint are compared as that constraint; an invalid index differs from its valid self. */
function indexes(structure: TableStructure): Comparable[] {
  return structure.indexes
    .filter((index) => !index.backsConstraint)
    .map((index) => ({
      name: index.name,
      key: `${index.definition}${index.valid ? '' : ' INVALID'}`,
      shown: `${index.definition}${index.valid ? '' : ' (invalid: the planner never uses it)'}`,
    }));
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
  return [
    finding('rls', source.name, 'changed', lost ? 'fail' : 'warning', rowSecurityText(source), rowSecurityText(target)),
  ];
}

function rowSecurityText(structure: TableStructure): string {
  const { enabled, forced } = structure.rowSecurity;
  return `ROW LEVEL SECURITY ${enabled ? 'ENABLED' : 'DISABLED'}${forced ? ', FORCED' : ''}`;
}
