import type { Column, Table } from '../catalog/types.js';
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
import { hashField, textHashField } from './row-hash.js';
import { matchColumns } from './column-match.js';
import { truncatedTimeSql } from './time-precision.js';
import type { Tolerance } from './tolerance.js';
import { applyValueRules, type AppliedValueRules } from './value-rules.js';
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
  /** Per value column: its tolerance (--tolerance), applied by the merge's row rule. */
  readonly valueTolerances: readonly (Tolerance | undefined)[];
  /** The tolerances and time precisions applied, by source column name, for the reports. */
  readonly valueRules: AppliedValueRules;
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

/** A column of the plan's table as its SQL (`from`, `where`, the fields) names it. */
export function columnRef(name: string): string {
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
  const { sourceColumns, targetColumns, matched, key } = matchColumns(source, target, rules);
  const matchedTargets = new Set([...matched.values()].map((column) => column.name));
  const shared = [...matched.keys()];
  const keyColumns = key ?? shared;
  const keySet = new Set(keyColumns);
  const valueColumns = key === null ? [] : shared.filter((name) => !keySet.has(name));
  const valueRules = applyValueRules(source.name, rules, { sourceColumns, targetColumns, matched, key });
  const columnOf: Record<Side, (name: string) => Column> = {
    source: (name) => sourceColumns.get(name)!,
    target: (name) => matched.get(name)!,
  };
  const keyKinds = keyColumns.map((name) =>
    key === null ? 'canonical' : keyKindOf(columnOf.source(name), columnOf.target(name)),
  );
  const sideSql = (side: Side, table: Table): SideSql => {
    const peerSide: Side = side === 'source' ? 'target' : 'source';
    const ref = (name: string): string => {
      const unit = valueRules.timePrecision.get(name);
      const column = columnOf[side](name);
      return unit === undefined
        ? columnRef(column.name)
        : truncatedTimeSql(column.baseType, columnRef(column.name), unit);
    };
    const text = (name: string): string => canonicalText(columnOf[side](name), columnOf[peerSide](name), ref(name));
    const fields = [...keyColumns, ...valueColumns];
    // Each field is built when first read: a table checksummed whole reads only from, where and hashFields.
    const keyText = once(() => keyColumns.map(text));
    const keyOrder = once(() =>
      keyColumns.map((name, index) => keyOrderExpression(keyKinds[index]!, ref(name), text(name))),
    );
    const valueText = once(() => valueColumns.map(text));
    const copyFields = once(() =>
      fields.map((name) => copyField(columnOf[side](name), columnOf[peerSide](name), ref(name), text(name))),
    );
    const hashFields = once(() =>
      fields.map((name, position) => {
        const tolerance = valueRules.tolerances.get(name);
        if (tolerance !== undefined)
          return textHashField(tolerance.gridSql(columnOf[side](name).baseType, ref(name), text(name)), position);
        return hashField(
          columnOf[side](name),
          columnOf[peerSide](name),
          ref(name),
          () => text(name),
          contexts[side].hashFunctions,
          position,
        );
      }),
    );
    return {
      side,
      from: `${qualifiedName(table.schema, table.name)} AS ${ROW_ALIAS}`,
      where: contexts[side].where,
      get keyText() {
        return keyText();
      },
      get keyOrder() {
        return keyOrder();
      },
      get valueText() {
        return valueText();
      },
      get copyFields() {
        return copyFields();
      },
      get hashFields() {
        return hashFields();
      },
    };
  };
  // Each side's SQL is built when first read: a --structure-only run plans every table and reads none of it.
  const sourceSql = once(() => sideSql('source', source));
  const targetSql = once(() => sideSql('target', target));
  return {
    get source() {
      return sourceSql();
    },
    get target() {
      return targetSql();
    },
    name: source.name,
    keyColumns,
    keyed: key !== null,
    keyKinds,
    keyParamTypes: keyKinds.map(keyParamType),
    valueColumns,
    readAsUtc: shared.filter((name) => readsAsUtc(columnOf.source(name), columnOf.target(name))),
    valueTolerances: valueColumns.map((name) => valueRules.tolerances.get(name)),
    valueRules,
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
  };
}

/** `make`'s value, made on the first call and kept. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
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
