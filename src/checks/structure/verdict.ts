import type { DiffRecord, Status, StructureFinding } from '../../summary.js';

const CHANGES = { missing: 'missing in target', extra: 'only in target', changed: 'changed' } as const;

/** The failing findings in a few words for the table's `reason`, e.g. `structure: column total changed, index x missing in target`; none when nothing fails. */
export function structureFailures(findings: readonly StructureFinding[]): string[] {
  const failing = findings.filter((found) => found.severity === 'fail');
  if (failing.length === 0) return [];
  return [`structure: ${failing.map((found) => `${found.object} ${found.name} ${CHANGES[found.change]}`).join(', ')}`];
}

/**
 * A finding as a diffs.csv line of kind `structure`: `key` names the object (`index flow_sesiones_telefono_idx`),
 * `column` the column of a column finding, the values are both definitions (empty on the side that lacks it).
 */
export function structureDiffRecord(table: string, found: StructureFinding): DiffRecord {
  return {
    table,
    kind: 'structure',
    key: `${found.object} ${found.name}`,
    column: found.object === 'column' ? found.name : null,
    sourceValue: found.source,
    targetValue: found.target,
  };
}

/** A schema-level finding as a diffs.csv line: like a table's, with an empty table column. */
export function schemaStructureDiffRecord(found: StructureFinding): DiffRecord {
  return structureDiffRecord('', found);
}

/** The run's own structure verdict: a failing schema-level finding fails the run even when every table passes. */
export function schemaStatus(findings: readonly StructureFinding[]): Status {
  return findings.some((found) => found.severity === 'fail') ? 'fail' : 'pass';
}
