import type { Table } from '../catalog/types.js';
import { indexStatement } from '../catalog/structure/indexes.js';
import { qualifiedName } from '../sql.js';
import type { TableResult } from '../summary.js';
import { checkFailuresInWords, countOf } from './findings-text.js';
import { structureInWords } from './structure-text.js';
import { REPAIR_SETTINGS, setvalSql, sqlComment } from './repair-sql.js';

/** The top of fix.sql: what it is, how to apply it, and the settings its literals are written for. */
export const REPAIR_HEADER =
  sqlComment(
    [
      'pgverify repair script: makes the target rows equal to the source rows the run compared.',
      'pgverify never runs it. Review it, then apply it to the target in one transaction:',
      '  psql -1 -v ON_ERROR_STOP=1 -f fix.sql "<target connection string>"',
      'Deletes come first (children before parents), then inserts (parents first), then updates.',
    ].join('\n'),
  ) + `${REPAIR_SETTINGS}\n`;

/** The end of fix.sql: sequences to advance, and what must be done by hand. */
export interface ClosingNotes {
  /** Statements and instructions that repair something (sequences, tables on one side): fix.sql is written for them alone. */
  readonly actions: string;
  /** What this script does not repair (tables that could not be checked, columns lost, the structure). */
  readonly remarks: string;
}

/**
 * Sequences lagging behind their column (the sequence check's `fail`) or feeding a table that gets rows inserted
 * are advanced past the column's maximum; a materialized view whose rows differ is refreshed; tables on one side only and tables that could not be checked get a
 * comment saying what to do by hand, never a guess.
 */
export function closingNotes(
  results: readonly TableResult[],
  targets: ReadonlyMap<string, Table>,
  schemas: { readonly source: string; readonly target: string },
): ClosingNotes {
  const sequences: string[] = [];
  const refreshes: string[] = [];
  const byHand: string[] = [];
  const remarks: string[] = [];
  for (const result of results) {
    const target = targets.get(result.name);
    if (result.status === 'error') {
      remarks.push(`${result.name}: could not be checked (${result.reason ?? 'error'}); check it again.`);
    } else if (target === undefined) {
      byHand.push(...oneSided(result, schemas));
    } else if (target.materialized === true) {
      const { missing, extra, changed } = result.diff;
      if (missing + extra + changed > 0)
        refreshes.push(`REFRESH MATERIALIZED VIEW ${qualifiedName(target.schema, target.name)};\n`);
    } else {
      const lagging = new Set(result.sequences.filter((found) => found.status === 'fail').map((found) => found.column));
      for (const sequence of target.sequences) {
        if (sequence.increment <= 0n || !(lagging.has(sequence.column) || result.diff.missing > 0)) continue;
        sequences.push(setvalSql(sequence, qualifiedName(target.schema, target.name), sequence.column));
      }
      const table = qualifiedName(target.schema, target.name);
      if (result.columns.sourceOnly.length > 0)
        remarks.push(
          `${table} lacks the source columns ${result.columns.sourceOnly.join(', ')}: add them and copy their values by hand.`,
        );
      remarks.push(...structureRemarks(result, table));
      // A row's tenant and its links are the target's own when the source has no such column or link to copy.
      remarks.push(
        ...checkFailuresInWords(result).map(
          (line) =>
            `${table}: ${line.text} Mend by hand unless the rows this script writes settle it, then check again.`,
        ),
      );
    }
  }
  return {
    actions:
      (refreshes.length > 0
        ? `\n${sqlComment('materialized views: their rows come from their query, refreshed from the target tables')}${refreshes.join('')}`
        : '') +
      (sequences.length > 0
        ? `\n${sqlComment('sequences: advanced past their column maximum')}${sequences.join('')}`
        : '') +
      (byHand.length > 0 ? `\n${sqlComment(['to do by hand:', ...byHand].join('\n'))}` : ''),
    remarks: remarks.length > 0 ? `\n${sqlComment(['not repaired by this script:', ...remarks].join('\n'))}` : '',
  };
}

function oneSided(result: TableResult, schemas: { readonly source: string; readonly target: string }): string[] {
  if (result.rows.source !== null && result.rows.target === null)
    return [
      `${qualifiedName(schemas.source, result.name)} is only in the source (${countOf(result.rows.source, 'row')}): create it on the target (pg_dump --schema-only --table) and copy its rows.`,
    ];
  if (result.rows.target !== null && result.rows.source === null)
    return [
      `${qualifiedName(schemas.target, result.targetName ?? result.name)} is only in the target (${countOf(result.rows.target, 'row')}): drop it, or keep it if the migration added it on purpose.`,
    ];
  return [];
}

/**
 * The table's failing structure findings, in the reports' words: the rows repaired, a check of the table still
 * fails on these (an index, a constraint, a column's type) until they are mended by hand. Lost columns are said
 * above, with what to do about their values.
 */
function structureRemarks(result: TableResult, table: string): string[] {
  const failing = (result.structure ?? []).filter(
    (found) => found.severity === 'fail' && !(found.object === 'column' && found.change === 'missing'),
  );
  return structureInWords(failing).map((line, index) => {
    const found = failing[index]!;
    // The reports show an index without its names (they differ between schemas); here it is the statement to run.
    const statement =
      found.object === 'index' && found.change === 'missing' && found.source !== null
        ? indexStatement(found.source, found.name, table)
        : undefined;
    const recreate = statement === undefined ? '' : ` To recreate it: ${statement};`;
    return `${table}: ${line.text}${recreate}`;
  });
}
