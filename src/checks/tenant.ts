import type { ClientOnDemand } from '../connect/on-demand.js';
import type { Field } from '../summary.js';
import { formatFields } from '../plan/row-key.js';
import { filterClause, quoteIdent, quoteLiteral } from '../sql.js';
import type { DiffSink } from '../diff-sink.js';
import type { TenantFinding } from '../summary.js';
import { type CheckSubject, columnOf, columnText, sampleLimit, sampleWithCounts } from './subject.js';

/** The tenant column and the values allowed in it. */
export interface TenantSpec {
  readonly column: string;
  readonly expected: readonly string[];
}

/**
 * Builds the one query of the tenant check: the filtered rows whose tenant is NULL or not an expected value,
 * with both counts over all of them (the LIMIT only trims the sample rows), in key order so the sample and its
 * order are the same run after run (see sampleWithCounts).
 * Expected values are one array parameter cast to the column's own type: '…0001' and '…0001'::uuid compare
 * as values, not as text, and a value the type cannot hold fails loudly instead of matching nothing.
 */
export function tenantQuery(subject: CheckSubject, spec: TenantSpec): string {
  const column = columnOf(subject.table, spec.column);
  const ref = `r.${quoteIdent(column.name)}`;
  return sampleWithCounts(
    subject,
    {
      columns: [{ name: 'tenant', sql: columnText(column) }],
      from: `FROM ${subject.from}
         WHERE ${filterClause(subject.where)} AND (${ref} IS NULL OR ${ref} <> ALL ($1::${column.type}[]))`,
    },
    [
      { name: 'nulls', aggregate: 'count(*) FILTER (WHERE tenant IS NULL)' },
      { name: 'offending', aggregate: 'count(*)' },
    ],
    '$2',
  );
}

/** Whether the subject is checked for its tenant: only a table with the tenant column is. */
export function tenantApplies(subject: CheckSubject, spec: TenantSpec | undefined): spec is TenantSpec {
  return spec !== undefined && subject.table.columns.some((column) => column.name === spec.column);
}

/**
 * The number of the subject's filtered rows with a NULL or unexpected tenant, as one SQL aggregate over all its
 * rows (so it can share a statement with other aggregates and tables): the expected values are literals here.
 */
export function offendingTenantsSql(subject: CheckSubject, spec: TenantSpec): string {
  const column = columnOf(subject.table, spec.column);
  const ref = `r.${quoteIdent(column.name)}`;
  const expected = `ARRAY[${spec.expected.map(quoteLiteral).join(', ')}]::${column.type}[]`;
  return `count(*) FILTER (WHERE ${filterClause(subject.where)} AND (${ref} IS NULL OR ${ref} <> ALL (${expected})))::text`;
}

/**
 * Counts the subject's rows with a NULL or unexpected tenant and writes a sample of them to the sink.
 * `knownOffending`: their number, already read with other tables' (see check-facts.ts); none needs no query.
 */
export async function checkTenant(
  client: ClientOnDemand,
  subject: CheckSubject,
  spec: TenantSpec,
  sink: DiffSink,
  knownOffending?: number,
): Promise<TenantFinding> {
  if (knownOffending === 0)
    return {
      column: spec.column,
      expected: [...spec.expected],
      nulls: 0,
      unexpected: 0,
      notNull: notNullOf(subject, spec),
    };
  const result = await (
    await client()
  ).query<unknown[]>({
    text: tenantQuery(subject, spec),
    values: [spec.expected, sampleLimit(sink.remaining)],
    rowMode: 'array',
    queryMode: 'extended',
  });
  const keyLength = subject.keyText.length;
  const first = result.rows[0];
  const nulls = first === undefined ? 0 : Number(first[keyLength + 1]);
  const offending = first === undefined ? 0 : Number(first[keyLength + 2]);
  for (const row of result.rows) {
    const tenant = (row[keyLength] ?? null) as Field;
    sink.write({
      table: subject.name,
      kind: tenant === null ? 'tenant_null' : 'tenant_unexpected',
      key: formatFields(row.slice(0, keyLength) as Field[], subject.keyed),
      column: spec.column,
      sourceValue: null,
      targetValue: tenant,
    });
  }
  return {
    column: spec.column,
    expected: [...spec.expected],
    nulls,
    unexpected: offending - nulls,
    notNull: notNullOf(subject, spec),
  };
}

function notNullOf(subject: CheckSubject, spec: TenantSpec): boolean {
  return columnOf(subject.table, spec.column).notNull;
}
