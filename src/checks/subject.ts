import type { Column, Table } from '../catalog/types.js';
import { canonicalText, keyKindOf, keyOrderExpression } from '../plan/canonical.js';
import { filterClause, qualifiedName, quoteIdent } from '../sql.js';
import type { TablePlan } from '../plan/table-plan.js';

/** The target table the checks look at, and how its rows are named in diffs.csv (the diff's own key). */
export interface CheckSubject {
  readonly name: string;
  readonly table: Table;
  /** `"schema"."table" AS r`: every column reference goes through the alias `r`. */
  readonly from: string;
  readonly where: string | undefined;
  /** Canonical text of the key columns (every column for a keyless table), referencing `r`. */
  readonly keyText: readonly string[];
  /** The key as the diff orders it: the lines of a check follow in this order, run after run. */
  readonly keyOrder: readonly string[];
  readonly keyed: boolean;
}

/** The subject of a table both sides have: rows are named by the key the diff matched them on. */
export function subjectFromPlan(plan: TablePlan, target: Table): CheckSubject {
  return {
    name: plan.name,
    table: target,
    from: plan.target.from,
    where: plan.target.where,
    keyText: plan.target.keyText,
    keyOrder: plan.target.keyOrder,
    keyed: plan.keyed,
  };
}

/** The subject of a table only the target has: rows are named by its own best key, else by every column. */
export function subjectOfTable(table: Table, where: string | undefined): CheckSubject {
  const key = table.keys[0]?.columns;
  const columns = key === undefined ? table.columns : key.map((name) => columnOf(table, name));
  const keyText = columns.map((column) => columnText(column));
  // As planTable orders keys: by kind for a key, by canonical text for the columns of a keyless row.
  const kinds = columns.map((column) => (key === undefined ? 'canonical' : keyKindOf(column, column)));
  return {
    name: table.name,
    table,
    from: `${qualifiedName(table.schema, table.name)} AS r`,
    where,
    keyText,
    keyOrder: columns.map((column, index) =>
      keyOrderExpression(kinds[index]!, `r.${quoteIdent(column.name)}`, keyText[index]!),
    ),
    keyed: key !== undefined,
  };
}

/** The subject's rows after its filter, as a derived table aliased `r`, so the filter never sees other tables' columns. */
export function filteredRows(subject: CheckSubject): string {
  return `(SELECT * FROM ${subject.from} WHERE ${filterClause(subject.where)}) AS r`;
}

/** Canonical text of a column of `r` (or of another alias). */
export function columnText(column: Column, alias = 'r'): string {
  return canonicalText(column, undefined, `${alias}.${quoteIdent(column.name)}`);
}

/** The named column of a table; the checks only ask for columns the catalog listed. */
export function columnOf(table: Table, name: string): Column {
  const column = table.columns.find((candidate) => candidate.name === name);
  if (column === undefined) throw new Error(`table ${table.name} has no column ${name}`);
  return column;
}

/** A column a check's statement selects from its rows: SQL over `r` (or the FROM's other aliases), and its name. */
export interface SampleColumn {
  readonly name: string;
  readonly sql: string;
}

/**
 * A check's one statement: the subject's rows that `from` (a FROM and WHERE over `r`) finds, the key's text
 * (`k0`, `k1`, ...) and `columns` of each in key order up to the LIMIT `limit`, each beside `counts` over all of
 * them. The rows are read once, into a materialized CTE, and sorted there: sorted within the query that reads
 * the table, they could come through the key's index instead, in key order, which the planner chooses when it
 * expects many (it takes `<> ALL` of seven tenants for a third of the table, and PostgreSQL 13, 15 and 16 then
 * do): a whole table read through its index, at random where its rows are not stored in key order, to find none.
 * Over the CTE a LIMIT is a top-N sort (a NULL one, no cap, a full sort), and the offending rows are held in
 * memory, or a temporary file, not sorted.
 */
export function sampleWithCounts(
  subject: CheckSubject,
  sample: { readonly columns: readonly SampleColumn[]; readonly from: string },
  counts: ReadonlyArray<{ name: string; aggregate: string }>,
  limit: string,
): string {
  const keys = subject.keyText.map((sql, index) => ({ name: `k${index}`, sql }));
  const returned = [...keys, ...sample.columns];
  const order = subject.keyOrder.map((sql, index) => ({ name: `o${index}`, sql }));
  const read = [...returned, ...order].map(({ name, sql }) => `${sql} AS ${name}`);
  const selected = [
    ...returned.map(({ name }) => `s.${name}`),
    ...counts.map(({ name, aggregate }) => `(SELECT ${aggregate} FROM s) AS ${name}`),
  ];
  return `WITH s AS MATERIALIZED (SELECT ${read.join(', ')}
          ${sample.from})
SELECT ${selected.join(', ')}
  FROM s
 ORDER BY ${order.map(({ name }) => `s.${name}`).join(', ')}
 LIMIT ${limit}`;
}

/** The LIMIT for sample rows: what the table's diff lines may still take, at least 1 so the counts come back. */
export function sampleLimit(remaining: number): number | null {
  return Number.isFinite(remaining) ? Math.max(remaining, 1) : null;
}
