import type { ColumnSequence, Table } from '../../catalog/types.js';
import type { ColumnRules } from '../../plan/match-rules.js';
import type { StructureFinding, StructureSeverity } from '../../summary.js';
import { sequenceName } from '../sequences.js';
import { finding, worst } from './findings.js';
import { typeChange } from './type-change.js';

/** A sequence of the source and the target's sequence feeding the same column (undefined: none). */
export interface SequencePair {
  readonly column: string;
  readonly source: ColumnSequence;
  readonly target: ColumnSequence | undefined;
}

/** Pairs the sequences by the column they feed (under --map-column's name), not by their own names. */
export function pairSequences(
  source: Table,
  target: Table,
  rules: ColumnRules,
): { pairs: SequencePair[]; extra: ColumnSequence[] } {
  const targets = [...target.sequences];
  const pairs = source.sequences
    .filter((sequence) => !rules.ignored.has(sequence.column))
    .map((sequence): SequencePair => {
      const column = rules.renamed.get(sequence.column) ?? sequence.column;
      const at = targets.findIndex((candidate) => candidate.column === column);
      return { column, source: sequence, target: at < 0 ? undefined : targets.splice(at, 1)[0] };
    });
  return { pairs, extra: targets.filter((sequence) => !rules.ignored.has(sequence.column)) };
}

/**
 * Compares each sequence feeding a column with the target's for the same column: a narrower type, a
 * smaller range, another increment, CYCLE turned on or OWNED BY lost fails; a wider type or range is info.
 * A column the target lacks is already a failing column finding, so its sequence is not reported again.
 */
export function compareSequences(source: Table, target: Table, rules: ColumnRules): StructureFinding[] {
  const { pairs, extra } = pairSequences(source, target, rules);
  const hasColumn = (name: string) => target.columns.some((column) => column.name === name);
  const findings: StructureFinding[] = [];
  for (const pair of pairs) {
    const name = sequenceName(pair.source, source.schema);
    const shown = sequenceText(pair.source, source.name);
    if (pair.target === undefined) {
      if (hasColumn(pair.column)) findings.push(finding('sequence', name, 'missing', 'fail', shown, null));
      continue;
    }
    const severities = changes(pair.source, pair.target);
    if (severities.length > 0)
      findings.push(
        finding('sequence', name, 'changed', worst(severities), shown, sequenceText(pair.target, target.name)),
      );
  }
  for (const sequence of extra) {
    findings.push(
      finding(
        'sequence',
        sequenceName(sequence, target.schema),
        'extra',
        'info',
        null,
        sequenceText(sequence, target.name),
      ),
    );
  }
  return findings;
}

function changes(source: ColumnSequence, target: ColumnSequence): StructureSeverity[] {
  const from = source.definition;
  const to = target.definition;
  const severities: StructureSeverity[] = [];
  const type = typeChange(from.dataType, to.dataType);
  if (type !== 'same') severities.push(type === 'wider' ? 'info' : type === 'narrower' ? 'fail' : 'warning');
  if (source.increment !== target.increment) severities.push('fail');
  if (from.minValue !== to.minValue) severities.push(to.minValue > from.minValue ? 'fail' : 'info');
  if (from.maxValue !== to.maxValue) severities.push(to.maxValue < from.maxValue ? 'fail' : 'info');
  // A cycling sequence starts over and hands out ids already taken.
  if (from.cycle !== to.cycle) severities.push(to.cycle ? 'fail' : 'warning');
  if (owned(source) !== owned(target)) severities.push(owned(source) ? 'fail' : 'info');
  return severities;
}

/** Serial and identity sequences belong to their column (dropped with it); a nextval() default's may not. */
function owned(sequence: ColumnSequence): boolean {
  return sequence.kind !== 'default';
}

/** The sequence as CREATE SEQUENCE declares it: `AS integer INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 NO CYCLE OWNED BY orders.id`. */
export function sequenceText(sequence: ColumnSequence, table: string): string {
  const { dataType, minValue, maxValue, cycle } = sequence.definition;
  const owner =
    sequence.kind === 'identity'
      ? ` OWNED BY ${table}.${sequence.column} (identity)`
      : sequence.kind === 'serial'
        ? ` OWNED BY ${table}.${sequence.column}`
        : '';
  return `AS ${dataType} INCREMENT BY ${sequence.increment} MINVALUE ${minValue} MAXVALUE ${maxValue} ${cycle ? 'CYCLE' : 'NO CYCLE'}${owner}`;
}
