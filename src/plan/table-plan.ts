import type { Column, Table, UniqueKey } from '../catalog/types.js';
import type { Side } from '../summary.js';
import {
  canonicalText,
  copyField,
  keyKindOf,
  readsAsUtc,
  keyOrderExpression,
  keyParamType,
  type KeyKind,
} from './canonical.js';
import { SAME_NAMES, type ColumnRules } from './match-rules.js';
import type { HashFunctions } from '../catalog/hash-functions.js';
import { hashField } from './row-hash.js';
import { qualifiedName, quoteIdent } from '../sql.js';

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
  /** What COPY selects for the key then the value columns: canonical once COPY prints it (see copyField). */
  readonly copyFields: readonly string[];
  /** The terms of the row hash, key first: native values where both servers hash them alike, else canonical text. */
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
  /** Compared columns that are timestamp on one side and timestamptz on the other: the timestamp is read as UTC. */
  readonly readAsUtc: readonly string[];
  /** Per value column: both sides hold json or jsonb, whose texts are equal up to the scale of numbers. */
  readonly jsonValues: readonly boolean[];
  readonly sourceOnly: readonly string[];
  readonly targetOnly: readonly string[];
  /** Compared columns whose target column has another name: source name -> target name. */
  readonly renamed: ReadonlyMap<string, string>;
  /** Columns of either side left out by the rules. */
  readonly ignored: readonly string[];
  readonly estimatedRows: number;
  readonly source: SideSql;
  readonly target: SideSql;
}

/**
 * Every column is referenced through this table alias: a bare name in ORDER BY would otherwise bind to
 * the output column of the same name (its canonical text) and sort 10 before 9.
 */
const ROW_ALIAS = 'r';
const JSON_TYPES = new Set(['json', 'jsonb']);

function columnRef(name: string): string {
  return `${ROW_ALIAS}.${quoteIdent(name)}`;
}

/** The filter and the native hash functions planning needs per side. */
export interface SideContext {
  readonly where: string | undefined;
  /** This server's hash function per type, for the types both servers hash alike (see catalog/hash-functions.ts). */
  readonly hashFunctions: HashFunctions;
}

/**
 * Plans the comparison of a table present on both sides. Columns are compared by name unless `rules` map a
 * source column onto another target name; ignored columns leave the comparison on both sides. Column names
 * in the plan (key, values, source-only) are the source's; target-only columns keep the target's.
 */
