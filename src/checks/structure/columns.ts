import type { ColumnDefinition, ValueSource } from '../../catalog/structure/types.js';
import type { ColumnRules } from '../../plan/match-rules.js';
import type { StructureFinding, StructureSeverity } from '../../summary.js';
import { finding, worst } from './findings.js';
import { typeChange } from './type-change.js';

/** One side's columns and which of them a sequence feeds (serial, identity or a nextval() default). */
export interface ColumnsSide {
  readonly columns: readonly ColumnDefinition[];
  readonly sequenceFed: ReadonlySet<string>;
}

const TYPE_SEVERITY = { same: 'info', wider: 'info', narrower: 'fail', other: 'warning' } as const;

/**
 * Compares columns matched by name (or --map-column), leaving out --ignore-columns: a column lost, made
 * nullable, narrowed or stripped of its default fails; one added or widened is info. One finding per
 * column, with the severity of its worst change and both definitions.
 */
export function compareColumns(source: ColumnsSide, target: ColumnsSide, rules: ColumnRules): StructureFinding[] {
  const kept = (side: ColumnsSide) => side.columns.filter((column) => !rules.ignored.has(column.name));
  const targets = new Map(kept(target).map((column) => [column.name, column]));
  const findings: StructureFinding[] = [];
  for (const column of kept(source)) {
    const targetName = rules.renamed.get(column.name) ?? column.name;
    const other = targets.get(targetName);
    targets.delete(targetName);
    if (other === undefined) {
      findings.push(finding('column', column.name, 'missing', 'fail', columnText(column), null));
      continue;
    }
    const severities = changes(column, other, source.sequenceFed.has(column.name), target.sequenceFed.has(other.name));
    if (severities.length > 0)
      findings.push(
        finding('column', column.name, 'changed', worst(severities), columnText(column), columnText(other)),
      );
  }
  for (const column of targets.values()) {
    // A NOT NULL column nothing fills makes every INSERT that does not name it fail: the old application's.
    const blocksInserts = column.notNull && column.valueSource === null;
    findings.push(
      finding('column', column.name, 'extra', blocksInserts ? 'warning' : 'info', null, columnText(column)),
    );
  }
  return findings;
}

/** The severity of each aspect that differs; empty when the columns are declared alike. */
function changes(
  source: ColumnDefinition,
  target: ColumnDefinition,
  sourceFed: boolean,
  targetFed: boolean,
): StructureSeverity[] {
  const severities: StructureSeverity[] = [];
  if (source.type !== target.type) severities.push(TYPE_SEVERITY[typeChange(source.type, target.type)]);
  if (source.notNull !== target.notNull) severities.push(source.notNull ? 'fail' : 'warning');
  if (source.collation !== target.collation) severities.push('warning');
  const value = valueSourceChange(valueKey(source.valueSource, sourceFed), valueKey(target.valueSource, targetFed));
  if (value !== undefined) severities.push(value);
  return severities;
}

/** A column's value source as compared: a nextval() of the column's own sequence is the same whatever the sequence is called. */
function valueKey(source: ValueSource | null, sequenceFed: boolean): string | null {
  if (source === null) return null;
  if (source.kind === 'identity') return `identity ${source.always ? 'always' : 'by default'}`;
  if (source.kind === 'generated') return `generated ${source.stored ? 'stored' : 'virtual'} ${source.expression}`;
  return sequenceFed && /^nextval\('.*'::regclass\)$/s.test(source.expression)
    ? 'sequence'
    : `default ${source.expression}`;
}

/**
 * Lost or changed defaults and generation fail; a default added is info; identity or generation added is a
 * warning (explicit inserts may now fail); serial to identity (or back) keeps a sequence feeding the column: a warning.
 */
function valueSourceChange(source: string | null, target: string | null): StructureSeverity | undefined {
  if (source === target) return undefined;
  if (source === null) return target!.startsWith('default ') ? 'info' : 'warning';
  if (target === null) return 'fail';
  const fed = (key: string) => key === 'sequence' || key.startsWith('identity ');
  return fed(source) && fed(target) ? 'warning' : 'fail';
}

/** A column's declaration as in CREATE TABLE: `numeric(12,2) NOT NULL DEFAULT 0`. */
export function columnText(column: ColumnDefinition): string {
  const parts = [column.type];
  if (column.collation !== null) parts.push(`COLLATE ${column.collation}`);
  if (column.notNull) parts.push('NOT NULL');
  const value = column.valueSource;
  if (value?.kind === 'default') parts.push(`DEFAULT ${value.expression}`);
  if (value?.kind === 'identity') parts.push(`GENERATED ${value.always ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
  if (value?.kind === 'generated')
    parts.push(`GENERATED ALWAYS AS (${value.expression}) ${value.stored ? 'STORED' : 'VIRTUAL'}`);
  return parts.join(' ');
}
