import type { ConstraintDefinition } from '../../catalog/structure/types.js';
import type { ForeignKey, Table } from '../../catalog/types.js';
import { inTargetNames, signature, type KeyScope } from '../match-keys.js';

/**
 * What a foreign key is compared by: its column pairs and parent, as the integrity check matches keys across
 * schemas (a key to a table of its own schema is the same key in both schemas), and its behaviour. A source
 * key whose parent table stays behind in the source schema (the shared `stores`) matches a target key that
 * points back at that table.
 */
export function foreignKeyIdentity(
  constraint: ConstraintDefinition,
  table: Table,
  side: 'source' | 'target',
  scope: KeyScope,
): string {
  const key = table.foreignKeys.find((candidate) => candidate.name === constraint.name);
  if (key === undefined) return `${constraint.kind}|${constraint.definition}`;
  const named = side === 'source' ? inTargetNames(key, table.name, scope) : key;
  const local =
    side === 'source'
      ? named.referencedSchema === scope.sourceSchema && scope.targetTables.has(named.referencedTable)
      : named.referencedSchema === scope.targetSchema;
  return `${signature(named, local)}|${constraint.behaviour ?? ''}`;
}

/** True for a source foreign key whose parent table, in the source schema, has no table of its name in the target schema. */
export function parentOutsideTarget(name: string, source: Table, scope: KeyScope): boolean {
  const key: ForeignKey | undefined = source.foreignKeys.find((candidate) => candidate.name === name);
  if (key === undefined || key.referencedSchema !== scope.sourceSchema) return false;
  return !scope.targetTables.has(inTargetNames(key, source.name, scope).referencedTable);
}
