import type { Table } from '../catalog/types.js';
import type { TablePlan } from '../plan/table-plan.js';
import { filterClause, qualifiedName, quoteIdent, quoteLiteral } from '../sql.js';
import type { Field } from '../summary.js';

/** A target column a repair statement writes or matches: its name on the target and the type its literals take. */
export interface RepairColumn {
  readonly name: string;
  readonly type: string;
}

/** What the statements of one table's repair need: the target table, its columns in the plan's order. */
export interface RepairTable {
  /** The table's name in reports (the source's). */
  readonly name: string;
  /** `"schema"."table"` on the target. */
  readonly target: string;
  readonly keyed: boolean;
  readonly keyColumns: readonly RepairColumn[];
  readonly valueColumns: readonly RepairColumn[];
  /** The target's canonical text of each key column (alias r): a keyless table's copies are matched on it. */
  readonly keyText: readonly string[];
  /** The user's --target-where filter, which a keyless delete stays within. */
  readonly where: string | undefined;
  /** A column inserted rows get beside the compared ones: the tenant column with the single --tenant value. */
  readonly tenant?: { readonly column: RepairColumn; readonly value: string };
  /** Inserted rows carry values for an identity column: OVERRIDING SYSTEM VALUE lets a GENERATED ALWAYS one take them. */
  readonly overriding: boolean;
}

/**
 * The settings the literals of fix.sql are written for, whatever the target database's defaults: timestamps
 * with an offset read in UTC, dates as ISO, intervals and money as pgverify's sessions print them.
 */
export const REPAIR_SETTINGS = [
  "SET TIME ZONE 'UTC';",
  "SET DateStyle = 'ISO, YMD';",
  "SET IntervalStyle = 'postgres';",
  "SET lc_monetary = 'C';",
  "SET client_encoding = 'UTF8';",
  'SET standard_conforming_strings = on;',
].join('\n');

/**
 * The type a literal is cast to: the column's own (format_type), except that a length limit on a character or
 * bit string type is dropped, because a cast to it truncates silently where the assignment to the column fails.
 */
export function castType(type: string): string {
  return type
    .replace(/^character varying\(\d+\)/, 'character varying')
    .replace(/^character\(\d+\)/, 'bpchar')
    .replace(/^bit varying\(\d+\)/, 'bit varying');
}

/** The repair view of a planned table: target names and types of the compared columns, the tenant to stamp. */
export function repairTableOf(
  plan: TablePlan,
  target: Table,
  tenant: { readonly column: string; readonly value: string } | undefined,
): RepairTable {
  const targetColumn = (name: string): RepairColumn => {
    const targetName = plan.renamed.get(name) ?? name;
    const column = target.columns.find((found) => found.name === targetName)!;
    return { name: targetName, type: castType(column.type) };
  };
  const keyColumns = plan.keyColumns.map(targetColumn);
  const valueColumns = plan.valueColumns.map(targetColumn);
  const written = new Set([...keyColumns, ...valueColumns].map((column) => column.name));
  const tenantColumn = target.columns.find((column) => column.name === tenant?.column);
  const identity = target.sequences.filter((sequence) => sequence.kind === 'identity');
  return {
    name: plan.name,
    target: qualifiedName(target.schema, target.name),
    keyed: plan.keyed,
    keyColumns,
    valueColumns,
    keyText: plan.target.keyText,
    where: plan.target.where,
    ...(tenant !== undefined && tenantColumn !== undefined && !written.has(tenantColumn.name)
      ? { tenant: { column: { name: tenantColumn.name, type: castType(tenantColumn.type) }, value: tenant.value } }
      : {}),
    overriding: identity.some((sequence) => written.has(sequence.column)),
  };
}

/** A value as a typed SQL literal: `'text'::type`, NULL apart from the empty string. */
export function typedLiteral(value: Field, type: string): string {
  return value === null ? 'NULL' : `${quoteLiteral(value)}::${type}`;
}

function keyCondition(table: RepairTable, fields: readonly Field[]): string {
  return table.keyColumns
    .map((column, index) => `${quoteIdent(column.name)} = ${typedLiteral(fields[index] ?? null, column.type)}`)
    .join(' AND ');
}

/** Deletes the target row of a key (an extra row). */
export function deleteRowSql(table: RepairTable, fields: readonly Field[]): string {
  return `DELETE FROM ${table.target} WHERE ${keyCondition(table, fields)};\n`;
}

/**
 * Deletes `copies` of a keyless row: the copies are found by the canonical text pgverify compared, and by ctid,
 * so that of several equal rows only as many go as the source has fewer.
 */
export function deleteCopiesSql(table: RepairTable, fields: readonly Field[], copies: number): string {
  const matches = table.keyText.map(
    (text, index) => `(${text}) IS NOT DISTINCT FROM ${typedLiteral(fields[index] ?? null, 'text')}`,
  );
  const where = [...(table.where === undefined ? [] : [filterClause(table.where)]), ...matches].join(' AND ');
  return (
    `DELETE FROM ${table.target} WHERE ctid IN (SELECT r.ctid FROM ${table.target} AS r` +
    ` WHERE ${where} LIMIT ${copies});\n`
  );
}

/** Inserts a source row (a missing row); target-only columns take their defaults, the tenant column its value. */
export function insertRowSql(table: RepairTable, fields: readonly Field[]): string {
  const columns = [...table.keyColumns, ...table.valueColumns];
  const names = columns.map((column) => quoteIdent(column.name));
  const values = columns.map((column, index) => typedLiteral(fields[index] ?? null, column.type));
  if (table.tenant !== undefined) {
    names.push(quoteIdent(table.tenant.column.name));
    values.push(typedLiteral(table.tenant.value, table.tenant.column.type));
  }
  const overriding = table.overriding ? ' OVERRIDING SYSTEM VALUE' : '';
  return `INSERT INTO ${table.target} (${names.join(', ')})${overriding} VALUES (${values.join(', ')});\n`;
}

/** Sets the changed columns of a row (by the indexes of the plan's value columns) to the source's values. */
export function updateRowSql(table: RepairTable, source: readonly Field[], changed: readonly number[]): string {
  const keyLength = table.keyColumns.length;
  const assignments = changed.map((index) => {
    const column = table.valueColumns[index]!;
    return `${quoteIdent(column.name)} = ${typedLiteral(source[keyLength + index] ?? null, column.type)}`;
  });
  return `UPDATE ${table.target} SET ${assignments.join(', ')} WHERE ${keyCondition(table, source)};\n`;
}

/**
 * Advances a sequence past its column's maximum as the table stands after the repair, and only when it lags:
 * run again, or after the rows changed, it does no harm.
 */
export function setvalSql(
  sequence: { readonly schema: string; readonly name: string },
  table: string,
  column: string,
): string {
  const name = qualifiedName(sequence.schema, sequence.name);
  return (
    `SELECT setval(${quoteLiteral(name)}, found.m) FROM (SELECT max(${quoteIdent(column)}) AS m FROM ${table}) AS found,` +
    ` ${name} AS seq WHERE found.m >= seq.last_value;\n`
  );
}

/** An SQL comment of any text: every line of it commented. */
export function sqlComment(text: string): string {
  return `${text
    .split('\n')
    .map((line) => `-- ${line}`)
    .join('\n')}\n`;
}