export function planTable(
  source: Table,
  target: Table,
  contexts: Record<Side, SideContext>,
  rules: ColumnRules = SAME_NAMES,
): TablePlan {
  const kept = (column: Column) => !rules.ignored.has(column.name);
  const targetColumns = new Map(target.columns.filter(kept).map((column) => [column.name, column]));
  const sourceColumns = new Map(source.columns.filter(kept).map((column) => [column.name, column]));
  // A target name a rename claims is no longer matched by name: `mail=email` leaves a source `email` unmatched.
  const claimed = new Set(rules.renamed.values());
  const targetNameOf = (name: string): string | undefined =>
    rules.renamed.get(name) ?? (claimed.has(name) ? undefined : name);
  const matched = new Map<string, Column>();
  for (const name of sourceColumns.keys()) {
    const targetName = targetNameOf(name);
    const peer = targetName === undefined ? undefined : targetColumns.get(targetName);
    if (peer !== undefined) matched.set(name, peer);
  }
  const matchedTargets = new Set([...matched.values()].map((column) => column.name));
  const sourceNameOf = new Map([...matched].map(([name, column]) => [column.name, name]));
  const shared = [...matched.keys()];
  // The target's keys in source names; a key over a column without a source peer cannot match rows.
  const targetKeys = target.keys
    .filter((unique) => unique.columns.every((name) => sourceNameOf.has(name)))
    .map((unique) => ({ ...unique, columns: unique.columns.map((name) => sourceNameOf.get(name)!) }));
  const key = chooseKey(source.keys, targetKeys, new Set(shared));
  const keyColumns = key ?? shared;
  const keySet = new Set(keyColumns);
  const valueColumns = key === null ? [] : shared.filter((name) => !keySet.has(name));
  const columnOf: Record<Side, (name: string) => Column> = {
    source: (name) => sourceColumns.get(name)!,
    target: (name) => matched.get(name)!,
  };
  const keyKinds = keyColumns.map((name) =>
    key === null ? 'canonical' : keyKindOf(columnOf.source(name), columnOf.target(name)),
  );
  const sideSql = (side: Side, table: Table): SideSql => {
    const peerSide: Side = side === 'source' ? 'target' : 'source';
    const ref = (name: string): string => columnRef(columnOf[side](name).name);
    const text = (name: string): string => canonicalText(columnOf[side](name), columnOf[peerSide](name), ref(name));
    return {
      side,
      from: `${qualifiedName(table.schema, table.name)} AS ${ROW_ALIAS}`,
      where: contexts[side].where,
      keyText: keyColumns.map(text),
      keyOrder: keyColumns.map((name, index) => keyOrderExpression(keyKinds[index]!, ref(name), text(name))),
      valueText: valueColumns.map(text),
      copyFields: [...keyColumns, ...valueColumns].map((name) =>
        copyField(columnOf[side](name), columnOf[peerSide](name), ref(name), text(name)),
      ),
      hashFields: [...keyColumns, ...valueColumns].map((name, position) =>
        hashField(
          columnOf[side](name),
          columnOf[peerSide](name),
          ref(name),
          text(name),
          contexts[side].hashFunctions,
          position,
        ),
      ),
    };
  };
  return {
    name: source.name,
    keyColumns,
    keyed: key !== null,
    keyKinds,
    keyParamTypes: keyKinds.map(keyParamType),
    valueColumns,
    readAsUtc: shared.filter((name) => readsAsUtc(columnOf.source(name), columnOf.target(name))),
    jsonValues: valueColumns.map(
      (name) => JSON_TYPES.has(columnOf.source(name).baseType) && JSON_TYPES.has(columnOf.target(name).baseType),
    ),
    sourceOnly: [...sourceColumns.keys()].filter((name) => !matched.has(name)),
    targetOnly: [...targetColumns.keys()].filter((name) => !matchedTargets.has(name)),
    renamed: new Map(
      shared.filter((name) => matched.get(name)!.name !== name).map((name) => [name, matched.get(name)!.name]),
    ),
    ignored: [
      ...new Set(
        [...source.columns, ...target.columns].map((column) => column.name).filter((name) => rules.ignored.has(name)),
      ),
    ],
    estimatedRows: estimateRows(source, target, contexts),
    source: sideSql('source', source),
    target: sideSql('target', target),
  };
}

/**
 * The rows the comparison expects per side, from the planner's statistics. A filtered side's statistics count
 * the whole table, not the rows its filter keeps (one store's rows of a shared table): the unfiltered side's
 * estimate is the better one when there is one. A wrong estimate costs time only (fast.ts cuts again by the
 * real count).
 */
function estimateRows(source: Table, target: Table, contexts: Record<Side, SideContext>): number {
  const tables: Record<Side, Table> = { source, target };
  const sides = (['source', 'target'] as const).filter((side) => contexts[side].where === undefined);
  return Math.max(
    ...(sides.length > 0 ? sides : (['source', 'target'] as const)).map((side) => tables[side].estimatedRows),
  );
}

/** The source's best key whose columns are all compared, else the target's (in source names), else none (multiset). */
function chooseKey(
  sourceKeys: readonly UniqueKey[],
  targetKeys: readonly UniqueKey[],
  shared: Set<string>,
): readonly string[] | null {
  const usable = (keys: readonly UniqueKey[]) => keys.find((key) => key.columns.every((name) => shared.has(name)));
  return (usable(sourceKeys) ?? usable(targetKeys))?.columns ?? null;
}
