import type { Column, Table } from '../catalog/types.js';
import type { Side } from '../summary.js';
import { canonicalText, keyKindOf, keyOrderExpression, keyParamType, type KeyKind } from './canonical.js';
import { hashField } from './row-hash.js';
import { qualifiedName, quoteIdent } from './sql.js';

/** The SQL fragments that read one side of a matched table in canonical form. */
export interface SideSql {
  readonly side: Side;
  /** `"schema"."table" AS r`: every column reference is qualified with the alias. */
  readonly from: string;
  /** The user's row filter for this side, spliced as SQL by design (it runs in a read-only transaction). */
  readonly where: string | undefined;
  /** Canonical text of each key column, in key order. */
  readonly keyText: readonly string[];
  /** Expressions to ORDER BY and range-compare the key with, in key order. */
  readonly keyOrder: readonly string[];
  /** Canonical text of each compared non-key column. */
  readonly valueText: readonly string[];
  /** The fields of the row hash, key first: native values where both servers hash them alike, else canonical text. */
  readonly hashFields: readonly string[];
}

/** How one table is compared: which columns, which key, and the SQL of each side. */
export interface TablePlan {
  readonly name: string;
  /** Columns rows are matched on; for a keyless table every compared column (multiset comparison). */
  readonly keyColumns: readonly string[];
  readonly keyed: boolean;
  readonly keyKinds: readonly KeyKind[];
  /** SQL types key bounds are cast to, per key column. */
  readonly keyParamTypes: readonly string[];
  /** Compared columns that are not part of the key. */
  readonly valueColumns: readonly string[];
  readonly sourceOnly: readonly string[];
  readonly targetOnly: readonly string[];
  readonly estimatedRows: number;
  /** Row hashes use hash_record_extended over native values (else a hash of the row's canonical text). */
  readonly nativeHash: boolean;
  readonly source: SideSql;
  readonly target: SideSql;
}

/**
 * Every column is referenced through this table alias: a bare name in ORDER BY would otherwise bind to
 * the output column of the same name (its canonical text) and sort 10 before 9.
 */
const ROW_ALIAS = 'r';

function columnRef(name: string): string {
  return `${ROW_ALIAS}.${quoteIdent(name)}`;
}

/** Filters and server facts planning needs per side. */
export interface SideContext {
  readonly where: string | undefined;
  readonly serverVersion: number;
  /** Both servers have hash_record_extended and hash the probe row alike (see plan/row-hash.ts). */
  readonly nativeHash: boolean;
}

/** Plans the comparison of a table present on both sides. */
export function planTable(source: Table, target: Table, contexts: Record<Side, SideContext>): TablePlan {
  const targetColumns = new Map(target.columns.map((column) => [column.name, column]));
  const sourceColumns = new Map(source.columns.map((column) => [column.name, column]));
  const shared = source.columns.filter((column) => targetColumns.has(column.name)).map((column) => column.name);
  const key = chooseKey(source, target, new Set(shared));
  const keyColumns = key ?? shared;
  const keySet = new Set(keyColumns);
  const valueColumns = key === null ? [] : shared.filter((name) => !keySet.has(name));
  const nativeHash = contexts.source.nativeHash && contexts.target.nativeHash;
  const keyKinds = keyColumns.map((name) => (key === null ? 'canonical' : keyKindOf(sourceColumns.get(name)!, targetColumns.get(name)!)));
  const sideSql = (side: Side, table: Table, own: Map<string, Column>, peer: Map<string, Column>): SideSql => {
    const text = (name: string): string => canonicalText(own.get(name)!, peer.get(name), columnRef(name), contexts[side].serverVersion);
    return {
      side,
      from: `${qualifiedName(table.schema, table.name)} AS ${ROW_ALIAS}`,
      where: contexts[side].where,
      keyText: keyColumns.map(text),
      keyOrder: keyColumns.map((name, index) => keyOrderExpression(keyKinds[index]!, columnRef(name), text(name))),
      valueText: valueColumns.map(text),
      hashFields: [...keyColumns, ...valueColumns].map((name) =>
        hashField(own.get(name)!, peer.get(name)!, columnRef(name), text(name), nativeHash)),
    };
  };
  return {
    name: source.name,
    keyColumns,
    keyed: key !== null,
    keyKinds,
    keyParamTypes: keyKinds.map(keyParamType),
    valueColumns,
    sourceOnly: source.columns.filter((column) => !targetColumns.has(column.name)).map((column) => column.name),
    targetOnly: target.columns.filter((column) => !sourceColumns.has(column.name)).map((column) => column.name),
    estimatedRows: Math.max(source.estimatedRows, target.estimatedRows),
    nativeHash,
    source: sideSql('source', source, sourceColumns, targetColumns),
    target: sideSql('target', target, targetColumns, sourceColumns),
  };
}

/** The source's best key whose columns the target also has, else the target's, else none (multiset). */
function chooseKey(source: Table, target: Table, shared: Set<string>): readonly string[] | null {
  const usable = (table: Table) => table.keys.find((key) => key.columns.every((name) => shared.has(name)));
  return (usable(source) ?? usable(target))?.columns ?? null;
}
