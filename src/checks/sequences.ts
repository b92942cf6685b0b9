import type { ColumnSequence } from '../catalog/types.js';
import type { ClientOnDemand } from '../connect/on-demand.js';
import { quoteIdent } from '../sql.js';
import type { SequenceFinding } from '../summary.js';
import { type CheckSubject, columnOf } from './subject.js';

const INTEGER_TYPES = new Set(['int2', 'int4', 'int8']);

/** What nextval() would return next: lastValue itself until the sequence is first called (or after setval(..., false)). */
export function nextValueOf(sequence: ColumnSequence): bigint | null {
  if (sequence.state === null) return null;
  return sequence.state.isCalled ? sequence.state.lastValue + sequence.increment : sequence.state.lastValue;
}

/** How findings name a sequence: schema-qualified only when it lives outside its table's schema. */
export function sequenceName(sequence: ColumnSequence, tableSchema: string): string {
  return sequence.schema === tableSchema ? sequence.name : `${sequence.schema}.${sequence.name}`;
}

/** Why a sequence cannot be checked, or undefined when it can. */
export function skipReason(sequence: ColumnSequence, columnType: string): string | undefined {
  if (sequence.state === null) return `no privilege to read sequence ${sequence.schema}.${sequence.name}`;
  if (sequence.increment < 0n) return `descending sequence (increment ${sequence.increment}) is not checked`;
  if (!INTEGER_TYPES.has(columnType)) return `column type ${columnType} is not an integer`;
  return undefined;
}

/** A sequence's finding from its next value and the column's maximum (null: the table is empty). */
export function judgeSequence(
  name: string,
  column: string,
  nextValue: bigint,
  maxValue: bigint | null,
): SequenceFinding {
  const status = maxValue === null || nextValue > maxValue ? 'pass' : 'fail';
  return { name, column, nextValue: String(nextValue), maxValue: maxValue === null ? null : String(maxValue), status };
}

/** The column maxima the check compares, as SQL aggregates over the subject's rows (all of them, see below). */
export function sequenceMaximaSql(subject: CheckSubject): string[] {
  return checkedSequences(subject).map((sequence) => `max(r.${quoteIdent(sequence.column)})::text`);
}

function checkedSequences(subject: CheckSubject): ColumnSequence[] {
  const table = subject.table;
  return table.sequences.filter(
    (sequence) => skipReason(sequence, columnOf(table, sequence.column).baseType) === undefined,
  );
}

async function readMaxima(client: ClientOnDemand, subject: CheckSubject): Promise<Array<string | null>> {
  const maxima = sequenceMaximaSql(subject);
  if (maxima.length === 0) return [];
  const result = await (
    await client()
  ).query<Array<string | null>>({
    text: `SELECT ${maxima.join(', ')} FROM ${subject.from}`,
    rowMode: 'array',
  });
  return result.rows[0]!;
}

/**
 * Compares every sequence feeding the subject's columns with the column's maximum, in one query for the
 * whole table. The maximum is over all rows, whatever --target-where says: the next insert collides with
 * any row. A sequence this role cannot read is reported as skipped, never as a failure of the run. `known`:
 * the maxima already read with other tables' (see check-facts.ts).
 */
export async function checkSequences(
  client: ClientOnDemand,
  subject: CheckSubject,
  known?: readonly (string | null)[],
): Promise<SequenceFinding[]> {
  const sequences = subject.table.sequences;
  if (sequences.length === 0) return [];
  const displayName = (sequence: ColumnSequence) => sequenceName(sequence, subject.table.schema);
  const skips = sequences.map((sequence) => skipReason(sequence, columnOf(subject.table, sequence.column).baseType));
  const maxima = known ?? (await readMaxima(client, subject));
  let next = 0;
  return sequences.map((sequence, index): SequenceFinding => {
    const skipped = skips[index];
    if (skipped !== undefined) {
      return {
        name: displayName(sequence),
        column: sequence.column,
        nextValue: null,
        maxValue: null,
        status: 'skipped',
        skipped,
      };
    }
    const maxValue = maxima[next++] ?? null;
    return judgeSequence(
      displayName(sequence),
      sequence.column,
      nextValueOf(sequence)!,
      maxValue === null ? null : BigInt(maxValue),
    );
  });
}
